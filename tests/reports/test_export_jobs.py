"""Large exports in the background: the threshold, the job page and its download, running
twice, scope checked again at run time, a failed run that offers no file, the retention sweep."""

import datetime as dt
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from reports import services
from reports.exports import writer
from reports.models import ExportJob
from tests import factories
from tests.reports.test_exports import HEADER_ROW, export

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(settings):
    settings.TANGSEL_EXPORT_SYNC_LIMIT = 2


@pytest.fixture
def three(db):
    return factories.ParticipantFactory.create_batch(3, kelurahan=factories.kelurahan_of("Ciputat"))


def start(client, user, kind="peserta", query="", capture=None):
    with capture(execute=True):
        return export(client, user, kind, query)


def stored_exports(settings) -> list:
    folder = settings.MEDIA_ROOT / "exports"
    return sorted(folder.iterdir()) if folder.exists() else []


def test_up_to_the_limit_the_file_comes_at_once(client, staf, three, settings):
    settings.TANGSEL_EXPORT_SYNC_LIMIT = 3
    response = export(client, staf, "peserta")
    assert response.status_code == 200
    assert "attachment;" in response["Content-Disposition"]


def test_above_the_limit_a_job_writes_the_file_and_its_page_offers_the_download(
    client, staf, three, small_limit, settings, django_capture_on_commit_callbacks
):
    response = start(client, staf, capture=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("reports:export_detail", kwargs={"pk": job.pk})
    assert (job.status, job.progress, job.row_count, job.params) == ("done", 100, 3, {})
    assert job.file.name.startswith("exports/peserta-")

    page = client.get(response.url).content.decode()
    assert 'aria-valuenow="100"' in page
    assert reverse("reports:export_download", kwargs={"pk": job.pk}) in page
    assert 'http-equiv="refresh"' not in page

    download = client.get(reverse("reports:export_download", kwargs={"pk": job.pk}))
    wb = load_workbook(BytesIO(b"".join(download.streaming_content)))
    rows = list(wb.active.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert sorted(r[0] for r in rows) == sorted(p.name for p in three)
    assert wb.active.freeze_panes == f"A{HEADER_ROW + 1}"


def test_a_waiting_job_page_refreshes_itself_and_offers_no_file(client, staf):
    job = ExportJob.objects.create(kind="peserta", requested_by=staf, status="running", progress=40)
    client.force_login(staf)
    page = client.get(reverse("reports:export_detail", kwargs={"pk": job.pk})).content.decode()
    assert 'http-equiv="refresh"' in page
    assert 'aria-valuenow="40"' in page
    assert "unduh" not in page.lower().split("</h1>", 1)[1].split("semua ekspor")[0]
    assert client.get(reverse("reports:export_download", kwargs={"pk": job.pk})).status_code == 404


def test_only_the_requester_and_admins_download_a_file(
    client, staf, admin_user, pimpinan, three, small_limit, django_capture_on_commit_callbacks
):
    start(client, staf, capture=django_capture_on_commit_callbacks)
    url = reverse("reports:export_download", kwargs={"pk": ExportJob.objects.get().pk})
    assert client.get(url).status_code == 200
    client.force_login(admin_user)
    assert client.get(url).status_code == 200
    client.force_login(pimpinan)
    assert client.get(url).status_code == 404


def test_the_list_shows_ones_own_exports_and_admins_all(client, staf, pimpinan, admin_user):
    ExportJob.objects.create(kind="peserta", requested_by=staf, status="done", row_count=12)
    ExportJob.objects.create(kind="angkatan", requested_by=pimpinan, status="done", row_count=3)
    client.force_login(pimpinan)
    page = client.get(reverse("reports:export_list")).content.decode()
    assert "Daftar angkatan pelatihan" in page and "Daftar peserta" not in page
    client.force_login(admin_user)
    page = client.get(reverse("reports:export_list")).content.decode()
    assert "Daftar angkatan pelatihan" in page and "Daftar peserta" in page


def test_a_done_job_is_not_done_again(client, staf, three, small_limit, django_capture_on_commit_callbacks):
    start(client, staf, capture=django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    name = job.file.name
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.file.name == name


def test_a_running_job_is_taken_over_only_after_the_timeout(staf, three, settings):
    job = ExportJob.objects.create(
        kind="peserta", requested_by=staf, status="running", started_at=timezone.now(), params={}
    )
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.file.name) == ("running", "")

    ExportJob.objects.filter(pk=job.pk).update(
        started_at=timezone.now() - dt.timedelta(seconds=settings.TANGSEL_EXPORT_RUN_TIMEOUT + 1)
    )
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.row_count, job.attempts) == ("done", 3, 1)


def test_scope_is_checked_again_when_the_job_runs(
    client, petugas_ciputat, small_limit, django_capture_on_commit_callbacks
):
    batch = factories.TrainingBatchFactory(kecamatan=factories.kecamatan("Ciputat"))
    factories.EnrollmentFactory.create_batch(3, batch=batch)
    with django_capture_on_commit_callbacks(execute=False):
        export(client, petugas_ciputat, "kehadiran", f"angkatan={batch.pk}")
    job = ExportJob.objects.get()
    assert job.status == "pending" and job.params == {"angkatan": [str(batch.pk)]}

    petugas_ciputat.kecamatan.set([factories.kecamatan("Pamulang")])
    services.export_job_run(job_id=job.pk)

    job.refresh_from_db()
    assert job.status == "failed"
    assert "cakupan" in job.error
    assert not job.file


def test_a_run_that_fails_mid_file_offers_no_file(
    client, staf, three, small_limit, settings, monkeypatch, django_capture_on_commit_callbacks
):
    real = writer.cell_makers
    calls = {"n": 0}

    def breaks_at_the_second_row(ws, formats):
        def counted(make):
            def cell(value):
                calls["n"] += 1
                if calls["n"] > 15:
                    raise OSError("disk full")
                return make(value)

            return cell

        return [counted(make) for make in real(ws, formats)]

    monkeypatch.setattr(writer, "cell_makers", breaks_at_the_second_row)
    temporary = set(ALL_TEMP_FILES)
    response = start(client, staf, capture=django_capture_on_commit_callbacks)
    assert set(ALL_TEMP_FILES) == temporary  # openpyxl's half-written sheet is gone too

    job = ExportJob.objects.get()
    assert (job.status, job.file.name, job.params) == ("failed", "", {})
    assert "OSError" in job.error
    assert stored_exports(settings) == []
    assert list((settings.MEDIA_ROOT / services.UNFINISHED).iterdir()) == []
    page = client.get(response.url).content.decode()
    assert reverse("reports:export_download", kwargs={"pk": job.pk}) not in page
    assert "Ekspor gagal" in page
    assert client.get(reverse("reports:export_download", kwargs={"pk": job.pk})).status_code == 404


def test_the_sweep_deletes_old_files_keeps_the_log_and_fails_jobs_of_dead_workers(
    client, staf, three, small_limit, settings, django_capture_on_commit_callbacks
):
    start(client, staf, capture=django_capture_on_commit_callbacks)
    old = ExportJob.objects.get()
    assert len(stored_exports(settings)) == 1
    dead = ExportJob.objects.create(
        kind="peserta", requested_by=staf, status="running", started_at=timezone.now() - dt.timedelta(hours=2)
    )

    assert services.exports_sweep(now=timezone.now() + dt.timedelta(days=6)) == (0, 1)
    assert len(stored_exports(settings)) == 1
    assert services.exports_sweep(now=timezone.now() + dt.timedelta(days=settings.TANGSEL_EXPORT_KEEP_DAYS + 1)) == (
        1,
        0,
    )

    assert stored_exports(settings) == []
    old.refresh_from_db()
    dead.refresh_from_db()
    assert (old.status, old.file.name, old.row_count) == ("done", "", 3)
    assert old.file_deleted_at is not None
    assert dead.status == "failed" and "terhenti" in dead.error
    assert client.get(reverse("reports:export_download", kwargs={"pk": old.pk})).status_code == 404


def test_the_sweep_is_on_the_beat_schedule(settings):
    assert "reports.tasks.exports_sweep" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}


