"""group_hand_over_ketua: a new ketua in one step, the old one becomes anggota."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError

from groups.models import Membership
from groups.services import group_add_member, group_hand_over_ketua, group_remove_member
from tests.factories import BusinessGroupFactory, EnrollmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

Role = Membership.Role


def member(group, user, role=Role.ANGGOTA, name=None):
    participant = ParticipantFactory(**({"name": name} if name else {}))
    EnrollmentFactory(participant=participant, completed=True)
    return group_add_member(group=group, participant=participant, role=role, user=user, joined_on=dt.date(2026, 1, 5))


@pytest.fixture
def kub(db):
    return BusinessGroupFactory(name="KUB Karya Ibu")


def roles(group):
    return {m.participant.name: m.role for m in group.memberships.filter(left_on__isnull=True)}


def test_a_member_becomes_ketua_and_the_old_ketua_anggota(kub, staf):
    old = member(kub, staf, Role.KETUA, name="Ani")
    new = member(kub, staf, name="Budi")
    handover = group_hand_over_ketua(group=kub, membership=new, user=staf)
    assert roles(kub) == {"Ani": Role.ANGGOTA, "Budi": Role.KETUA}
    assert (handover.ketua.pk, handover.previous.pk, handover.vacated_role) == (new.pk, old.pk, None)


def test_a_sekretaris_who_becomes_ketua_leaves_the_office_vacant(kub, staf):
    member(kub, staf, Role.KETUA, name="Ani")
    sekretaris = member(kub, staf, Role.SEKRETARIS, name="Citra")
    handover = group_hand_over_ketua(group=kub, membership=sekretaris, user=staf)
    assert roles(kub) == {"Ani": Role.ANGGOTA, "Citra": Role.KETUA}
    assert handover.vacated_role == Role.SEKRETARIS


def test_a_kub_without_a_ketua_gets_one(kub, staf):
    old = member(kub, staf, Role.KETUA, name="Ani")
    group_remove_member(membership=old, user=staf, left_on=dt.date(2026, 3, 1))
    new = member(kub, staf, name="Budi")
    handover = group_hand_over_ketua(group=kub, membership=new, user=staf)
    assert handover.previous is None
    assert roles(kub) == {"Budi": Role.KETUA}
    old.refresh_from_db()
    assert old.role == Role.KETUA  # a past ketua stays in the history as they were


def test_it_refuses_a_member_who_left_or_of_another_kub(kub, staf):
    member(kub, staf, Role.KETUA, name="Ani")
    leaver = member(kub, staf, name="Dedi")
    group_remove_member(membership=leaver, user=staf, left_on=dt.date(2026, 2, 1))
    stranger = member(BusinessGroupFactory(), staf, name="Eka")
    for membership in (leaver, stranger):
        with pytest.raises(ValidationError) as caught:
            group_hand_over_ketua(group=kub, membership=membership, user=staf)
        assert caught.value.code == "not_active_member"
        assert "Ketua baru harus anggota aktif KUB ini." in caught.value.messages
    assert roles(kub) == {"Ani": Role.KETUA}


def test_it_refuses_the_ketua_themself(kub, staf):
    ketua = member(kub, staf, Role.KETUA, name="Ani")
    with pytest.raises(ValidationError) as caught:
        group_hand_over_ketua(group=kub, membership=ketua, user=staf)
    assert "Ani sudah menjadi ketua KUB ini." in caught.value.messages


def test_both_changes_are_in_the_audit_trail_under_the_acting_user(kub, staf):
    old = member(kub, staf, Role.KETUA)
    new = member(kub, staf)
    group_hand_over_ketua(group=kub, membership=new, user=staf)
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership), action=LogEntry.Action.UPDATE
    )
    changed = {int(e.object_pk): (e.actor, e.changes_dict["role"]) for e in entries}
    assert changed == {old.pk: (staf, ["ketua", "anggota"]), new.pk: (staf, ["anggota", "ketua"])}
