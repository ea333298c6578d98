"""Correcting a participant's record at /peserta/<pk>/ubah/: the same checks as registration."""

import datetime as dt

import pytest
from django.urls import reverse

from participants.models import Participant
from tests.factories import ParticipantFactory, kelurahan_of

pytestmark = pytest.mark.django_db


def url(participant) -> str:
    return reverse("participants:update", kwargs={"pk": participant.pk})


def data_of(p: Participant, **overrides) -> dict:
    data = {
        "nik": p.nik,
        "name": p.name,
        "sex": p.sex,
        "birth_date": p.birth_date.isoformat(),
        "phone": p.phone,
        "address": p.address,
        "kecamatan": str(p.kelurahan.kecamatan_id),
        "kelurahan": str(p.kelurahan_id),
        "consent_given": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def siti(db):
    return ParticipantFactory(
        name="Siti Aminah",
        nik="3674015205900007",
        sex="P",
        birth_date=dt.date(1990, 5, 12),
        consent_given=True,
        consent_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC),
    )


def test_the_edit_form_starts_from_the_stored_values(client, staf, siti):
    client.force_login(staf)
    form = client.get(url(siti)).context["form"]
    assert form.initial["nik"] == siti.nik
    assert form.initial["kecamatan"] == siti.kelurahan.kecamatan_id
    offered = {value for value, _ in form.fields["kelurahan"].widget.choices if value}
    assert siti.kelurahan_id in offered


def test_staff_correct_a_name_and_phone_which_is_stored_normalised(client, staf, siti):
    consent_at = siti.consent_at
    client.force_login(staf)
    response = client.post(url(siti), data_of(siti, name="Siti Aminah Lubis", phone="62 813-1111-2222"))
    assert response.status_code == 302
    siti.refresh_from_db()
    assert siti.name == "Siti Aminah Lubis"
    assert siti.phone == "+6281311112222"
    assert siti.consent_at == consent_at


def test_a_record_without_consent_time_gets_one_when_consent_is_confirmed(client, staf, siti):
    Participant.objects.filter(pk=siti.pk).update(consent_given=False, consent_at=None)
    client.force_login(staf)
    client.post(url(siti), data_of(siti))
    siti.refresh_from_db()
    assert siti.consent_given and siti.consent_at is not None


def test_a_wrong_nik_is_explained_and_the_record_is_unchanged(client, staf, siti):
    client.force_login(staf)
    response = client.post(url(siti), data_of(siti, nik="3674015205900000", name="Nama Baru"))
    assert "Digit 13–16 NIK (nomor urut) tidak boleh 0000." in response.context["form"].errors["nik"][0]
    assert "Nama Baru" in response.content.decode()
    siti.refresh_from_db()
    assert (siti.nik, siti.name) == ("3674015205900007", "Siti Aminah")


def test_changing_to_another_participants_nik_links_to_that_participant(client, staf, siti):
    other = ParticipantFactory(nik="3674015205900008", sex="P", birth_date=dt.date(1990, 5, 12))
    client.force_login(staf)
    response = client.post(url(siti), data_of(siti, nik=other.nik))
    assert reverse("participants:detail", kwargs={"pk": other.pk}) in response.content.decode()
    siti.refresh_from_db()
    assert siti.nik == "3674015205900007"


def test_keeping_ones_own_nik_is_not_a_duplicate(client, staf, siti):
    client.force_login(staf)
    assert client.post(url(siti), data_of(siti, address="Jl. Baru 1")).status_code == 302


def test_a_field_officer_cannot_move_a_participant_out_of_their_kecamatan(client, petugas_ciputat, siti):
    pamulang = kelurahan_of("Pamulang")
    client.force_login(petugas_ciputat)
    response = client.post(url(siti), data_of(siti, kecamatan=str(pamulang.kecamatan_id), kelurahan=str(pamulang.pk)))
    assert response.status_code == 200
    assert "di luar wilayah tugas Anda" in response.context["form"].errors["kelurahan"][0]
    siti.refresh_from_db()
    assert siti.kelurahan == kelurahan_of("Ciputat")


def test_a_field_officer_cannot_edit_another_kecamatans_participant(client, petugas_pamulang, siti):
    client.force_login(petugas_pamulang)
    assert client.post(url(siti), data_of(siti, name="Diubah")).status_code == 404
    siti.refresh_from_db()
    assert siti.name == "Siti Aminah"


def test_leadership_cannot_edit(client, pimpinan, siti):
    client.force_login(pimpinan)
    assert client.post(url(siti), data_of(siti, name="Diubah")).status_code == 403
