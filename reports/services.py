"""Writes for exports: the log entry of every export, the background job that writes a large
file, and the sweep that deletes old files.

A background job is safe to run twice: a finished job is not redone, a running one is taken
over only when it has run longer than TANGSEL_EXPORT_RUN_TIMEOUT (its worker died). The
file is written to a temporary file and moved into storage only when complete, so a worker
killed mid-file leaves no half file to download; the sweep marks such a job failed.
"""

import datetime as dt
import logging
import os
import secrets
import tempfile
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from . import exports
from .exports import monthly
from .exports.writer import write_workbook
from .models import ExportJob

logger = logging.getLogger("reports.exports")
# Runs of one job (a worker killed mid-file gives it back to the queue) before it counts as failed.
MAX_ATTEMPTS = 2
# Not under "exports/": /berkas/ serves nothing from it (tangsel_portal/files.py SERVED_FILES).
UNFINISHED = "ekspor-belum-selesai"


def params_dict(params: QueryDict) -> dict[str, list[str]]:
    return {key: params.getlist(key) for key in params if key != "page"}


def params_querydict(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in (data or {}).items():
        query.setlist(key, values if isinstance(values, list) else [values])
    return query


def export_file_name(kind: str, when: dt.datetime) -> str:
    # Random: a stored name must not be guessable (the file view checks the owner anyway).
    return f"{kind}-{timezone.localtime(when):%Y%m%d-%H%M}-{secrets.token_hex(6)}.xlsx"


def _log_line(job: ExportJob) -> None:
    # Usernames and words only: the filters are already masked, NIKs never reach a log.
    logger.info(
        "export %s: kind=%s user=%s rows=%s personal=%s status=%s",
        job.pk,
        job.kind,
        job.requested_by.username if job.requested_by else "-",
        job.row_count,
        job.contains_personal_data,
        job.status,
    )


def export_now(*, user, exporter, export) -> tuple[ExportJob, bytes]:
    """Write a small export at once; the log entry says who, what, which filters and how many rows."""
    now = timezone.now()
    buffer = BytesIO()
    rows = write_workbook(export, target=buffer, requested_by=user, generated_at=now)
    job = ExportJob.objects.create(
        kind=exporter.kind,
        requested_by=user,
        filters=dict(export.filters),
        contains_personal_data=exporter.contains_personal_data,
        status=ExportJob.Status.DONE,
        progress=100,
        row_count=rows,
        started_at=now,
        finished_at=timezone.now(),
    )
    _log_line(job)
    return job, buffer.getvalue()


def export_job_create(*, user, exporter, filters: list[tuple[str, str]], params: QueryDict) -> ExportJob:
    """A background export, queued once the transaction commits (the worker must see the job)."""
    from .tasks import export_run

    job = ExportJob.objects.create(
        kind=exporter.kind,
        requested_by=user,
        filters=dict(filters),
        params=params_dict(params),
        contains_personal_data=exporter.contains_personal_data,
    )
    transaction.on_commit(lambda: export_run.delay(job.pk))
    return job


def monthly_report_request(*, user, year: int, month: int) -> ExportJob:
    """The monthly report of `month`, written in the background; `user` None is beat's run."""
    from .tasks import export_run

    job = ExportJob.objects.create(
        kind=monthly.KIND,
        requested_by=user,
        filters={_("Bulan"): monthly.month_words(year, month)},
        params={"bulan": [f"{year:04d}-{month:02d}"]},
    )
    transaction.on_commit(lambda: export_run.delay(job.pk))
    return job


def monthly_report_scheduled(*, today: dt.date | None = None) -> ExportJob:
    """Beat's report of the month just ended; made once, however often beat asks."""
    year, month = monthly.previous_month(today)
    made = (
        ExportJob.objects.filter(kind=monthly.KIND, requested_by=None, params__bulan__0=f"{year:04d}-{month:02d}")
        .exclude(status=ExportJob.Status.FAILED)
        .first()
    )
    return made or monthly_report_request(user=None, year=year, month=month)


def _claim(job_id: int) -> ExportJob | None:
    timeout = dt.timedelta(seconds=settings.TANGSEL_EXPORT_RUN_TIMEOUT)
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED):
            return None
        if job.status == ExportJob.Status.RUNNING and job.started_at and job.started_at > timezone.now() - timeout:
            return None  # another worker is on it
        if job.attempts >= MAX_ATTEMPTS:
            # Its workers died each time (a file too large for the machine): do not loop.
            _fail(
                job, _("Proses ekspor terhenti %(n)d kali; persempit filter lalu ekspor ulang.") % {"n": job.attempts}
            )
            return None
        job.status = ExportJob.Status.RUNNING
        job.started_at = timezone.now()
        job.progress = 0
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "progress", "attempts"])
        return job


