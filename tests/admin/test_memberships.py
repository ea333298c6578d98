"""KUB memberships through the admin obey the rules of groups.services."""

import datetime as dt

import pytest

from groups.models import BusinessGroup, Membership
from groups.services import group_refresh_status
from tests import factories
from tests.admin.conftest import admin_url, errors_of, form_data


def trained(kec="Ciputat", **kwargs):
    participant = factories.ParticipantFactory(kelurahan=factories.kelurahan_of(kec), **kwargs)
    factories.EnrollmentFactory(participant=participant, completed=True)
    return participant


@pytest.fixture
def kub(db):
    """A KUB in Ciputat with 9 active, trained members, the first of them ketua."""
    group = factories.BusinessGroupFactory(kecamatan=factories.kecamatan("Ciputat"), name="KUB Melati")
    for i in range(9):
        factories.MembershipFactory(
            group=group, participant=trained(), role=Membership.Role.KETUA if i == 0 else Membership.Role.ANGGOTA
        )
    return group_refresh_status(group=group)


def _add_row(data: dict, prefix: str, **fields) -> dict:
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data = {**data, f"{prefix}-TOTAL_FORMS": str(n + 1)}
    for name, value in fields.items():
        data[f"{prefix}-{n}-{name}"] = str(value)
    return data


def _post_member(client, group, participant, **fields):
    url = admin_url(group)
    data = _add_row(
        form_data(client.get(url)), "memberships", participant=participant.pk, role=fields.pop("role", "anggota")
    )
    for name, value in fields.items():
        data[f"memberships-{int(data['memberships-TOTAL_FORMS']) - 1}-{name}"] = value
    return client.post(url, data)


def test_the_tenth_member_makes_the_kub_active_and_a_recompute_is_queued(
    client, staf, kub, django_capture_on_commit_callbacks
):
    newcomer = trained()
    client.force_login(staf)
    with django_capture_on_commit_callbacks() as callbacks:
        response = _post_member(client, kub, newcomer)
    assert response.status_code == 302, errors_of(response)
    membership = Membership.objects.get(group=kub, participant=newcomer)
    assert membership.added_by == staf
    kub.refresh_from_db()
    assert (kub.status, kub.active_member_count) == (BusinessGroup.Status.ACTIVE, 10)
    assert callbacks  # groups.tasks.enqueue_group_recompute waits for the commit


def test_it_refuses_an_eleventh_member_in_the_group_page(client, staf, kub):
    factories.MembershipFactory(group=kub, participant=trained())
    group_refresh_status(group=kub)
    eleventh = trained()
    client.force_login(staf)
    response = _post_member(client, kub, eleventh)
    assert response.status_code == 200
    assert any("sudah memiliki 10 anggota aktif" in e for e in errors_of(response)), errors_of(response)
    assert not Membership.objects.filter(participant=eleventh).exists()


def test_it_refuses_an_eleventh_member_in_the_membership_page(client, staf, kub):
    factories.MembershipFactory(group=kub, participant=trained())
    eleventh = trained()
    client.force_login(staf)
    response = client.post(
        admin_url(Membership, "add"), {"group": kub.pk, "participant": eleventh.pk, "role": "anggota"}
    )
    assert response.status_code == 200
    assert "tidak bisa menambah anggota lagi" in response.content.decode()
    assert not Membership.objects.filter(participant=eleventh).exists()


def test_it_refuses_a_member_of_another_kub(client, staf, kub, places):
    taken = trained()
    factories.MembershipFactory(group=places.group_ciputat, participant=taken)
    client.force_login(staf)
    response = _post_member(client, kub, taken)
    assert any("masih anggota aktif KUB" in e for e in errors_of(response)), errors_of(response)
    assert Membership.objects.filter(participant=taken).count() == 1


def test_it_refuses_a_second_ketua(client, staf, kub):
    client.force_login(staf)
    response = _post_member(client, kub, trained(), role="ketua")
    assert any("sudah memiliki ketua aktif" in e for e in errors_of(response)), errors_of(response)


def test_an_untrained_participant_needs_a_written_reason(client, staf, kub):
    untrained = factories.ParticipantFactory(kelurahan=factories.kelurahan_of("Ciputat"))
    client.force_login(staf)
    response = _post_member(client, kub, untrained)
    assert any("belum lulus pelatihan" in e for e in errors_of(response)), errors_of(response)
    response = _post_member(client, kub, untrained, override_reason="Perajin berpengalaman.")
    assert response.status_code == 302, errors_of(response)
    assert Membership.objects.get(participant=untrained).override_reason == "Perajin berpengalaman."


def test_a_member_leaves_with_a_date_and_the_row_stays(client, staf, kub):
    leaver = kub.memberships.filter(role="anggota").first()
    client.force_login(staf)
    data = form_data(client.get(admin_url(kub)))
    index = next(k for k, v in data.items() if k.endswith("-id") and v == str(leaver.pk)).split("-")[1]
    data[f"memberships-{index}-left_on"] = dt.date.today().isoformat()
    response = client.post(admin_url(kub), data)
    assert response.status_code == 302, errors_of(response)
    leaver.refresh_from_db()
    assert leaver.left_on == dt.date.today()
    kub.refresh_from_db()
    assert kub.active_member_count == 8


def test_the_ketua_can_be_replaced_in_one_save(client, staf, kub):
    old = kub.memberships.get(role="ketua")
    new = kub.memberships.filter(role="anggota").first()
    client.force_login(staf)
    data = form_data(client.get(admin_url(kub)))
    index_of = {v: k.split("-")[1] for k, v in data.items() if k.endswith("-id")}
    data[f"memberships-{index_of[str(new.pk)]}-role"] = "ketua"
    data[f"memberships-{index_of[str(old.pk)]}-role"] = "anggota"
    response = client.post(admin_url(kub), data)
    assert response.status_code == 302, errors_of(response)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.role, new.role) == ("anggota", "ketua")


def test_staff_record_a_departure_instead_of_deleting_a_member(client, staf, admin_user, kub):
    membership = kub.memberships.filter(role="anggota").first()
    client.force_login(staf)
    assert client.post(admin_url(membership, "delete"), {"post": "yes"}).status_code == 403
    client.force_login(admin_user)  # a row entered by mistake
    assert client.post(admin_url(membership, "delete"), {"post": "yes"}).status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
