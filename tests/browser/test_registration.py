"""Registering on a phone (360 × 740): the form, its warning ticks, and saving after them."""

import datetime as dt

import pytest

from participants.models import Participant
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import ParticipantFactory, kelurahan_of, make_nik

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BIRTH = dt.date(1990, 5, 12)
OLD_DISTRICT_NIK = make_nik(birth_date=BIRTH, sex="P", serial=7, region="367499")


def test_a_field_officer_registers_on_a_phone_through_both_warning_ticks(phone_page, petugas_ciputat):
    namesake = ParticipantFactory(
        nik=make_nik(birth_date=BIRTH, sex="P", serial=9),
        name="Siti Aminah",
        sex="P",
        birth_date=BIRTH,
        kelurahan=kelurahan_of("Ciputat"),
    )
    page = phone_page
    login(page, "petugas.ciputat")
    page.goto("/peserta/daftar/")
    # Their only kecamatan is chosen, and its kelurahan are offered, before they touch anything.
    assert page.locator("#id_kecamatan option:checked").inner_text() == "Ciputat"
    assert page.locator("#id_kelurahan option:text('Serua Indah')").count() == 1
    assert page.locator("#id_nik_confirmed").count() == 0
    assert_phone_friendly(page)

    page.fill("#id_nik", OLD_DISTRICT_NIK)
    page.fill("#id_name", "siti  aminah")
    page.check("#id_sex_1")  # Perempuan
    page.fill("#id_birth_date", BIRTH.isoformat())
    page.select_option("#id_kelurahan", label="Serua Indah")
    page.fill("#id_phone", "0812-3456-7890")
    page.check("#id_consent_given")
    page.click("#participant-form button[type=submit]")

    # The warning state: both questions, the namesake linked, everything kept.
    page.wait_for_selector("#nik-confirm")
    assert "kode kecamatan 36.74.99" in page.locator("#nik-confirm").inner_text()
    similar = page.locator("#similar-person")
    assert similar.locator(f"a[href='/peserta/{namesake.pk}/']").inner_text() == "Siti Aminah"
    assert not page.is_checked("#id_nik_confirmed")
    assert not page.is_checked("#id_different_person")
    assert page.input_value("#id_nik") == OLD_DISTRICT_NIK
    assert page.input_value("#id_name") == "siti  aminah"
    assert page.is_checked("#id_consent_given")
    assert_phone_friendly(page)
    assert Participant.objects.count() == 1

    page.check("#id_nik_confirmed")
    page.check("#id_different_person")
    page.click("#participant-form button[type=submit]")
    page.wait_for_url("**/peserta/*/")
    created = Participant.objects.exclude(pk=namesake.pk).get()
    assert (created.nik, created.kelurahan.name) == (OLD_DISTRICT_NIK, "Serua Indah")
