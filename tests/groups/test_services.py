"""KUB rules: at most one active KUB per participant, one officer per role, the size
limit, and trained members unless staff write a reason."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from groups.models import BusinessGroup, Membership
from groups.services import group_add_member, group_create, group_remove_member, group_set_role
from tests.factories import (
    BusinessGroupFactory,
    CraftTypeFactory,
    EnrollmentFactory,
    MembershipFactory,
    ParticipantFactory,
    kecamatan,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role


def trained(**fields):
    participant = ParticipantFactory(**fields)
    EnrollmentFactory(participant=participant, completed=True)
    return participant


def add(group, participant, user, **kwargs):
    return group_add_member(group=group, participant=participant, user=user, **kwargs)


def fill(group, count, user):
    return [add(group, trained(), user) for _ in range(count)]


def refusal(call, *args, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


@pytest.fixture
def kub(db):
    return BusinessGroupFactory(name="KUB Kaligrafi Serua")


@pytest.fixture
def other_kub(db):
    return BusinessGroupFactory(name="KUB Bunga Handuk Jombang")


# One active KUB per participant


def test_it_adds_a_trained_participant_as_a_member(kub, staf):
    participant = trained()
    membership = add(kub, participant, staf)
    assert membership.group == kub
    assert membership.role == Role.ANGGOTA
    assert membership.added_by == staf
    assert membership.left_on is None
    kub.refresh_from_db()
    assert kub.active_member_count == 1
    assert kub.status == BusinessGroup.Status.FORMING


def test_it_refuses_a_participant_active_in_another_kub_and_names_it(kub, other_kub, staf):
    participant = trained(name="Siti Aminah")
    add(other_kub, participant, staf)

    error = refusal(add, kub, participant, staf)
    assert error.code == "already_member"
    assert "Siti Aminah" in error.messages[0]
    assert "KUB Bunga Handuk Jombang" in error.messages[0]
    assert not kub.memberships.exists()


def test_it_refuses_the_same_participant_twice_in_one_kub(kub, staf):
    participant = trained()
    add(kub, participant, staf)
    error = refusal(add, kub, participant, staf)
    assert error.code == "already_member"
    assert "anggota aktif KUB ini" in error.messages[0]
    assert kub.memberships.count() == 1


def test_the_database_alone_refuses_a_second_active_membership(kub, other_kub):
    participant = trained()
    Membership.objects.create(group=other_kub, participant=participant, joined_on=dt.date(2026, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=kub, participant=participant, joined_on=dt.date(2026, 4, 1))
    assert Membership.objects.filter(participant=participant).count() == 1


def test_leaving_frees_the_participant_for_another_kub_and_keeps_the_history(kub, other_kub, staf):
    participant = trained()
    first = add(other_kub, participant, staf, joined_on=dt.date(2026, 1, 5))
    group_remove_member(membership=first, user=staf, left_on=dt.date(2026, 3, 1))

    second = add(kub, participant, staf)

    history = Membership.objects.filter(participant=participant).order_by("joined_on")
    assert [(m.group, m.left_on) for m in history] == [(other_kub, dt.date(2026, 3, 1)), (kub, None)]
    assert second.is_active


def test_the_database_allows_a_past_membership_beside_an_active_one(kub, other_kub):
    participant = trained()
    Membership.objects.create(
        group=other_kub, participant=participant, joined_on=dt.date(2025, 1, 1), left_on=dt.date(2025, 6, 1)
    )
    Membership.objects.create(group=kub, participant=participant, joined_on=dt.date(2026, 1, 1))
    assert Membership.objects.filter(participant=participant).count() == 2


def test_a_member_cannot_leave_twice_or_before_joining(kub, staf):
    membership = add(kub, trained(), staf, joined_on=dt.date(2026, 4, 1))
    assert (
        "sebelum tanggal masuk"
        in refusal(group_remove_member, membership=membership, user=staf, left_on=dt.date(2026, 3, 31)).messages[0]
    )
    group_remove_member(membership=membership, user=staf, left_on=dt.date(2026, 5, 1))
    assert "sudah keluar" in refusal(group_remove_member, membership=membership, user=staf).messages[0]


# One ketua, sekretaris and bendahara


@pytest.mark.parametrize("role", [Role.KETUA, Role.SEKRETARIS, Role.BENDAHARA])
def test_it_refuses_a_second_officer_in_the_same_role(kub, staf, role):
    add(kub, trained(), staf, role=role)
    error = refusal(add, kub, trained(), staf, role=role)
    assert error.code == "role_taken"
    assert Role(role).label.lower() in error.messages[0]
    assert kub.memberships.filter(role=role).count() == 1


@pytest.mark.parametrize("role", [Role.KETUA, Role.SEKRETARIS, Role.BENDAHARA])
def test_the_database_alone_refuses_a_second_officer_in_the_same_role(kub, role):
    Membership.objects.create(group=kub, participant=trained(), role=role, joined_on=dt.date(2026, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=kub, participant=trained(), role=role, joined_on=dt.date(2026, 4, 1))


def test_many_ordinary_members_are_fine_in_the_database(kub):
    for _ in range(3):
        Membership.objects.create(group=kub, participant=trained(), role=Role.ANGGOTA, joined_on=dt.date(2026, 4, 1))
    assert kub.memberships.count() == 3


def test_two_kubs_each_have_their_own_ketua(kub, other_kub, staf):
    add(kub, trained(), staf, role=Role.KETUA)
    add(other_kub, trained(), staf, role=Role.KETUA)
    assert Membership.objects.filter(role=Role.KETUA, left_on__isnull=True).count() == 2


def test_a_new_ketua_may_follow_one_who_left(kub, staf):
    old = add(kub, trained(), staf, role=Role.KETUA)
    group_remove_member(membership=old, user=staf)
    new = add(kub, trained(), staf, role=Role.KETUA)
    assert new.role == Role.KETUA


def test_changing_a_role_refuses_a_second_ketua(kub, staf):
    add(kub, trained(), staf, role=Role.KETUA)
    member = add(kub, trained(), staf)
    error = refusal(group_set_role, membership=member, role=Role.KETUA, user=staf)
    assert "ketua" in error.messages[0]
    member.refresh_from_db()
    assert member.role == Role.ANGGOTA


def test_changing_a_role_to_a_free_office_works(kub, staf):
    member = add(kub, trained(), staf)
    group_set_role(membership=member, role=Role.BENDAHARA, user=staf)
    member.refresh_from_db()
    assert member.role == Role.BENDAHARA


# Size


def test_the_tenth_member_makes_the_kub_active(kub, staf):
    fill(kub, 9, staf)
    kub.refresh_from_db()
    assert (kub.active_member_count, kub.status) == (9, BusinessGroup.Status.FORMING)
    assert kub.formed_on is None

    add(kub, trained(), staf)
    kub.refresh_from_db()
    assert (kub.active_member_count, kub.status) == (10, BusinessGroup.Status.ACTIVE)
    assert kub.formed_on is not None


def test_it_refuses_an_eleventh_member(kub, staf):
    fill(kub, 10, staf)
    error = refusal(add, kub, trained(), staf)
    assert error.code == "group_full"
    assert "sudah memiliki 10 anggota aktif" in error.messages[0]
    assert "tidak bisa menambah anggota lagi" in error.messages[0]
    kub.refresh_from_db()
    assert kub.active_member_count == 10
    assert kub.memberships.filter(left_on__isnull=True).count() == 10


def test_a_member_leaving_an_active_kub_makes_it_forming_again_and_frees_a_place(kub, staf):
    members = fill(kub, 10, staf)
    group_remove_member(membership=members[0], user=staf)
    kub.refresh_from_db()
    assert (kub.active_member_count, kub.status) == (9, BusinessGroup.Status.FORMING)

    add(kub, trained(), staf)
    kub.refresh_from_db()
    assert (kub.active_member_count, kub.status) == (10, BusinessGroup.Status.ACTIVE)


def test_the_size_follows_the_setting(kub, staf, settings):
    settings.TANGSEL_KUB_SIZE = 5
    fill(kub, 4, staf)
    kub.refresh_from_db()
    assert kub.status == BusinessGroup.Status.FORMING

    add(kub, trained(), staf)
    kub.refresh_from_db()
    assert (kub.active_member_count, kub.status) == (5, BusinessGroup.Status.ACTIVE)

    error = refusal(add, kub, trained(), staf)
    assert error.code == "group_full"
    assert "sudah memiliki 5 anggota aktif" in error.messages[0]


def test_a_dissolved_kub_takes_no_members(kub, staf):
    BusinessGroup.objects.filter(pk=kub.pk).update(status=BusinessGroup.Status.DISSOLVED)
    error = refusal(add, kub, trained(), staf)
    assert "bubar" in error.messages[0]
    assert not kub.memberships.exists()


# Training


def test_it_refuses_a_participant_who_has_not_completed_training(kub, staf):
    participant = ParticipantFactory(name="Ahmad Fauzi")
    EnrollmentFactory(participant=participant, completed=False)
    error = refusal(add, kub, participant, staf)
    assert error.code == "not_trained"
    assert "Ahmad Fauzi belum lulus pelatihan" in error.messages[0]
    assert not kub.memberships.exists()


def test_a_blank_override_reason_is_no_reason(kub, staf):
    error = refusal(add, kub, ParticipantFactory(), staf, override_reason="   ")
    assert error.code == "not_trained"


def test_staff_may_add_an_untrained_participant_with_a_written_reason(kub, staf):
    reason = "Pengrajin senior, mengajar di angkatan sebelumnya."
    membership = add(kub, ParticipantFactory(), staf, override_reason=f"  {reason} ")
    membership.refresh_from_db()
    assert membership.override_reason == reason


def test_a_trained_participant_needs_no_reason(kub, staf):
    assert add(kub, trained(), staf).override_reason == ""


# Creating a KUB


def test_it_creates_a_kub_recording_who(staf):
    group = group_create(
        name="  KUB Tutup Botol  ", kecamatan=kecamatan("Ciputat"), craft_type=CraftTypeFactory(), user=staf
    )
    assert group.name == "KUB Tutup Botol"
    assert group.created_by == staf
    assert group.status == BusinessGroup.Status.FORMING


def test_it_refuses_a_kub_name_already_used_in_the_kecamatan(kub, staf):
    error = refusal(
        group_create, name="kub kaligrafi serua", kecamatan=kub.kecamatan, craft_type=CraftTypeFactory(), user=staf
    )
    assert "Sudah ada KUB bernama" in error.message_dict["name"][0]


def test_the_same_kub_name_is_fine_in_another_kecamatan(kub, staf):
    group = group_create(name=kub.name, kecamatan=kecamatan("Pamulang"), craft_type=CraftTypeFactory(), user=staf)
    assert group.pk != kub.pk


def test_a_raw_membership_factory_does_not_bypass_the_one_kub_rule(kub, other_kub):
    participant = trained()
    MembershipFactory(group=kub, participant=participant)
    with pytest.raises(IntegrityError), transaction.atomic():
        MembershipFactory(group=other_kub, participant=participant)
