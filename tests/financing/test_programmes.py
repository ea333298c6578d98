"""Programmes are data: the KUR schemes of DOMAIN.md §2 come by migration, and a referral's
amount must lie in its programme's band."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from financing.models import DocumentKind, KurProgramme, ReferralStatus
from financing.selectors import document_checklist
from financing.services import referral_create, referral_transition
from tests import factories

pytestmark = pytest.mark.django_db

JUTA = Decimal(1_000_000)


def test_the_kur_schemes_have_domain_figures():
    schemes = {p.name: p for p in KurProgramme.objects.filter(bank=None)}
    assert (schemes["KUR Super Mikro"].loan_max, schemes["KUR Super Mikro"].interest_rate) == (10 * JUTA, 3)
    mikro = schemes["KUR Mikro"]
    assert (mikro.loan_min, mikro.loan_max, mikro.interest_rate) == (10 * JUTA + 1, 100 * JUTA, 6)
    assert "7%, 8%, 9%" in mikro.rate_note
    kecil = schemes["KUR Kecil"]
    assert (kecil.loan_min, kecil.loan_max) == (100 * JUTA + 1, 500 * JUTA)
    assert kecil.collateral_note == "agunan ditentukan oleh bank"
    khusus = schemes["KUR Khusus (klaster, termasuk IKM)"]
    assert (khusus.loan_max, khusus.interest_rate, khusus.per_member) == (500 * JUTA, 6, True)
    # DOMAIN.md gives no tenor: none is invented.
    assert all(p.tenor_max_months is None for p in schemes.values())


def test_npwp_and_bpjs_are_required_above_their_amounts():
    mikro = KurProgramme.objects.get(name="KUR Mikro")
    codes = lambda amount: {k.code for k in mikro.required_documents(amount)}  # noqa: E731
    assert "npwp" not in codes(50 * JUTA)
    assert "npwp" in codes(50 * JUTA + 1)
    assert "bpjs-tk" not in codes(100 * JUTA)
    assert {"ektp", "kk", "nib-sku"} <= codes(20 * JUTA)
    assert DocumentKind.objects.get(code="bpjs-tk").required_above == 100 * JUTA


def refer(staf, bri, amount, programme, **kwargs):
    return referral_create(
        bank=bri,
        purpose="Modal",
        amount_requested=Decimal(amount),
        user=staf,
        participant=factories.ParticipantFactory(),
        programme=programme,
        **kwargs,
    )


@pytest.mark.parametrize(
    ("name", "amount", "ok"),
    [
        ("KUR Super Mikro", 10 * JUTA, True),
        ("KUR Super Mikro", 10 * JUTA + 1, False),
        ("KUR Mikro", 10 * JUTA, False),
        ("KUR Mikro", 10 * JUTA + 1, True),
        ("KUR Mikro", 100 * JUTA, True),
        ("KUR Kecil", 100 * JUTA, False),
        ("KUR Kecil", 500 * JUTA, True),
        ("KUR Kecil", 500 * JUTA + 1, False),
    ],
)
def test_the_amount_must_lie_in_the_band(staf, bri, name, amount, ok):
    programme = KurProgramme.objects.get(name=name)
    if ok:
        assert refer(staf, bri, amount, programme).programme == programme
    else:
        with pytest.raises(ValidationError) as caught:
            refer(staf, bri, amount, programme)
        assert "harus antara" in caught.value.message_dict["amount_requested"][0]


def test_a_banks_own_product_is_refused_for_another_bank(staf, bri):
    bni = factories.BankFactory(short_name="BNI")
    own = KurProgramme.objects.create(bank=bni, name="Kredit Usaha BNI", is_kur=False, loan_min=1, loan_max=50 * JUTA)
    with pytest.raises(ValidationError) as caught:
        refer(staf, bri, 5 * JUTA, own)
    assert "bukan program BRI" in caught.value.message_dict["programme"][0]
    own.bank = bri
    own.save()
    assert refer(staf, bri, 5 * JUTA, own).programme == own


def test_an_inactive_programme_is_refused(staf, bri):
    programme = KurProgramme.objects.get(name="KUR Super Mikro")
    programme.active = False
    programme.save()
    with pytest.raises(ValidationError):
        refer(staf, bri, 5 * JUTA, programme)


def test_old_referrals_have_no_programme(staf, bri):
    referral = refer(staf, bri, 5 * JUTA, None)
    assert referral.programme is None
    # The checklist falls back to every document kind that applies to the amount.
    assert {i.kind.code for i in document_checklist(user=staf, referral=referral)} >= {"ektp", "kk"}


def test_the_bank_approves_with_a_programme_and_disburses_with_a_date(staf, bri, bank_bri):
    referral = refer(staf, bri, 30 * JUTA, KurProgramme.objects.get(name="KUR Mikro"))
    for step in (ReferralStatus.REFERRED, ReferralStatus.DOCUMENTS_COMPLETE):
        referral = referral_transition(referral=referral, to_status=step, user=staf)
    referral = referral_transition(referral=referral, to_status=ReferralStatus.UNDER_REVIEW, user=bank_bri)
    super_mikro = KurProgramme.objects.get(name="KUR Super Mikro")
    with pytest.raises(ValidationError):  # 20 juta is not a Super Mikro loan
        referral_transition(
            referral=referral,
            to_status=ReferralStatus.APPROVED,
            user=bank_bri,
            amount_approved=20 * JUTA,
            programme=super_mikro,
        )
    referral = referral_transition(
        referral=referral,
        to_status=ReferralStatus.APPROVED,
        user=bank_bri,
        amount_approved=8 * JUTA,
        programme=super_mikro,
    )
    assert referral.programme == super_mikro
    referral = referral_transition(
        referral=referral, to_status=ReferralStatus.DISBURSED, user=bank_bri, disbursed_on=dt.date(2026, 1, 5)
    )
    assert (referral.amount_disbursed, referral.disbursed_on) == (8 * JUTA, dt.date(2026, 1, 5))
