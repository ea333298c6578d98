"""A KUB's status and active members stay right whatever writes its memberships."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType

from groups.models import BusinessGroup, Membership
from groups.services import group_form
from tests.factories import (
    BusinessGroupFactory,
    CraftTypeFactory,
    EnrollmentFactory,
    MembershipFactory,
    ParticipantFactory,
    kecamatan,
)

pytestmark = pytest.mark.django_db

ACTIVE, FORMING = BusinessGroup.Status.ACTIVE, BusinessGroup.Status.FORMING


def state(group):
    group.refresh_from_db()
    return group.status, group.active_member_count


@pytest.fixture
def full_kub(db):
    group = BusinessGroupFactory(name="KUB Kaligrafi Kulit Telur")
    for _ in range(settings.TANGSEL_KUB_SIZE):
        MembershipFactory(group=group)
    return group


def test_the_tenth_member_created_with_the_orm_makes_the_kub_active(full_kub):
    assert state(full_kub) == (ACTIVE, settings.TANGSEL_KUB_SIZE)
    assert full_kub.formed_on is not None


def test_deleting_a_membership_with_the_orm_sends_the_kub_back_to_forming(full_kub):
    full_kub.memberships.first().delete()
    assert state(full_kub) == (FORMING, settings.TANGSEL_KUB_SIZE - 1)


def test_deleting_memberships_with_a_queryset_recounts_the_kub(full_kub):
    Membership.objects.filter(pk__in=full_kub.memberships.values("pk")[:3]).delete()
    assert state(full_kub) == (FORMING, settings.TANGSEL_KUB_SIZE - 3)


def test_a_leaving_date_saved_with_the_orm_recounts_the_kub(full_kub):
    membership = full_kub.memberships.first()
    membership.left_on = dt.date(2026, 6, 1)
    membership.save(update_fields=["left_on"])
    assert state(full_kub) == (FORMING, settings.TANGSEL_KUB_SIZE - 1)


def test_a_membership_moved_to_another_kub_recounts_both(full_kub):
    other = BusinessGroupFactory(name="KUB Lain")
    membership = full_kub.memberships.first()
    membership.group = other
    membership.save()
    assert state(full_kub) == (FORMING, settings.TANGSEL_KUB_SIZE - 1)
    assert state(other) == (FORMING, 1)


def test_deleting_a_kub_takes_its_memberships_without_recounting_the_doomed_kub(full_kub):
    changes = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BusinessGroup),
        object_id=full_kub.pk,
        action=LogEntry.Action.UPDATE,
    )
    before = changes.count()

    full_kub.delete()

    assert not Membership.objects.exists()
    assert changes.count() == before


def test_forming_a_kub_with_its_members_records_its_status_once(staf):
    members = []
    for i in range(settings.TANGSEL_KUB_SIZE):
        participant = ParticipantFactory()
        EnrollmentFactory(participant=participant, completed=True)
        members.append((participant, "ketua" if i == 0 else "anggota", ""))

    where, craft = kecamatan("Ciputat"), CraftTypeFactory()
    group = group_form(name="KUB Bunga Handuk", kecamatan=where, craft_type=craft, members=members, user=staf)

    assert state(group) == (ACTIVE, settings.TANGSEL_KUB_SIZE)
    updates = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BusinessGroup), object_id=group.pk, action=LogEntry.Action.UPDATE
    )
    assert updates.count() == 1  # one recount after the last member, not one per member
