"""Registering a participant at /peserta/daftar/."""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from participants import services
from participants.models import CONSENT_PURPOSE, Participant
from regions.models import Kelurahan
from tests.factories import ParticipantFactory, kecamatan, kelurahan_of, make_nik

pytestmark = pytest.mark.django_db

URL = reverse("participants:create")
BIRTH = dt.date(1990, 5, 12)
NIK = make_nik(birth_date=BIRTH, sex="P", serial=7)  # 3674015205900007


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


def test_staff_registers_a_participant_and_lands_on_the_profile(client, staf):
    client.force_login(staf)
    response = client.post(URL, form_data())
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("participants:detail", kwargs={"pk": participant.pk})
    assert participant.nik == NIK
    assert participant.name == "Siti Aminah"
    assert participant.kelurahan == kelurahan_of("Ciputat")
    assert participant.registered_by == staf
    assert participant.consent_given and participant.consent_at is not None


def test_it_stores_the_phone_normalised_to_plus_62(client, staf):
    client.force_login(staf)
    client.post(URL, form_data(phone="0812 3456 7890"))
    assert Participant.objects.get().phone == "+6281234567890"


def test_the_audit_trail_names_who_registered_and_masks_the_nik(client, staf):
    client.force_login(staf)
    client.post(URL, form_data())
    entry = LogEntry.objects.get_for_object(Participant.objects.get()).get()
    assert entry.actor == staf
    assert NIK not in str(entry.changes)


def test_the_form_states_the_purpose_of_the_consent(client, staf):
    client.force_login(staf)
    response = client.get(URL)
    assert str(CONSENT_PURPOSE) in response.content.decode()


def test_it_refuses_to_register_without_consent(client, staf):
    client.force_login(staf)
    response = client.post(URL, form_data(consent_given=None))
    assert response.status_code == 200
    assert "Persetujuan peserta wajib" in response.content.decode()
    assert not Participant.objects.exists()


WRONG_NIKS = [
    ("3674015205900", "nik", "NIK harus 16 digit; yang diisi 13 digit."),
    ("36740152059O0007", "nik", "NIK hanya boleh berisi angka 0–9."),
    ("0074015205900007", "nik", "Digit 1–6 NIK (kode provinsi, kabupaten/kota, kecamatan) tidak boleh 00."),
    ("3674015213900007", "nik", "Digit 9–10 NIK (bulan lahir) harus 01–12; yang diisi 13."),
    ("3674017505900007", "nik", "Digit 7–8 NIK (tanggal lahir) harus 01–31 untuk laki-laki atau 41–71"),
    ("3674017102900007", "nik", "Digit 7–10 NIK menunjukkan tanggal lahir yang tidak ada (31-02)."),
    ("3674015205900000", "nik", "Digit 13–16 NIK (nomor urut) tidak boleh 0000."),
    # A man's NIK (day under 40) for a woman: the sex is what disagrees.
    ("3674011205900007", "sex", "NIK ini milik laki-laki"),
    # The right sex but another birthday.
    ("3674015305900007", "birth_date", "Tanggal lahir tidak cocok dengan NIK: NIK menunjukkan 13-05-..90"),
]


@pytest.mark.parametrize(("nik", "field", "message"), WRONG_NIKS, ids=[w[2][:30] for w in WRONG_NIKS])
def test_it_names_the_wrong_part_of_the_nik_keeps_what_was_typed_and_creates_nothing(client, staf, nik, field, message):
    client.force_login(staf)
    response = client.post(URL, form_data(nik=nik))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    html = response.content.decode()
    assert message.replace("'", "&#x27;") in html
    for typed in (nik, "Siti Aminah", "0812-3456-7890", "Jl. Merpati No. 5, RT 02/RW 03", BIRTH.isoformat()):
        assert typed in html
    checkbox = re.search(r'<input type="checkbox" name="consent_given"[^>]*>', html).group(0)
    assert "checked" in checkbox
    assert not Participant.objects.exists()


