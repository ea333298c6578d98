"""The recycle bin through the pages: the admin's delete moves a record into it, /sampah/
lists it, restores it with a confirmation, refuses with the reason, purges it."""

import pytest
from django.urls import reverse

from participants.models import Participant
from records import recycle
from records.models import RecycledItem
from reports.selectors import kecamatan_counts
from tests.factories import EnrollmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _participants(user) -> int:
    return sum(row["participants"] for row in kecamatan_counts(user=user))


def test_the_admin_delete_page_says_the_record_goes_to_the_bin_with_its_counts(client, staf):
    participant = EnrollmentFactory().participant
    client.force_login(staf)

    page = client.get(reverse("admin:participants_participant_delete", args=[participant.pk]))

    text = page.content.decode()
    assert 'id="recycle-note"' in text
    assert "tempat sampah" in text
    # Django's summary of what goes with it: the participant and the enrolment, counted.
    assert "Pendaftaran pelatihan: 1" in text


def test_deleting_in_the_admin_moves_the_participant_and_the_figure_drops_then_comes_back(client, staf, admin_user):
    participant = EnrollmentFactory().participant
    pk = participant.pk
    before = _participants(admin_user)
    client.force_login(staf)

    client.post(reverse("admin:participants_participant_delete", args=[pk]), {"post": "yes"})

    assert not Participant.objects.filter(pk=pk).exists()
    assert _participants(admin_user) == before - 1
    item = RecycledItem.objects.get(model_label="participants.Participant", object_pk=str(pk))
    assert item.deleted_by == staf

    client.force_login(admin_user)
    listing = client.get(reverse("recycle:list")).content.decode()
    assert item.label in listing
    assert participant.name not in listing and participant.nik not in listing
    confirm = client.get(reverse("recycle:restore", args=[item.pk])).content.decode()
    assert "Ya, pulihkan" in confirm
    assert Participant.objects.filter(pk=pk).count() == 0  # a GET only asks

    response = client.post(reverse("recycle:restore", args=[item.pk]))

    assert response.status_code == 302
    assert Participant.objects.filter(pk=pk, enrollments__isnull=False).exists()
    assert _participants(admin_user) == before


def test_delete_selected_in_the_admin_moves_each_participant(client, admin_user):
    first, second = ParticipantFactory(), ParticipantFactory()
    client.force_login(admin_user)
    url = reverse("admin:participants_participant_changelist")
    data = {"action": "delete_selected", "_selected_action": [first.pk, second.pk]}

    confirm = client.post(url, data).content.decode()
    assert 'id="recycle-note"' in confirm
    client.post(url, {**data, "post": "yes"})

    assert set(RecycledItem.objects.values_list("object_pk", flat=True)) == {str(first.pk), str(second.pk)}


def test_a_restore_blocked_by_a_reused_nik_shows_the_message(client, admin_user):
    participant = ParticipantFactory()
    item = recycle.recycle_move(obj=participant, user=admin_user)
    ParticipantFactory(nik=participant.nik, sex=participant.sex, birth_date=participant.birth_date)
    client.force_login(admin_user)

    response = client.post(reverse("recycle:restore", args=[item.pk]))

    assert response.status_code == 200
    text = response.content.decode()
    assert 'id="restore-refused"' in text
    assert "Tidak dapat dipulihkan" in text
    assert "NIK" in text
    assert RecycledItem.objects.filter(pk=item.pk).exists()


def test_purge_now_asks_first_then_destroys(client, admin_user):
    item = recycle.recycle_move(obj=ParticipantFactory(), user=admin_user)
    client.force_login(admin_user)

    assert "Ya, musnahkan" in client.get(reverse("recycle:purge", args=[item.pk])).content.decode()
    assert RecycledItem.objects.filter(pk=item.pk).exists()
    client.post(reverse("recycle:purge", args=[item.pk]))

    assert not RecycledItem.objects.filter(pk=item.pk).exists()


def test_the_list_searches_and_pages(client, admin_user):
    for _ in range(26):
        recycle.recycle_move(obj=ParticipantFactory(), user=admin_user)
    client.force_login(admin_user)

    first = client.get(reverse("recycle:list"))
    assert first.content.decode().count("data-item=") == 25
    assert client.get(reverse("recycle:list"), {"page": 2}).content.decode().count("data-item=") == 1

    wanted = RecycledItem.objects.order_by("pk").first()
    found = client.post(reverse("recycle:list"), {"q": wanted.object_pk}, follow=True).content.decode()
    assert f'data-item="{wanted.pk}"' in found
    assert found.count("data-item=") < 25


def test_staff_cannot_open_the_bin(client, staf):
    item = recycle.recycle_move(obj=ParticipantFactory(), user=staf)
    client.force_login(staf)
    assert client.get(reverse("recycle:list")).status_code == 403
    assert client.post(reverse("recycle:restore", args=[item.pk])).status_code == 403
    assert RecycledItem.objects.filter(pk=item.pk).exists()
