"""The registration and edit pages ask, with a tick, before saving an unknown regency or
district code or a second person of the same name and birth date."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from participants.models import Participant
from tests.factories import ParticipantFactory, kecamatan, kelurahan_of, make_nik

pytestmark = pytest.mark.django_db

URL = reverse("participants:create")
BIRTH = dt.date(1990, 5, 12)
# Another person born the same day (the factory's own serials could meet the one registered).
OTHER_NIK = make_nik(birth_date=BIRTH, sex="P", serial=9)
NIK = make_nik(birth_date=BIRTH, sex="P", serial=7)
OLD_DISTRICT_NIK = make_nik(birth_date=BIRTH, sex="P", serial=7, region="367499")


def form_data(**overrides) -> dict:
    kel = kelurahan_of("Ciputat")
    data = {
        "nik": NIK,
        "name": "Siti Aminah",
        "sex": "P",
        "birth_date": BIRTH.isoformat(),
        "phone": "0812-3456-7890",
        "address": "Jl. Merpati No. 5, RT 02/RW 03",
        "kecamatan": str(kel.kecamatan_id),
        "kelurahan": str(kel.pk),
        "consent_given": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def checkbox(html: str, name: str) -> str | None:
    found = re.search(rf'<input type="checkbox" name="{name}"[^>]*>', html)
    return found.group(0) if found else None


def test_the_empty_form_shows_no_confirmation_tick(client, staf):
    client.force_login(staf)
    html = client.get(URL).content.decode()
    assert 'name="nik_confirmed"' not in html
    assert 'name="different_person"' not in html


def test_an_unknown_district_code_asks_for_the_tick_and_keeps_everything_typed(client, staf):
    client.force_login(staf)
    response = client.post(URL, form_data(nik=OLD_DISTRICT_NIK))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Participant.objects.exists()
    assert "kode kecamatan 36.74.99" in html
    assert "sebelum pemekaran" in html
    assert checkbox(html, "nik_confirmed") is not None
    assert "checked" not in checkbox(html, "nik_confirmed")
    assert "NIK sudah dicocokkan dengan KTP" in html
    assert 'id="form-confirm"' in html
    for typed in (
        OLD_DISTRICT_NIK,
        "Siti Aminah",
        "0812-3456-7890",
        "Jl. Merpati No. 5, RT 02/RW 03",
        BIRTH.isoformat(),
    ):
        assert typed in html
    assert "checked" in checkbox(html, "consent_given")


def test_with_the_tick_the_participant_of_an_old_district_code_is_registered(client, staf):
    client.force_login(staf)
    response = client.post(URL, form_data(nik=OLD_DISTRICT_NIK, nik_confirmed="on"))
    assert response.status_code == 302
    assert Participant.objects.get().nik == OLD_DISTRICT_NIK


def test_a_ticked_box_stays_ticked_when_another_field_is_wrong(client, staf):
    client.force_login(staf)
    response = client.post(URL, form_data(nik=OLD_DISTRICT_NIK, nik_confirmed="on", phone="+1 555 123 4567"))
    html = response.content.decode()
    assert "checked" in checkbox(html, "nik_confirmed")
    assert not Participant.objects.exists()


def test_an_unknown_province_is_refused_without_a_tick_to_override_it(client, staf):
    client.force_login(staf)
    nik = make_nik(birth_date=BIRTH, sex="P", serial=7, region="997401")
    response = client.post(URL, form_data(nik=nik))
    html = response.content.decode()
    assert "Digit 1–2 NIK (kode provinsi) 99 tidak ada" in response.context["form"].errors["nik"][0]
    assert checkbox(html, "nik_confirmed") is None
    assert not Participant.objects.exists()


def test_a_namesake_born_the_same_day_is_linked_and_asked_about(client, staf):
    existing = ParticipantFactory(
        nik=OTHER_NIK, name="SITI AMINAH", sex="P", birth_date=BIRTH, kelurahan=kelurahan_of("Pamulang")
    )
    client.force_login(staf)
    response = client.post(URL, form_data(name="Siti  Aminah"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("participants:detail", kwargs={"pk": existing.pk})}"' in html
    assert "SITI AMINAH" in html
    assert "Sudah ada peserta dengan nama dan tanggal lahir yang sama" in html
    assert checkbox(html, "different_person") is not None
    assert Participant.objects.count() == 1

    response = client.post(URL, form_data(name="Siti  Aminah", different_person="on"))
    assert response.status_code == 302
    assert Participant.objects.count() == 2


def test_a_namesake_outside_the_officers_area_is_only_said_to_exist(client, petugas_ciputat):
    other = ParticipantFactory(
        nik=OTHER_NIK,
        name="Siti Aminah",
        sex="P",
        birth_date=BIRTH,
        kelurahan=kelurahan_of("Pamulang"),
        address="Jl. Rahasia 9",
    )
    client.force_login(petugas_ciputat)
    response = client.post(URL, form_data())
    html = response.content.decode()
    assert "terdaftar di luar wilayah tugas Anda; hubungi staf Disperindag" in html
    assert reverse("participants:detail", kwargs={"pk": other.pk}) not in html
    assert other.kelurahan.name not in html
    assert "Pamulang" not in html
    assert "Jl. Rahasia 9" not in html
    assert checkbox(html, "different_person") is not None
    assert Participant.objects.count() == 1


def test_the_edit_form_asks_about_a_new_nik_of_an_unknown_district(client, staf):
    participant = ParticipantFactory(nik=NIK, name="Siti Aminah", sex="P", birth_date=BIRTH)
    client.force_login(staf)
    url = reverse("participants:update", kwargs={"pk": participant.pk})
    response = client.post(url, form_data(nik=OLD_DISTRICT_NIK))
    assert checkbox(response.content.decode(), "nik_confirmed") is not None
    assert Participant.objects.get().nik == NIK
    assert client.post(url, form_data(nik=OLD_DISTRICT_NIK, nik_confirmed="on")).status_code == 302
    assert Participant.objects.get().nik == OLD_DISTRICT_NIK


def test_a_field_officer_finds_their_only_kecamatan_chosen_and_its_kelurahan_listed(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    html = client.get(URL).content.decode()
    ciputat = kecamatan("Ciputat")
    assert re.search(rf'<option value="{ciputat.pk}" selected>Ciputat</option>', html)
    for kel in ciputat.kelurahan.all():
        assert f'<option value="{kel.pk}">{kel.name}</option>' in html


def test_staff_find_no_kecamatan_chosen(client, staf):
    client.force_login(staf)
    html = client.get(URL).content.decode()
    select = re.search(r'<select name="kecamatan".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="(\d*)" selected>', select) == [""]
