"""The kept real-entrepreneur status (Participant.real_until) on every write path of its inputs.

Each test writes the way some path does (a service, a plain ORM call, a queryset delete, a
cascade) and reads the kept value back from the database.
"""

import datetime as dt
import importlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from groups.models import BusinessGroup, Membership
from groups.services import group_remove_member
from inventory.models import Business, InventoryVisit
from inventory.services import visit_record
from participants.models import Participant
from participants.outcomes import real_entrepreneur_live_q, real_entrepreneur_q
from participants.real_status import participants_real_until_differences, participants_refresh_real_until
from tests.factories import (
    BusinessFactory,
    BusinessGroupFactory,
    EnrollmentFactory,
    MembershipFactory,
    ParticipantFactory,
    UserFactory,
)
from trainings.models import Enrollment

pytestmark = pytest.mark.django_db

RUNNING = InventoryVisit.Status.RUNNING
NOT_RUNNING = InventoryVisit.Status.NOT_RUNNING
WINDOW = dt.timedelta(days=365)


@pytest.fixture
def today():
    return timezone.localdate()


def kept(participant) -> dt.date | None:
    return Participant.objects.values_list("real_until", flat=True).get(pk=participant.pk)


def is_real(participant, today) -> bool:
    return Participant.objects.filter(real_entrepreneur_q(today=today), pk=participant.pk).exists()


def visit(business, on, status=RUNNING):
    return InventoryVisit.objects.create(business=business, visited_on=on, status=status)


def kub_with_business(*members):
    group = BusinessGroupFactory()
    for member in members:
        MembershipFactory(group=group, participant=member)
    return group, BusinessFactory(group=group)


def test_a_visit_created_with_the_orm_makes_the_owner_real_until_a_year_after_it(today):
    owner = ParticipantFactory()
    business = BusinessFactory(owner_participant=owner)
    assert kept(owner) is None

    visit(business, today - dt.timedelta(days=10))

    assert kept(owner) == today - dt.timedelta(days=10) + WINDOW
    assert is_real(owner, today)


def test_a_visit_ageing_past_the_window_ends_the_status_with_no_write(today):
    owner = ParticipantFactory()
    visit(BusinessFactory(owner_participant=owner), today - dt.timedelta(days=30))

    assert is_real(owner, today)
    assert is_real(owner, today + dt.timedelta(days=334))
    assert not is_real(owner, today + dt.timedelta(days=336))
    assert not is_real(owner, today + dt.timedelta(days=396))  # 13 months on


def test_deleting_the_latest_visit_falls_back_to_the_one_before(today):
    owner = ParticipantFactory()
    business = BusinessFactory(owner_participant=owner)
    visit(business, today - dt.timedelta(days=100))
    stopped = visit(business, today - dt.timedelta(days=5), NOT_RUNNING)
    assert kept(owner) is None

    stopped.delete()
    assert kept(owner) == today - dt.timedelta(days=100) + WINDOW

    InventoryVisit.objects.filter(business=business).delete()
    assert kept(owner) is None


def test_editing_a_visit_to_not_running_ends_the_status(today):
    owner = ParticipantFactory()
    recorded = visit_record(
        business=BusinessFactory(owner_participant=owner),
        officer=UserFactory(username="petugas.uji"),
        visited_on=today - dt.timedelta(days=3),
        status=RUNNING,
    )
    assert is_real(owner, today)

    recorded.status = NOT_RUNNING
    recorded.save()
    assert kept(owner) is None


def test_an_active_member_is_real_through_the_kub_business_until_they_leave(today):
    member, fellow = ParticipantFactory(), ParticipantFactory()
    group, business = kub_with_business(member, fellow)
    visit(business, today - dt.timedelta(days=20))
    assert kept(member) == kept(fellow) == today - dt.timedelta(days=20) + WINDOW

    membership = Membership.objects.get(participant=member)
    group_remove_member(membership=membership, user=UserFactory(username="staf.uji"), left_on=today)

    assert kept(member) is None
    assert is_real(fellow, today)
    assert not is_real(member, today)


