"""The real-entrepreneur rule: an active KUB member, or a business owner, whose latest
inventory visit in the last 12 months found the business running."""

import datetime as dt

import pytest
from django.utils import timezone

from inventory.models import Business
from inventory.services import visit_record
from participants.models import Participant
from participants.outcomes import participant_outcome, real_entrepreneur_q
from tests.factories import BusinessFactory, BusinessGroupFactory, MembershipFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db

RUNNING = Business.VisitStatus.RUNNING
NOT_RUNNING = Business.VisitStatus.NOT_RUNNING


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def officer(db):
    return UserFactory(username="petugas.uji")


@pytest.fixture
def visit(officer):
    def record(business, days_ago, status=RUNNING, *, today):
        return visit_record(
            business=business, officer=officer, visited_on=today - dt.timedelta(days=days_ago), status=status
        )

    return record


def kub_member(*, left_on=None):
    """A participant in a KUB that has a business of its own."""
    member = ParticipantFactory()
    group = BusinessGroupFactory()
    MembershipFactory(group=group, participant=member, joined_on=dt.date(2024, 1, 1), left_on=left_on)
    business = BusinessFactory(group=group, name=f"Usaha {group.name}")
    return member, business


def is_real_in_sql(participant, today) -> bool:
    return Participant.objects.filter(real_entrepreneur_q(today=today), pk=participant.pk).exists()


def test_an_active_member_whose_kub_business_ran_last_month_is_a_real_entrepreneur(visit, today):
    member, business = kub_member()
    visit(business, 30, today=today)

    outcome = participant_outcome(member, today=today)
    assert outcome.is_real
    assert outcome.business == business
    assert "usaha KUB" in outcome.reason
    assert "ditemukan berjalan" in outcome.reason
    assert is_real_in_sql(member, today)


def test_a_visit_within_twelve_months_counts(visit, today):
    member, business = kub_member()
    visit(business, 360, today=today)
    assert participant_outcome(member, today=today).is_real
    assert is_real_in_sql(member, today)


def test_a_running_visit_thirteen_months_ago_does_not_count(visit, today):
    member, business = kub_member()
    visit(business, 395, today=today)

    outcome = participant_outcome(member, today=today)
    assert not outcome.is_real
    assert "lebih dari 12 bulan" in outcome.reason
    assert not is_real_in_sql(member, today)


def test_the_latest_visit_decides_even_if_an_older_one_found_the_business_running(visit, today):
    member, business = kub_member()
    visit(business, 90, RUNNING, today=today)
    visit(business, 10, NOT_RUNNING, today=today)

    outcome = participant_outcome(member, today=today)
    assert not outcome.is_real
    assert "tidak berjalan" in outcome.reason
    assert not is_real_in_sql(member, today)


def test_an_older_visit_entered_later_does_not_hide_the_latest(visit, today):
    member, business = kub_member()
    visit(business, 10, NOT_RUNNING, today=today)
    visit(business, 90, RUNNING, today=today)

    assert not participant_outcome(member, today=today).is_real
    assert not is_real_in_sql(member, today)


def test_a_member_who_left_the_kub_is_not_a_real_entrepreneur_through_it(visit, today):
    member, business = kub_member(left_on=today - dt.timedelta(days=5))
    visit(business, 30, today=today)

    outcome = participant_outcome(member, today=today)
    assert not outcome.is_real
    assert "belum menjadi anggota aktif KUB" in outcome.reason
    assert not is_real_in_sql(member, today)


def test_a_participant_owning_a_running_business_is_a_real_entrepreneur(visit, today):
    owner = ParticipantFactory()
    business = BusinessFactory(owner_participant=owner, name="Kaligrafi Cangkang Telur Bu Siti")
    visit(business, 45, today=today)

    outcome = participant_outcome(owner, today=today)
    assert outcome.is_real
    assert "usahanya sendiri" in outcome.reason
    assert "Kaligrafi Cangkang Telur Bu Siti" in outcome.reason
    assert is_real_in_sql(owner, today)


def test_a_participant_with_neither_kub_nor_business_is_not(today):
    outcome = participant_outcome(ParticipantFactory(), today=today)
    assert not outcome.is_real
    assert "tidak tercatat memiliki usaha" in outcome.reason


def test_a_member_of_a_kub_without_a_business_is_not(today):
    member = ParticipantFactory()
    MembershipFactory(participant=member)
    outcome = participant_outcome(member, today=today)
    assert not outcome.is_real
    assert "belum memiliki usaha" in outcome.reason


def test_a_business_never_visited_does_not_count(today):
    owner = ParticipantFactory()
    BusinessFactory(owner_participant=owner, name="Bunga Handuk")
    outcome = participant_outcome(owner, today=today)
    assert not outcome.is_real
    assert "belum pernah dikunjungi" in outcome.reason


def test_the_reason_names_the_latest_visit_not_a_business_never_visited(visit, today):
    member, kub_business = kub_member()
    BusinessFactory(owner_participant=member, name="Belum Dikunjungi")
    visit(kub_business, 20, NOT_RUNNING, today=today)

    outcome = participant_outcome(member, today=today)
    assert not outcome.is_real
    assert outcome.business == kub_business
    assert "tidak berjalan" in outcome.reason


def test_the_database_filter_agrees_with_the_explanation_on_a_mixed_set(visit, today):
    real_member, running_kub = kub_member()
    visit(running_kub, 30, today=today)

    stale_member, stale_kub = kub_member()
    visit(stale_kub, 400, today=today)

    stopped_member, stopped_kub = kub_member()
    visit(stopped_kub, 200, RUNNING, today=today)
    visit(stopped_kub, 20, NOT_RUNNING, today=today)

    left_member, left_kub = kub_member(left_on=today - dt.timedelta(days=60))
    visit(left_kub, 30, today=today)

    # A second member of the running KUB is real too; two members must not double a row.
    fellow = ParticipantFactory()
    MembershipFactory(group=running_kub.group, participant=fellow)

    owner = ParticipantFactory()
    visit(BusinessFactory(owner_participant=owner), 100, today=today)

    closed_owner = ParticipantFactory()
    visit(BusinessFactory(owner_participant=closed_owner), 5, Business.VisitStatus.CLOSED, today=today)

    # Owns a stopped business but is in a running KUB: real.
    both = ParticipantFactory()
    MembershipFactory(group=running_kub.group, participant=both, role="ketua")
    visit(BusinessFactory(owner_participant=both), 3, NOT_RUNNING, today=today)

    nobody = ParticipantFactory()

    everyone = [real_member, stale_member, stopped_member, left_member, fellow, owner, closed_owner, both, nobody]
    expected = {p.pk for p in everyone if participant_outcome(p, today=today).is_real}
    assert expected == {real_member.pk, fellow.pk, owner.pk, both.pk}

    in_sql = list(Participant.objects.filter(real_entrepreneur_q(today=today)).values_list("pk", flat=True))
    assert sorted(in_sql) == sorted(expected)
