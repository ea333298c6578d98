"""The Excel import on a phone: an officer downloads the template, uploads a file with a bad
row (nothing saved, the row listed), then the corrected file, and applies it."""

import datetime as dt
from io import BytesIO

import pytest
from openpyxl import Workbook

from participants.models import Participant
from reports.imports import participants as columns
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import kelurahan_of, make_nik

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _file(path, *, nik_as_number: bool):
    wb = Workbook()
    ws = wb.active
    ws.append([str(label) for _key, label in columns.COLUMNS])
    kelurahan = kelurahan_of("Ciputat").name
    for serial in (1, 2):
        nik = make_nik(birth_date=dt.date(1990, 8, 17), sex="P", serial=serial)
        value = int(nik) if nik_as_number and serial == 2 else nik
        ws.append(
            [value, f"Warga Ponsel {serial}", "Perempuan", dt.date(1990, 8, 17), "", "", "Ciputat", kelurahan, "Ya"]
        )
    buffer = BytesIO()
    wb.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def test_an_officer_imports_a_file_from_a_phone(phone_page, petugas_ciputat, tmp_path):
    login(phone_page, "petugas.ciputat")
    phone_page.goto("/peserta/")
    phone_page.click("text=Impor Excel")
    phone_page.wait_for_url("**/laporan/impor/")
    assert_phone_friendly(phone_page)
    with phone_page.expect_download() as info:
        phone_page.click("#template-peserta")
    assert info.value.suggested_filename.endswith(".xlsx")

    phone_page.set_input_files("#berkas-peserta", str(_file(tmp_path / "salah.xlsx", nik_as_number=True)))
    phone_page.click("#upload-peserta button[type=submit]")
    phone_page.wait_for_url("**/laporan/impor/*/")
    assert "Baris 3" in phone_page.locator("#errors").inner_text()
    assert phone_page.locator("#confirm").count() == 0
    assert_phone_friendly(phone_page)
    assert not Participant.objects.filter(name__startswith="Warga Ponsel").exists()

    phone_page.goto("/laporan/impor/")
    phone_page.set_input_files("#berkas-peserta", str(_file(tmp_path / "benar.xlsx", nik_as_number=False)))
    phone_page.click("#upload-peserta button[type=submit]")
    phone_page.wait_for_url("**/laporan/impor/*/")
    phone_page.click("#confirm button[type=submit]")
    phone_page.wait_for_selector("#status .text-success")
    assert_phone_friendly(phone_page)
    assert Participant.objects.filter(name__startswith="Warga Ponsel").count() == 2
    phone_page.goto("/laporan/impor/")
    assert phone_page.locator("#imports li").count() == 2