def test_joining_a_kub_whose_business_runs_makes_a_participant_real_and_deleting_the_membership_ends_it(today):
    group, business = kub_with_business()
    visit(business, today - dt.timedelta(days=1))
    newcomer = ParticipantFactory()

    membership = MembershipFactory(group=group, participant=newcomer)
    assert is_real(newcomer, today)

    membership.delete()
    assert kept(newcomer) is None


def test_a_membership_moved_to_another_kub_follows_the_new_kub(today):
    member = ParticipantFactory()
    group, business = kub_with_business(member)
    visit(business, today - dt.timedelta(days=1))
    quiet, _unvisited = kub_with_business()

    membership = Membership.objects.get(participant=member)
    membership.group = quiet
    membership.save(update_fields=["group"])

    assert kept(member) is None


def test_a_business_changing_owner_moves_the_status_to_the_new_owner(today):
    seller, buyer = ParticipantFactory(), ParticipantFactory()
    business = BusinessFactory(owner_participant=seller)
    visit(business, today - dt.timedelta(days=7))
    assert is_real(seller, today)

    business = Business.objects.get(pk=business.pk)
    business.owner_participant = buyer
    business.save(update_fields=["owner_participant"])

    assert kept(seller) is None
    assert kept(buyer) == today - dt.timedelta(days=7) + WINDOW

    business.owner_participant = None
    business.save()
    assert kept(buyer) is None


def test_a_business_given_its_first_owner_or_kub_by_its_key_alone_counts_for_them(today):
    owner, member = ParticipantFactory(), ParticipantFactory()
    group, _other = kub_with_business(member)
    business = BusinessFactory()
    visit(business, today)

    business = Business.objects.get(pk=business.pk)
    business.owner_participant = owner
    business.save(update_fields=["owner_participant"])  # a move from no owner, naming only the key
    business.group = group
    business.save(update_fields=["group"])

    assert kept(owner) == kept(member) == today + WINDOW


def test_a_business_changing_kub_moves_the_status_to_the_new_kub_members(today):
    old_member, new_member = ParticipantFactory(), ParticipantFactory()
    old_group, business = kub_with_business(old_member)
    new_group, _other = kub_with_business(new_member)
    visit(business, today - dt.timedelta(days=2))
    assert is_real(old_member, today) and not is_real(new_member, today)

    business = Business.objects.get(pk=business.pk)  # loaded fresh, as a page or the admin would
    business.group = new_group
    business.save()

    assert kept(old_member) is None
    assert kept(new_member) == today - dt.timedelta(days=2) + WINDOW


def test_a_business_deleted_ends_the_status_of_its_owner_and_its_kub_members(today):
    owner, member = ParticipantFactory(), ParticipantFactory()
    group, kub_business = kub_with_business(member)
    own_business = BusinessFactory(owner_participant=owner)
    visit(kub_business, today - dt.timedelta(days=2))
    visit(own_business, today - dt.timedelta(days=2))

    own_business.delete()
    Business.objects.filter(pk=kub_business.pk).delete()

    assert kept(owner) is None and kept(member) is None


def test_a_kub_deleted_with_its_memberships_ends_its_members_status(today):
    member = ParticipantFactory()
    group, business = kub_with_business(member)
    visit(business, today - dt.timedelta(days=2))
    assert is_real(member, today)

    BusinessGroup.objects.filter(pk=group.pk).delete()  # memberships cascade; the business loses its KUB

    assert not Membership.objects.filter(participant=member).exists()
    assert Business.objects.get(pk=business.pk).group_id is None
    assert kept(member) is None


def test_the_owner_of_a_running_business_is_real_whatever_their_kub_does(today):
    both = ParticipantFactory()
    group, kub_business = kub_with_business(both)
    own = BusinessFactory(owner_participant=both)
    visit(kub_business, today - dt.timedelta(days=50))
    visit(own, today - dt.timedelta(days=9))
    assert kept(both) == today - dt.timedelta(days=9) + WINDOW  # the latest of the two

    visit(own, today - dt.timedelta(days=1), NOT_RUNNING)
    assert kept(both) == today - dt.timedelta(days=50) + WINDOW


