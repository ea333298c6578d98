"""Registering and correcting participants in the admin goes through participants.services."""

import datetime as dt

from participants.models import Participant
from tests import factories
from tests.admin.conftest import admin_url, errors_of


def _new(kelurahan, **overrides):
    data = {
        "nik": "3674014501900001",
        "name": "Siti Aminah",
        "sex": "P",
        "birth_date": "1990-01-05",
        "phone": "0812-3456-7890",
        "address": "Jl. Merpati 3",
        "kelurahan": kelurahan.pk,
        "consent_given": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_staff_register_a_participant_in_the_admin(client, staf):
    client.force_login(staf)
    response = client.post(admin_url(Participant, "add"), _new(factories.kelurahan_of("Ciputat")))
    assert response.status_code == 302, errors_of(response)
    participant = Participant.objects.get(nik="3674014501900001")
    assert participant.registered_by == staf
    assert participant.phone == "+6281234567890"
    assert participant.consent_at is not None
    assert participant.birth_date == dt.date(1990, 1, 5)


def test_a_duplicate_nik_links_to_the_existing_record_by_its_pk(client, staf):
    existing = factories.ParticipantFactory()
    client.force_login(staf)
    response = client.post(admin_url(Participant, "add"), _new(existing.kelurahan, nik=existing.nik))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["nik"]
    assert "NIK ini sudah terdaftar." in errors[0]
    assert f'href="{admin_url(existing)}"' in errors[0]
    assert Participant.objects.filter(nik=existing.nik).count() == 1


def test_the_nik_must_agree_with_birth_date_and_sex(client, staf):
    client.force_login(staf)
    response = client.post(admin_url(Participant, "add"), _new(factories.kelurahan_of("Ciputat"), sex="L"))
    assert response.status_code == 200
    assert any("NIK ini milik perempuan" in e for e in errors_of(response)), errors_of(response)
    assert not Participant.objects.filter(name="Siti Aminah").exists()


def test_consent_is_required(client, staf):
    client.force_login(staf)
    response = client.post(admin_url(Participant, "add"), _new(factories.kelurahan_of("Ciputat"), consent_given=None))
    assert response.status_code == 200
    assert "consent_given" in response.context["adminform"].form.errors
    assert not Participant.objects.filter(name="Siti Aminah").exists()