def _fail(job: ExportJob, reason: str) -> ExportJob:
    job.status = ExportJob.Status.FAILED
    job.error = reason
    job.params = {}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "params", "finished_at"])
    _log_line(job)
    return job


def _unfinished_dir() -> Path:
    """Where files being written wait (beside MEDIA_ROOT, never served): a worker killed
    mid-file leaves its part here, and the sweep removes it."""
    folder = Path(settings.MEDIA_ROOT) / UNFINISHED
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def export_job_run(*, job_id: int) -> ExportJob | None:
    """Write the file of a background export, as its requester may see the list now."""
    job = _claim(job_id)
    if job is None:
        return ExportJob.objects.filter(pk=job_id).first()
    # A monthly report that beat made has no requester: it is written for the whole city.
    user = job.requested_by or (monthly.CITY if job.kind == monthly.KIND else None)
    exporter = exports.get(job.kind)
    if user is None or not user.is_active or exporter is None or not exporter.allowed(user):
        return _fail(job, _("Peminta tidak lagi berhak atas daftar ini."))
    try:
        export = exporter.build(user=user, params=params_querydict(job.params))
    except (Http404, PermissionDenied):
        return _fail(job, _("Data ini tidak lagi dalam cakupan peminta."))
    total = max(export.count(), 1)
    ExportJob.objects.filter(pk=job.pk).update(row_count=total)

    def progress(rows: int) -> None:
        ExportJob.objects.filter(pk=job.pk).update(progress=min(99, rows * 100 // total))

    handle, path = tempfile.mkstemp(suffix=".xlsx", prefix="ekspor-", dir=_unfinished_dir())
    os.close(handle)
    try:
        rows = write_workbook(export, target=path, requested_by=user, generated_at=job.created_at, on_progress=progress)
        with open(path, "rb") as complete:
            job.file.save(export_file_name(job.kind, job.created_at), File(complete), save=False)
    except Exception as exc:
        logger.exception("export %s failed", job.pk)
        return _fail(job, _("Berkas gagal dibuat (%(error)s).") % {"error": type(exc).__name__})
    finally:
        os.remove(path)
    job.status = ExportJob.Status.DONE
    job.progress = 100
    job.row_count = rows
    if job.kind != monthly.KIND:  # a report's month is no one's search: kept to find it by
        job.params = {}
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "progress", "row_count", "params", "finished_at"])
    _log_line(job)
    return job


def exports_sweep(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Delete files older than TANGSEL_EXPORT_KEEP_DAYS (the log entry stays), mark jobs whose
    worker died (running past the timeout) or that never started failed, and remove the parts
    killed workers left. Returns (files deleted, jobs failed)."""
    now = now or timezone.now()
    # Monthly reports are kept: they are the program's record, listed at /laporan/.
    expired = (
        ExportJob.objects.exclude(file="")
        .exclude(kind=monthly.KIND)
        .filter(finished_at__lt=now - dt.timedelta(days=settings.TANGSEL_EXPORT_KEEP_DAYS))
    )
    deleted = 0
    for job in expired:
        job.file.delete(save=False)
        job.file_deleted_at = now
        job.save(update_fields=["file", "file_deleted_at"])
        deleted += 1
    stale = ExportJob.objects.filter(
        status=ExportJob.Status.RUNNING,
        started_at__lt=now - dt.timedelta(seconds=settings.TANGSEL_EXPORT_RUN_TIMEOUT),
    )
    failed = 0
    for job in stale:
        _fail(job, _("Proses ekspor terhenti sebelum selesai; silakan ekspor ulang."))
        failed += 1
    # Queued but never started (the broker lost it): twice the timeout is more than any queue.
    never = ExportJob.objects.filter(
        status=ExportJob.Status.PENDING,
        created_at__lt=now - 2 * dt.timedelta(seconds=settings.TANGSEL_EXPORT_RUN_TIMEOUT),
    )
    for job in never:
        _fail(job, _("Ekspor tidak sempat diproses; silakan ekspor ulang."))
        failed += 1
    limit = (now - dt.timedelta(seconds=settings.TANGSEL_EXPORT_RUN_TIMEOUT)).timestamp()
    for part in _unfinished_dir().glob("ekspor-*.xlsx"):
        if part.stat().st_mtime < limit:
            part.unlink(missing_ok=True)
    return deleted, failed
