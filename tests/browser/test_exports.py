"""Exports in a browser: a filtered list's Ekspor Excel button downloads the file, which
openpyxl opens with the expected rows, masking and title block; the export pages on a phone."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from reports.models import ExportJob
from tests.browser.conftest import login
from tests.browser.layout import assert_phone_friendly
from tests.factories import ParticipantFactory, kecamatan, kelurahan_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER_ROW = 6


def test_leadership_exports_a_filtered_list_and_the_file_holds_its_rows_masked(page, pimpinan, tmp_path):
    ParticipantFactory(name="Dewi Pamulang", kelurahan=kelurahan_of("Pamulang"), birth_date=dt.date(1991, 6, 2))
    ParticipantFactory(name="Eko Ciputat", kelurahan=kelurahan_of("Ciputat"))
    login(page, "pimpinan")
    page.goto(f"/peserta/?kecamatan={kecamatan('Pamulang').pk}")
    with page.expect_download() as info:
        page.click("button[data-export=peserta]")
    path = tmp_path / "ekspor.xlsx"
    info.value.save_as(path)
    assert info.value.suggested_filename.startswith("peserta-") and info.value.suggested_filename.endswith(".xlsx")

    ws = load_workbook(path).active
    assert ws["A1"].value == "Daftar peserta"
    assert "Kecamatan: Pamulang" in ws["A2"].value
    assert ws["A4"].value == "Oleh: pimpinan (Pimpinan)"
    header = [c.value for c in ws[HEADER_ROW]]
    rows = [dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert [r["nama lengkap"] for r in rows] == ["Dewi Pamulang"]
    assert "*" in rows[0]["NIK"]
    assert "tanggal lahir" not in header and isinstance(rows[0]["umur (tahun)"], int)
    job = ExportJob.objects.get()
    assert (job.requested_by, job.row_count, job.filters) == (pimpinan, 1, {"Kecamatan": "Pamulang"})


def test_a_large_export_shows_its_page_and_the_export_pages_fit_a_phone(phone_page, petugas_ciputat, settings):
    settings.TANGSEL_EXPORT_SYNC_LIMIT = 1
    ParticipantFactory.create_batch(3, kelurahan=kelurahan_of("Ciputat"))
    login(phone_page, "petugas.ciputat")
    phone_page.goto("/peserta/")
    assert_phone_friendly(phone_page)
    phone_page.click("button[data-export=peserta]")
    phone_page.wait_for_url("**/laporan/ekspor/*/")
    # Tasks run in-process here: the page already offers the file.
    phone_page.wait_for_selector("#download")
    assert phone_page.locator("#progress").get_attribute("aria-valuenow") == "100"
    assert_phone_friendly(phone_page)
    with phone_page.expect_download() as info:
        phone_page.click("#download")
    assert info.value.suggested_filename.endswith(".xlsx")
    phone_page.goto("/laporan/ekspor/")
    assert phone_page.locator("#exports li").count() == 1
    assert_phone_friendly(phone_page)


def test_staff_make_a_monthly_report_on_a_phone(phone_page, staf):
    login(phone_page, "staf")
    phone_page.goto("/laporan/")
    assert_phone_friendly(phone_page)
    phone_page.fill("#id_bulan", "2026-11")
    phone_page.click("#monthly-form button[type=submit]")
    phone_page.wait_for_selector("#download")
    with phone_page.expect_download() as info:
        phone_page.click("#download")
    assert info.value.suggested_filename.startswith("laporan-bulanan-")
    phone_page.goto("/laporan/")
    assert phone_page.locator("#reports li").count() == 1
    assert "November 2026" in phone_page.locator("#reports").inner_text()
    assert_phone_friendly(phone_page)