def test_a_task_whose_worker_dies_goes_back_to_the_queue():
    from reports.tasks import export_run

    assert export_run.acks_late and export_run.reject_on_worker_lost


def test_a_job_whose_workers_died_twice_is_failed_not_run_again(staf, three, settings):
    stale = timezone.now() - dt.timedelta(seconds=settings.TANGSEL_EXPORT_RUN_TIMEOUT + 1)
    job = ExportJob.objects.create(kind="peserta", requested_by=staf, status="running", started_at=stale, attempts=2)
    services.export_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.file.name) == ("failed", "")
    assert "2 kali" in job.error


def test_the_sweep_removes_the_part_file_a_killed_worker_left_which_no_one_can_fetch(client, admin_user, settings):
    folder = settings.MEDIA_ROOT / services.UNFINISHED
    folder.mkdir(parents=True)
    left = folder / "ekspor-abc.xlsx"
    left.write_bytes(b"PK half")
    client.force_login(admin_user)
    assert client.get(reverse("file", kwargs={"path": f"{services.UNFINISHED}/ekspor-abc.xlsx"})).status_code == 404
    services.exports_sweep(now=timezone.now() + dt.timedelta(seconds=settings.TANGSEL_EXPORT_RUN_TIMEOUT + 60))
    assert not left.exists()


def test_the_sweep_fails_a_job_that_never_started(staf, settings):
    job = ExportJob.objects.create(kind="peserta", requested_by=staf)
    assert services.exports_sweep(now=timezone.now() + dt.timedelta(minutes=5)) == (0, 0)
    later = timezone.now() + dt.timedelta(seconds=2 * settings.TANGSEL_EXPORT_RUN_TIMEOUT + 60)
    assert services.exports_sweep(now=later) == (0, 1)
    job.refresh_from_db()
    assert job.status == "failed" and "tidak sempat" in job.error


def test_deciding_at_once_or_in_the_background_counts_no_further_than_the_limit(
    client, staf, three, small_limit, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured, django_capture_on_commit_callbacks(execute=False):
        assert export(client, staf, "peserta").status_code == 302
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
    assert counts and all("LIMIT 3" in sql.upper() for sql in counts)
