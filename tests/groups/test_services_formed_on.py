"""A KUB's formed date: set the first time it has its full size, however it gets there."""

import datetime as dt

import pytest
from django.utils import timezone

from groups.models import BusinessGroup, Membership
from groups.services import group_add_member, group_form, group_refresh_status, group_remove_member
from tests.factories import BusinessGroupFactory, CraftTypeFactory, EnrollmentFactory, ParticipantFactory, kecamatan

pytestmark = pytest.mark.django_db


def trained():
    participant = ParticipantFactory()
    EnrollmentFactory(participant=participant, completed=True)
    return participant


def add(group, user, joined_on):
    return group_add_member(group=group, participant=trained(), user=user, joined_on=joined_on)


@pytest.fixture
def kub(db):
    return BusinessGroupFactory(name="KUB Karya Ibu")


def formed_on(group):
    group.refresh_from_db()
    return group.formed_on


def test_a_kub_formed_whole_is_formed_today(staf):
    people = [trained() for _ in range(10)]
    group = group_form(
        name="KUB Melati",
        kecamatan=kecamatan("Ciputat"),
        craft_type=CraftTypeFactory(),
        members=[(p, Membership.Role.KETUA if i == 0 else Membership.Role.ANGGOTA, "") for i, p in enumerate(people)],
        user=staf,
    )
    assert group.status == BusinessGroup.Status.ACTIVE
    assert group.formed_on == timezone.localdate()


def test_a_kub_that_fills_up_later_is_formed_the_day_its_tenth_member_joined(kub, staf):
    for day in range(1, 10):
        add(kub, staf, dt.date(2026, 1, day))
    assert formed_on(kub) is None
    add(kub, staf, dt.date(2026, 2, 14))
    assert formed_on(kub) == dt.date(2026, 2, 14)


def test_a_replacement_that_brings_it_to_ten_sets_the_date(kub, staf):
    for _ in range(9):
        add(kub, staf, dt.date(2026, 1, 5))
    leaver = add(kub, staf, dt.date(2026, 1, 5))
    # Entered before the size rule was kept: full once, but without a date.
    BusinessGroup.objects.filter(pk=kub.pk).update(formed_on=None)
    group_remove_member(membership=leaver, user=staf, left_on=dt.date(2026, 3, 1))
    assert formed_on(kub) is None
    add(kub, staf, dt.date(2026, 3, 10))
    assert formed_on(kub) == dt.date(2026, 3, 10)


def test_a_kub_that_drops_below_ten_and_fills_again_keeps_its_first_date(kub, staf):
    members = [add(kub, staf, dt.date(2026, 1, 5)) for _ in range(10)]
    assert formed_on(kub) == dt.date(2026, 1, 5)
    group_remove_member(membership=members[0], user=staf, left_on=dt.date(2026, 4, 1))
    add(kub, staf, dt.date(2026, 4, 2))
    assert formed_on(kub) == dt.date(2026, 1, 5)


def test_a_full_kub_without_a_date_gets_one_when_its_status_is_refreshed(kub, staf):
    for _ in range(10):
        add(kub, staf, dt.date(2026, 1, 7))
    BusinessGroup.objects.filter(pk=kub.pk).update(formed_on=None)
    kub.refresh_from_db()
    group_refresh_status(group=kub)
    assert formed_on(kub) == dt.date(2026, 1, 7)


def test_the_date_follows_the_size_setting(kub, staf, settings):
    settings.TANGSEL_KUB_SIZE = 3
    add(kub, staf, dt.date(2026, 5, 1))
    add(kub, staf, dt.date(2026, 5, 2))
    assert formed_on(kub) is None
    add(kub, staf, dt.date(2026, 5, 3))
    assert formed_on(kub) == dt.date(2026, 5, 3)
