"""participants.selectors: what each role reads, searched and filtered in the database."""

import datetime as dt

import pytest
from django.utils import timezone

from participants import selectors
from tests.factories import (
    BankFactory,
    BusinessFactory,
    EnrollmentFactory,
    ExhibitionEntryFactory,
    LoanReferralFactory,
    MembershipFactory,
    ParticipantFactory,
    kecamatan,
    kelurahan_of,
)

pytestmark = pytest.mark.django_db


def listed(user, **filters) -> list[str]:
    return [p.name for p in selectors.participant_list(user=user, **filters)]


def test_a_field_officer_reads_only_their_kecamatan(petugas_pamulang):
    ParticipantFactory(name="Ciputat", kelurahan=kelurahan_of("Ciputat"))
    ParticipantFactory(name="Pamulang", kelurahan=kelurahan_of("Pamulang"))
    assert listed(petugas_pamulang) == ["Pamulang"]
    assert listed(petugas_pamulang, kecamatan=kecamatan("Ciputat")) == []


def test_a_bank_liaison_reads_each_referred_participant_once(bank_bri, bri):
    p = ParticipantFactory(name="Dua rujukan")
    LoanReferralFactory(participant=p, bank=bri)
    LoanReferralFactory(participant=p, bank=bri)
    LoanReferralFactory(participant=ParticipantFactory(name="Bank lain"))
    assert listed(bank_bri) == ["Dua rujukan"]


def test_nik_prefix_search_is_for_roles_that_see_full_niks(staf, pimpinan):
    ParticipantFactory(name="A", nik="3674011508900001", sex="L", birth_date=dt.date(1990, 8, 15))
    assert listed(staf, q="36740115") == ["A"]
    assert listed(pimpinan, q="36740115") == []
    assert listed(pimpinan, q="3674011508900001") == ["A"]


def test_a_kelurahan_filter_narrows_a_kecamatan_filter(staf):
    first, second = kecamatan("Setu").kelurahan.order_by("code")[:2]
    ParticipantFactory(name="Satu", kelurahan=first)
    ParticipantFactory(name="Dua", kelurahan=second)
    assert listed(staf, kecamatan=kecamatan("Setu")) == ["Dua", "Satu"]
    assert listed(staf, kecamatan=kecamatan("Setu"), kelurahan=second) == ["Dua"]


def test_real_entrepreneurs_are_those_whose_business_ran_at_the_last_visit_within_a_year(staf):
    today = timezone.localdate()
    member = ParticipantFactory(name="Anggota KUB berjalan")
    group = MembershipFactory(participant=member).group
    BusinessFactory(group=group, last_visit_status="running", last_visited_on=today - dt.timedelta(days=30))
    stale = ParticipantFactory(name="Kunjungan lama")
    BusinessFactory(
        owner_participant=stale, last_visit_status="running", last_visited_on=today - dt.timedelta(days=400)
    )
    former = ParticipantFactory(name="Mantan anggota")
    MembershipFactory(participant=former, group=group, joined_on=dt.date(2025, 1, 1), left_on=dt.date(2025, 2, 1))
    closed = ParticipantFactory(name="Usaha tutup")
    BusinessFactory(owner_participant=closed, last_visit_status="closed", last_visited_on=today)
    assert listed(staf, status=selectors.STATUS_REAL) == ["Anggota KUB berjalan"]


def test_status_flags_are_set_on_the_rows_of_a_page(staf):
    p = ParticipantFactory(name="A")
    EnrollmentFactory(participant=p, completed=True)
    MembershipFactory(participant=p)
    q = ParticipantFactory(name="B")
    rows = selectors.participant_flags(list(selectors.participant_list(user=staf)))
    assert [(r.completed, r.in_kub, r.is_real) for r in rows] == [(True, True, False), (False, False, False)]
    assert rows[1] == q


def test_the_profile_leaves_out_what_a_field_officer_may_not_see(petugas_ciputat):
    p = ParticipantFactory()
    group = MembershipFactory(participant=p).group
    entry = ExhibitionEntryFactory(group=group)
    LoanReferralFactory(participant=p)
    profile = selectors.participant_profile(user=petugas_ciputat, participant=p)
    assert [m.group for m in profile.memberships] == [group]
    # Officers see exhibitions (they record the sales at the booth), never loan referrals.
    assert list(profile.exhibition_entries) == [entry]
    assert profile.referrals is None and profile.referral_count is None
    assert profile.outcome is not None


def test_the_profile_gives_leadership_a_count_of_referrals_only(pimpinan):
    p = ParticipantFactory()
    LoanReferralFactory(participant=p)
    LoanReferralFactory(participant=p)
    profile = selectors.participant_profile(user=pimpinan, participant=p)
    assert profile.referrals is None
    assert profile.referral_count == 2


def test_the_profile_gives_a_bank_liaison_their_banks_referrals_only(bank_bri, bri):
    p = ParticipantFactory()
    mine = LoanReferralFactory(participant=p, bank=bri)
    LoanReferralFactory(participant=p, bank=BankFactory(short_name="BJB"))
    profile = selectors.participant_profile(user=bank_bri, participant=p)
    assert profile.referrals == [mine]
    assert profile.memberships is None and profile.businesses is None


def test_the_profile_lists_the_current_membership_first(staf):
    p = ParticipantFactory()
    MembershipFactory(participant=p, joined_on=dt.date(2024, 1, 1), left_on=dt.date(2024, 6, 1))
    current = MembershipFactory(participant=p, joined_on=dt.date(2023, 1, 1))
    profile = selectors.participant_profile(user=staf, participant=p)
    assert profile.memberships[0] == current
    assert profile.current_membership == current
