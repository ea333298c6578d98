"""group_form: a KUB and its first members are created together or not at all."""

import pytest
from django.core.exceptions import ValidationError

from groups.models import BusinessGroup, Membership
from groups.services import group_form
from tests.factories import (
    BusinessGroupFactory,
    CraftTypeFactory,
    EnrollmentFactory,
    MembershipFactory,
    ParticipantFactory,
    TrainingBatchFactory,
    kecamatan,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role


def completers(batch, count):
    return [EnrollmentFactory(batch=batch, completed=True).participant for _ in range(count)]


def with_roles(participants):
    roles = [Role.KETUA, Role.SEKRETARIS, Role.BENDAHARA]
    return [(p, roles[i] if i < 3 else Role.ANGGOTA, "") for i, p in enumerate(participants)]


def form(user, members, name="KUB Kaligrafi Serua", batch=None):
    return group_form(
        name=name,
        kecamatan=kecamatan("Ciputat"),
        craft_type=CraftTypeFactory(name="Kaligrafi kulit telur"),
        members=members,
        user=user,
        source_batch=batch,
    )


@pytest.fixture
def batch(db):
    return TrainingBatchFactory(kecamatan=kecamatan("Ciputat"))


def test_it_forms_an_active_kub_of_ten_with_its_three_officers(staf, batch):
    group = form(staf, with_roles(completers(batch, 10)), batch=batch)
    group.refresh_from_db()
    assert group.status == BusinessGroup.Status.ACTIVE
    assert group.active_member_count == 10
    assert group.source_batch == batch
    assert group.created_by == staf
    roles = sorted(group.memberships.values_list("role", flat=True))
    assert roles.count(Role.ANGGOTA) == 7
    assert {Role.KETUA, Role.SEKRETARIS, Role.BENDAHARA} <= set(roles)
    assert set(group.memberships.values_list("added_by", flat=True)) == {staf.pk}


def test_fewer_than_ten_members_make_a_forming_kub(staf, batch):
    group = form(staf, with_roles(completers(batch, 6)))
    assert group.status == BusinessGroup.Status.FORMING
    assert group.active_member_count == 6


def test_a_member_active_in_another_kub_rolls_back_the_whole_kub(staf, batch):
    people = completers(batch, 10)
    elsewhere = MembershipFactory(participant=people[5], group=BusinessGroupFactory(name="KUB Lama"))
    with pytest.raises(ValidationError) as caught:
        form(staf, with_roles(people))
    assert "masih anggota aktif KUB Lama; keluarkan dulu" in " ".join(caught.value.messages)
    assert not BusinessGroup.objects.filter(name="KUB Kaligrafi Serua").exists()
    assert Membership.objects.count() == 1
    elsewhere.refresh_from_db()
    assert elsewhere.left_on is None


def test_an_eleventh_member_rolls_back_the_whole_kub(staf, batch):
    with pytest.raises(ValidationError) as caught:
        form(staf, with_roles(completers(batch, 11)))
    assert "sudah memiliki 10 anggota aktif" in " ".join(caught.value.messages)
    assert not BusinessGroup.objects.exists()
    assert not Membership.objects.exists()


def test_an_untrained_member_without_a_reason_rolls_back_and_one_with_a_reason_is_kept(staf, batch):
    untrained = ParticipantFactory(name="Siti Belum Lulus")
    members = with_roles(completers(batch, 4)) + [(untrained, Role.ANGGOTA, "  ")]
    with pytest.raises(ValidationError) as caught:
        form(staf, members)
    assert "Siti Belum Lulus belum lulus pelatihan" in " ".join(caught.value.messages)
    assert not BusinessGroup.objects.exists()

    members[-1] = (untrained, Role.ANGGOTA, "Pengrajin senior, menjadi mentor kelompok")
    group = form(staf, members)
    membership = group.memberships.get(participant=untrained)
    assert membership.override_reason == "Pengrajin senior, menjadi mentor kelompok"


def test_it_reports_every_refused_member_at_once(staf, batch):
    people = completers(batch, 5)
    MembershipFactory(participant=people[3], group=BusinessGroupFactory(name="KUB A"))
    MembershipFactory(participant=people[4], group=BusinessGroupFactory(name="KUB B"))
    with pytest.raises(ValidationError) as caught:
        form(staf, with_roles(people))
    text = " ".join(caught.value.messages)
    assert "aktif KUB A;" in text and "aktif KUB B;" in text
    assert "KUB KUB" not in text


def test_it_needs_a_ketua(staf, batch):
    members = [(p, Role.ANGGOTA, "") for p in completers(batch, 3)]
    with pytest.raises(ValidationError, match="ketua"):
        form(staf, members)
    assert not BusinessGroup.objects.exists()


def test_a_kub_name_already_used_in_the_kecamatan_creates_nothing(staf, batch):
    BusinessGroupFactory(name="KUB Kaligrafi Serua", kecamatan=kecamatan("Ciputat"))
    with pytest.raises(ValidationError) as caught:
        form(staf, with_roles(completers(batch, 3)))
    assert "name" in caught.value.message_dict
    assert not Membership.objects.exists()
