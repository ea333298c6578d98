import datetime as dt

import pytest

from participants.models import Participant
from tests.browser.conftest import login
from tests.factories import ParticipantFactory, kelurahan_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_register_with_a_wrong_nik_keep_what_they_typed_and_correct_it(page, staf):
    login(page, "staf")
    page.goto("/peserta/daftar/")
    page.fill("#id_nik", "3674015213900007")  # month 13
    page.fill("#id_name", "Siti Aminah")
    page.check("#id_sex_1")  # Perempuan
    page.fill("#id_birth_date", "1990-05-12")
    page.select_option("#id_kecamatan", label="Ciputat")
    # htmx fills the kelurahan of Ciputat only.
    page.wait_for_selector("#id_kelurahan option:text('Serua Indah')", state="attached")
    assert page.locator("#id_kelurahan option:text('Pamulang Barat')").count() == 0
    page.select_option("#id_kelurahan", label="Serua Indah")
    page.fill("#id_phone", "0812-3456-7890")
    page.fill("#id_address", "Jl. Merpati No. 5")
    page.check("#id_consent_given")
    page.click("#participant-form button[type=submit]")

    error = page.locator("#id_nik_error").inner_text().strip()
    assert error == "Digit 9–10 NIK (bulan lahir) harus 01–12; yang diisi 13."
    assert page.input_value("#id_nik") == "3674015213900007"
    assert page.input_value("#id_name") == "Siti Aminah"
    assert page.input_value("#id_birth_date") == "1990-05-12"
    assert page.is_checked("#id_sex_1")
    assert page.locator("#id_kelurahan option:checked").inner_text() == "Serua Indah"
    assert page.input_value("#id_phone") == "0812-3456-7890"
    assert page.input_value("#id_address") == "Jl. Merpati No. 5"
    assert page.is_checked("#id_consent_given")
    assert not Participant.objects.exists()

    page.fill("#id_nik", "3674015205900007")
    page.click("#participant-form button[type=submit]")
    page.wait_for_url("**/peserta/*/")
    participant = Participant.objects.get()
    assert page.url.endswith(f"/peserta/{participant.pk}/")
    assert (participant.name, participant.phone, participant.kelurahan.name) == (
        "Siti Aminah",
        "+6281234567890",
        "Serua Indah",
    )
    assert page.locator("h1").inner_text() == "Siti Aminah"


def test_a_field_officer_cannot_reach_a_participant_of_another_kecamatan(page, petugas_ciputat):
    ParticipantFactory(name="Warga Ciputat", kelurahan=kelurahan_of("Ciputat"))
    pamulang = ParticipantFactory(
        name="Warga Pamulang", kelurahan=kelurahan_of("Pamulang"), birth_date=dt.date(1988, 2, 3)
    )
    login(page, "petugas.ciputat")
    page.goto("/peserta/")
    table = page.locator("#participant-table")
    assert "Warga Ciputat" in table.inner_text()
    assert "Warga Pamulang" not in page.content()

    page.fill("input[name=q]", "Warga Pamulang")
    page.click("#participant-filters button[type=submit]")
    assert "Tidak ada peserta yang cocok." in table.inner_text()

    response = page.goto(f"/peserta/{pamulang.pk}/")
    assert response.status == 404
    assert "Warga Pamulang" not in page.content()
