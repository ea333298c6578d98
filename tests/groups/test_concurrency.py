"""KUB rules under real concurrency on PostgreSQL: two requests at the same moment
must not make an eleventh member, nor put one person into two KUBs."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from groups.models import BusinessGroup, Membership
from groups.services import group_add_member, group_hand_over_ketua, group_refresh_status
from tests.conftest import need
from tests.factories import BusinessGroupFactory, EnrollmentFactory, MembershipFactory, ParticipantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5


@pytest.fixture(autouse=True)
def _postgres_only():
    need(connection.vendor == "postgresql", "the race tests need PostgreSQL (set DATABASE_URL)")


def trained():
    participant = ParticipantFactory()
    EnrollmentFactory(participant=participant, completed=True)
    return participant


def at_the_same_moment(*calls):
    """Run each call in its own thread, released together by a barrier; return what each
    returned or raised. Every thread closes its own database connection."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # the test inspects what each call raised
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung: a lock was never released"
    return outcomes


def adder(group_pk, participant, user):
    return lambda: group_add_member(group=BusinessGroup.objects.get(pk=group_pk), participant=participant, user=user)


def kub_with_members(count):
    group = BusinessGroupFactory()
    for _ in range(count):
        MembershipFactory(group=group, participant=trained())
    return group_refresh_status(group=group)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_requests_for_the_last_place_make_ten_members_never_eleven(staf, round_):
    group = kub_with_members(9)
    first, second = trained(), trained()

    outcomes = at_the_same_moment(adder(group.pk, first, staf), adder(group.pk, second, staf))

    won = [o for o in outcomes if isinstance(o, Membership)]
    lost = [o for o in outcomes if not isinstance(o, Membership)]
    assert len(won) == 1, outcomes
    assert len(lost) == 1 and isinstance(lost[0], ValidationError), outcomes
    assert lost[0].code == "group_full"
    group.refresh_from_db()
    assert group.memberships.filter(left_on__isnull=True).count() == 10
    assert (group.active_member_count, group.status) == (10, BusinessGroup.Status.ACTIVE)


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_one_person_added_to_two_kubs_at_the_same_moment_joins_only_one(staf, round_):
    north, south = kub_with_members(3), kub_with_members(3)
    participant = trained()

    outcomes = at_the_same_moment(adder(north.pk, participant, staf), adder(south.pk, participant, staf))

    won = [o for o in outcomes if isinstance(o, Membership)]
    lost = [o for o in outcomes if not isinstance(o, Membership)]
    assert len(won) == 1, outcomes
    assert len(lost) == 1 and isinstance(lost[0], ValidationError), outcomes
    assert lost[0].code in ("already_member", "conflict")
    assert Membership.objects.filter(participant=participant, left_on__isnull=True).count() == 1
    counts = sorted(BusinessGroup.objects.filter(pk__in=[north.pk, south.pk]).values_list("active_member_count"))
    assert counts == [(3,), (4,)]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_ketua_at_the_same_moment_leave_one_ketua(staf, round_):
    group = kub_with_members(2)
    add_ketua = [
        lambda p=p: group_add_member(
            group=BusinessGroup.objects.get(pk=group.pk), participant=p, user=staf, role=Membership.Role.KETUA
        )
        for p in (trained(), trained())
    ]

    outcomes = at_the_same_moment(*add_ketua)

    assert sum(isinstance(o, Membership) for o in outcomes) == 1, outcomes
    assert group.memberships.filter(role=Membership.Role.KETUA, left_on__isnull=True).count() == 1


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_ketua_handovers_at_the_same_moment_run_one_after_the_other(staf, round_):
    group = kub_with_members(0)
    ketua = MembershipFactory(group=group, participant=trained(), role=Membership.Role.KETUA)
    first, second = (MembershipFactory(group=group, participant=trained()) for _ in range(2))

    def hand_over(membership):
        return lambda: group_hand_over_ketua(
            group=BusinessGroup.objects.get(pk=group.pk), membership=membership, user=staf
        )

    outcomes = at_the_same_moment(hand_over(first), hand_over(second))

    assert not any(isinstance(o, Exception) for o in outcomes), outcomes
    ketuas = list(group.memberships.filter(role=Membership.Role.KETUA, left_on__isnull=True))
    assert len(ketuas) == 1 and ketuas[0].pk in (first.pk, second.pk)
    # The later handover saw the earlier one: its "previous" is the ketua the earlier one made.
    previous = {o.previous.pk for o in outcomes}
    assert previous == {ketua.pk, ({first.pk, second.pk} - {ketuas[0].pk}).pop()}
    ketua.refresh_from_db()
    assert ketua.role == Membership.Role.ANGGOTA
