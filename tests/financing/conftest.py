"""Referrals of several kinds, each with amounts that are easy to look for in a page."""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from financing.models import ReferralStatus
from financing.services import referral_create, referral_transition
from tests import factories

S = ReferralStatus


def walk(referral, steps, user, **amounts):
    for step in steps:
        kwargs = {}
        if step == S.APPROVED:
            kwargs["amount_approved"] = amounts.get("approved", Decimal("4000000"))
        if step == S.DISBURSED:
            kwargs["amount_disbursed"] = amounts.get("disbursed")
        if step == S.REJECTED:
            kwargs["note"] = "Usaha belum berjalan 6 bulan."
        referral = referral_transition(referral=referral, to_status=step, user=user, **kwargs)
    return referral


SENT = [S.REFERRED]
TO_REVIEW = [S.REFERRED, S.DOCUMENTS_COMPLETE, S.UNDER_REVIEW]


@pytest.fixture
def loans(db, bri, staf):
    """Referrals to BRI (sent, under review, approved, a KUB's, a draft) and one to BNI."""
    w = SimpleNamespace(bri=bri, bni=factories.BankFactory(short_name="BNI", name="Bank Negara Indonesia"))

    def refer(name, amount, *, bank=bri, steps=SENT, group=None, **amounts):
        participant = None
        if group is None:
            participant = factories.ParticipantFactory(
                name=name,
                sex="P",
                birth_date=dt.date(1988, 3, 7),
                nik=factories.make_nik(birth_date=dt.date(1988, 3, 7), sex="P", serial=amount % 9999),
                phone="+6281377778888",
                kelurahan=factories.kelurahan_of("Ciputat"),
            )
        referral = referral_create(
            bank=bank,
            purpose=f"Modal {name}",
            amount_requested=Decimal(amount),
            user=staf,
            participant=participant,
            group=group,
        )
        return walk(referral, steps, staf, **amounts)

    w.sent = refer("Sari Satu", 7_350_000)
    w.review = refer("Rina Dua", 8_450_000, steps=TO_REVIEW)
    w.approved = refer("Ani Tiga", 9_150_000, steps=[*TO_REVIEW, S.APPROVED], approved=Decimal(8_750_000))
    w.group = factories.BusinessGroupFactory(name="KUB Mawar Biru", kecamatan=factories.kecamatan("Ciputat"))
    w.members = [
        factories.MembershipFactory(group=w.group, participant=factories.ParticipantFactory(name=f"Anggota Mawar {i}"))
        for i in range(3)
    ]
    w.kub = refer("KUB Mawar Biru", 25_650_000, group=w.group)
    w.draft = refer("Dina Empat", 6_250_000, steps=[])
    w.other = refer("Oki Lima", 5_550_000, bank=w.bni)
    return w
