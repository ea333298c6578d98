"""The monthly program report: one workbook with a summary and both targets per kecamatan with their
native charts, the month's batches, KUBs, inventory, exhibitions and referrals; made on demand
and by beat on the 1st at 06:00 WIB, kept and listed at /laporan/."""

import datetime as dt
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from celery.schedules import crontab
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from reports import services
from reports.models import ExportJob
from tests import factories
from tests.reports.test_exports import table

pytestmark = pytest.mark.django_db


def content_of(client, job) -> bytes:
    response = client.get(reverse("reports:export_download", kwargs={"pk": job.pk}))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def november(db):
    batch = factories.TrainingBatchFactory(
        name="Batik November",
        kecamatan=factories.kecamatan("Ciputat"),
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2026, 11, 27),
    )
    factories.EnrollmentFactory.create_batch(3, batch=batch, completed=True)
    factories.TrainingBatchFactory(start_date=dt.date(2026, 8, 3), end_date=dt.date(2026, 8, 28))
    entry = factories.ExhibitionEntryFactory()  # the November fair
    factories.ExhibitionSaleFactory(entry=entry, quantity=2, amount=Decimal("300000"))
    factories.LoanReferralFactory(amount_requested=Decimal("12345678"))
    return batch


def test_staff_make_the_report_of_a_month_with_its_tables_and_native_charts(
    client, staf, november, django_capture_on_commit_callbacks
):
    client.force_login(staf)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:monthly_create"), {"bulan": "2026-11"})
    job = ExportJob.objects.get()
    assert response.url == reverse("reports:export_detail", kwargs={"pk": job.pk})
    assert (job.kind, job.status, job.filters) == ("laporan-bulanan", "done", {"Bulan": "November 2026"})

    data = content_of(client, job)
    wb = load_workbook(BytesIO(data))
    assert wb.sheetnames == [
        "Ringkasan",
        "Target 40%",
        "Target 2%",
        "Angkatan",
        "KUB",
        "Inventaris",
        "Pameran",
        "Rujukan",
    ]
    assert wb["Ringkasan"]["A1"].value == "Laporan bulanan program: November 2026"
    conversion = {r["kecamatan"]: r for r in table(wb["Target 40%"])}
    assert conversion["Ciputat"]["peserta lulus"] == 3
    assert conversion["Kota Tangerang Selatan"]["target"] == pytest.approx(0.4)
    assert [r["nama angkatan"] for r in table(wb["Angkatan"])] == ["Batik November"]
    assert [(r["jumlah terjual"], r["nilai penjualan (Rp)"]) for r in table(wb["Pameran"])] == [(2, 300000)]
    with zipfile.ZipFile(BytesIO(data)) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        assert charts
        assert b"<barChart>" in archive.read(charts[0])
    # Counts of referrals only: no loan amount anywhere.
    assert not [c for ws in wb for row in ws.iter_rows() for c in row if c.value == 12345678]
    assert sum(r["rujukan"] for r in table(wb["Rujukan"])) == 1


def test_beat_makes_last_months_report_once_and_every_city_wide_reader_may_open_it(
    client, pimpinan, petugas_ciputat, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.monthly_report_scheduled(today=dt.date(2026, 12, 1))
    with django_capture_on_commit_callbacks(execute=True):
        again = services.monthly_report_scheduled(today=dt.date(2026, 12, 1))
    job.refresh_from_db()
    assert again.pk == job.pk and ExportJob.objects.count() == 1
    assert (job.requested_by, job.status, job.filters) == (None, "done", {"Bulan": "November 2026"})
    assert job.file

    client.force_login(pimpinan)
    page = client.get(reverse("reports:index")).content.decode()
    assert "November 2026" in page and "jadwal otomatis" in page
    wb = load_workbook(BytesIO(content_of(client, job)))
    assert wb.active["A4"].value == "Oleh: Jadwal otomatis (Pimpinan)"

    client.force_login(petugas_ciputat)
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.get(reverse("reports:export_download", kwargs={"pk": job.pk})).status_code == 404


def test_monthly_reports_are_kept_past_the_export_retention(staf, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = services.monthly_report_request(user=staf, year=2026, month=10)
    services.exports_sweep(now=timezone.now() + dt.timedelta(days=400))
    job.refresh_from_db()
    assert job.file and job.file_deleted_at is None


def test_a_month_that_is_not_one_is_refused(client, staf):
    client.force_login(staf)
    response = client.post(reverse("reports:monthly_create"), {"bulan": "2026-13"}, follow=True)
    assert "Pilih bulan laporan" in response.content.decode()
    assert not ExportJob.objects.exists()


def test_beat_makes_it_on_the_first_at_six_wib(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-report"]
    assert entry["task"] == "reports.tasks.monthly_report_make"
    assert entry["schedule"] == crontab(minute=0, hour=6, day_of_month=1)
    assert settings.CELERY_TIMEZONE == "Asia/Jakarta"