def test_a_duplicate_nik_gets_a_link_to_the_existing_participant_and_creates_nothing(client, staf):
    existing = ParticipantFactory(nik=NIK, sex="P", birth_date=BIRTH, name="Siti Lama")
    client.force_login(staf)
    response = client.post(URL, form_data(name="Siti Baru"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("participants:detail", kwargs={"pk": existing.pk})}"' in html
    assert "Siti Lama" in html
    assert "Siti Baru" in html  # what was typed is still there
    assert Participant.objects.count() == 1


def test_a_nik_registered_at_the_same_moment_gets_the_same_duplicate_answer(client, staf, monkeypatch):
    """Two officers register one person at once: the check before the insert finds nothing,
    the unique constraint refuses the second insert, and the answer is the same link."""
    existing = ParticipantFactory(nik=NIK, sex="P", birth_date=BIRTH)
    real = services.participant_with_nik
    calls = []

    def not_yet_committed_on_first_look(nik, **kwargs):
        calls.append(nik)
        return None if len(calls) == 1 else real(nik, **kwargs)

    monkeypatch.setattr(services, "participant_with_nik", not_yet_committed_on_first_look)
    client.force_login(staf)
    response = client.post(URL, form_data())
    assert len(calls) == 2
    assert response.status_code == 200
    assert reverse("participants:detail", kwargs={"pk": existing.pk}) in response.content.decode()
    assert Participant.objects.count() == 1


def test_a_duplicate_outside_the_officers_area_is_reported_without_a_link(client, petugas_ciputat):
    other = ParticipantFactory(nik=NIK, sex="P", birth_date=BIRTH, kelurahan=kelurahan_of("Pamulang"))
    client.force_login(petugas_ciputat)
    response = client.post(URL, form_data())
    html = response.content.decode()
    assert "di luar wilayah tugas Anda" in html
    assert reverse("participants:detail", kwargs={"pk": other.pk}) not in html
    assert other.name not in html
    assert Participant.objects.count() == 1


def test_it_refuses_a_kelurahan_of_another_kecamatan(client, staf):
    client.force_login(staf)
    response = client.post(
        URL, form_data(kecamatan=str(kecamatan("Ciputat").pk), kelurahan=str(kelurahan_of("Pamulang").pk))
    )
    assert response.status_code == 200
    assert "tidak berada di Kecamatan Ciputat" in response.context["form"].errors["kelurahan"][0]
    assert not Participant.objects.exists()


def test_a_field_officer_cannot_register_in_another_kecamatan(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    pamulang = kelurahan_of("Pamulang")
    response = client.post(URL, form_data(kecamatan=str(pamulang.kecamatan_id), kelurahan=str(pamulang.pk)))
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert "di luar wilayah tugas Anda" in errors["kecamatan"][0]
    assert "di luar wilayah tugas Anda" in errors["kelurahan"][0]
    assert not Participant.objects.exists()


def test_a_field_officer_registers_in_their_own_kecamatan(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    response = client.post(URL, form_data())
    assert response.status_code == 302
    assert Participant.objects.get().registered_by == petugas_ciputat


def test_a_field_officer_is_offered_only_their_kecamatan_and_its_kelurahan(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    form = client.get(URL).context["form"]
    assert [str(label) for value, label in form.fields["kecamatan"].choices if value] == ["Ciputat"]
    offered = {label for value, label in form.fields["kelurahan"].widget.choices if value}
    assert offered == set(Kelurahan.objects.filter(kecamatan__name="Ciputat").values_list("name", flat=True))


def test_staff_are_offered_the_kelurahan_of_the_chosen_kecamatan_only(client, staf):
    client.force_login(staf)
    assert [v for v, _ in client.get(URL).context["form"].fields["kelurahan"].widget.choices if v] == []
    pamulang = kecamatan("Pamulang")
    form = client.post(URL, form_data(kecamatan=str(pamulang.pk), kelurahan="")).context["form"]
    offered = {label for value, label in form.fields["kelurahan"].widget.choices if value}
    assert offered == set(pamulang.kelurahan.values_list("name", flat=True))


def test_the_kelurahan_options_follow_the_chosen_kecamatan(client, staf):
    client.force_login(staf)
    setu = kecamatan("Setu")
    html = client.get(reverse("participants:kelurahan_options"), {"kecamatan": setu.pk}).content.decode()
    for kel in setu.kelurahan.all():
        assert f'value="{kel.pk}"' in html
    assert f'value="{kelurahan_of("Ciputat").pk}"' not in html


def test_the_kelurahan_options_of_another_kecamatan_are_empty_for_a_field_officer(client, petugas_ciputat):
    client.force_login(petugas_ciputat)
    url = reverse("participants:kelurahan_options")
    html = client.get(url, {"kecamatan": kecamatan("Pamulang").pk}).content.decode()
    assert html.count("<option") == 1  # only the prompt
    html = client.get(url, {"kecamatan": kecamatan("Ciputat").pk}).content.decode()
    assert html.count("<option") == 1 + kecamatan("Ciputat").kelurahan.count()


def test_an_invalid_phone_is_explained_and_nothing_is_created(client, staf):
    client.force_login(staf)
    response = client.post(URL, form_data(phone="+1 555 123 4567"))
    assert "Hanya nomor Indonesia (+62)" in response.context["form"].errors["phone"][0]
    assert not Participant.objects.exists()
