"""The admin's participant form asks the same questions as the portal's, through the service."""

import datetime as dt
import re

import pytest

from participants.models import Participant
from tests import factories
from tests.admin.conftest import admin_url, errors_of

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1990, 1, 5)
OLD_DISTRICT_NIK = factories.make_nik(birth_date=BIRTH, sex="P", serial=1, region="367499")


def _new(**overrides):
    data = {
        "nik": factories.make_nik(birth_date=BIRTH, sex="P", serial=1),
        "name": "Siti Aminah",
        "sex": "P",
        "birth_date": BIRTH.isoformat(),
        "phone": "",
        "address": "",
        "kelurahan": factories.kelurahan_of("Ciputat").pk,
        "consent_given": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_the_add_form_keeps_the_ticks_hidden_until_asked(client, staf):
    client.force_login(staf)
    html = client.get(admin_url(Participant, "add")).content.decode()
    assert re.search(r'<input type="hidden" name="nik_confirmed"', html)
    assert re.search(r'class="form-row hidden\s+field-nik_confirmed"', html)
    assert 'type="checkbox" name="nik_confirmed"' not in html


def test_an_unknown_district_code_asks_for_the_tick_then_registers(client, staf):
    client.force_login(staf)
    response = client.post(admin_url(Participant, "add"), _new(nik=OLD_DISTRICT_NIK))
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert "kode kecamatan 36.74.99" in form.errors["nik_confirmed"][0]
    assert 'type="checkbox" name="nik_confirmed"' in response.content.decode()
    assert not Participant.objects.exists()

    response = client.post(admin_url(Participant, "add"), _new(nik=OLD_DISTRICT_NIK, nik_confirmed="on"))
    assert response.status_code == 302, errors_of(response)
    assert Participant.objects.get().nik == OLD_DISTRICT_NIK


def test_an_unknown_province_is_refused_on_the_nik(client, staf):
    client.force_login(staf)
    nik = factories.make_nik(birth_date=BIRTH, sex="P", serial=1, region="997401")
    response = client.post(admin_url(Participant, "add"), _new(nik=nik))
    assert "kode provinsi) 99" in response.context["adminform"].form.errors["nik"][0]
    assert not Participant.objects.exists()


def test_a_namesake_born_the_same_day_is_linked_for_staff(client, staf):
    existing = factories.ParticipantFactory(
        name="Siti Aminah", sex="P", birth_date=BIRTH, nik=factories.make_nik(birth_date=BIRTH, sex="P", serial=9)
    )
    client.force_login(staf)
    response = client.post(admin_url(Participant, "add"), _new(name="siti aminah"))
    errors = response.context["adminform"].form.errors["different_person"]
    assert f'href="{admin_url(existing)}"' in " ".join(errors)
    assert Participant.objects.count() == 1
    response = client.post(admin_url(Participant, "add"), _new(name="siti aminah", different_person="on"))
    assert response.status_code == 302, errors_of(response)
    assert Participant.objects.count() == 2


@pytest.mark.usefixtures("officers_in_admin")  # the admin's scoping, should an officer be let in
def test_a_namesake_outside_the_officers_area_is_not_named(client, petugas_ciputat):
    other = factories.ParticipantFactory(
        name="Siti Aminah",
        sex="P",
        birth_date=BIRTH,
        kelurahan=factories.kelurahan_of("Pamulang"),
        nik=factories.make_nik(birth_date=BIRTH, sex="P", serial=9),
    )
    client.force_login(petugas_ciputat)
    response = client.post(admin_url(Participant, "add"), _new())
    errors = " ".join(response.context["adminform"].form.errors["different_person"])
    assert "di luar wilayah tugas Anda; hubungi staf Disperindag" in errors
    assert admin_url(other) not in errors
    assert other.kelurahan.name not in errors
    assert Participant.objects.count() == 1