def test_deleting_an_owner_leaves_their_business_without_one(today):
    owner = ParticipantFactory()
    business = BusinessFactory(owner_participant=owner)
    visit(business, today)
    owner.delete()
    assert Business.objects.get(pk=business.pk).owner_participant_id is None


def test_the_instance_the_membership_holds_gets_the_new_value(today):
    group, business = kub_with_business()
    visit(business, today)
    membership = MembershipFactory(group=group, participant=ParticipantFactory())
    assert membership.participant.real_until == today + WINDOW


def test_the_filter_reaches_the_participant_through_a_path(today):
    owner, other = ParticipantFactory(), ParticipantFactory()
    EnrollmentFactory(participant=owner)
    EnrollmentFactory(participant=other)
    visit(BusinessFactory(owner_participant=owner), today)

    for path in ("participant", "participant__pk", "participant_id"):
        rows = Enrollment.objects.filter(real_entrepreneur_q(path, today))
        assert list(rows.values_list("participant", flat=True)) == [owner.pk]
    live = Enrollment.objects.filter(real_entrepreneur_live_q("participant", today))
    assert list(live.values_list("participant", flat=True)) == [owner.pk]


def test_the_set_based_refresh_fixes_rows_written_around_the_signals(today):
    owner, member, nobody = ParticipantFactory(), ParticipantFactory(), ParticipantFactory()
    group, kub_business = kub_with_business(member)
    Business.objects.filter(pk=kub_business.pk).update(last_visit_status=RUNNING, last_visited_on=today)
    Business.objects.bulk_create(
        [Business(name="Usaha curah", owner_participant=owner, kelurahan=owner.kelurahan, last_visit_status=RUNNING,
                  last_visited_on=today - dt.timedelta(days=4))]
    )  # fmt: skip
    Participant.objects.filter(pk=nobody.pk).update(real_until=today)
    assert participants_real_until_differences() == 3

    assert participants_refresh_real_until(participant_ids=[owner.pk]) == 1
    assert participants_real_until_differences() == 2
    assert participants_refresh_real_until() == 2
    assert participants_refresh_real_until() == 0  # writes only what changes
    assert (kept(owner), kept(member), kept(nobody)) == (today - dt.timedelta(days=4) + WINDOW, today + WINDOW, None)


def test_the_recompute_command_reports_fixes_and_checks(today):
    member = ParticipantFactory()
    group, business = kub_with_business(member)
    visit(business, today)
    out = StringIO()
    call_command("recompute_real_entrepreneurs", "--check", stdout=out)
    assert out.getvalue().startswith("0 differences")

    Participant.objects.filter(pk=member.pk).update(real_until=None)  # as raw SQL or a bulk write would
    with pytest.raises(CommandError, match="1 participant") as raised:
        call_command("recompute_real_entrepreneurs", "--check")
    assert raised.value.returncode == 1
    assert kept(member) is None  # --check changes nothing

    out = StringIO()
    call_command("recompute_real_entrepreneurs", stdout=out)
    assert out.getvalue().startswith("1 difference(s) found, 1 fixed")
    assert kept(member) == today + WINDOW


def test_the_data_migration_fills_existing_rows_with_the_historical_models(today):
    owner = ParticipantFactory()
    BusinessFactory(owner_participant=owner, last_visit_status=RUNNING, last_visited_on=today)
    Participant.objects.update(real_until=None)  # as before the column existed

    migration = importlib.import_module("participants.migrations.0005_fill_real_until")
    state = MigrationLoader(None, ignore_no_migrations=True).project_state(("participants", "0005_fill_real_until"))
    migration.fill(state.apps, None)

    assert kept(owner) == today + WINDOW
