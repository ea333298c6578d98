"""Writes for imports: the job of an uploaded file, its check (the preview) and its apply.

A file is known by its SHA-256: the same content uploaded again is not a new job but the
earlier one (unless that one failed). Files up to TANGSEL_IMPORT_SYNC_LIMIT rows are checked
and applied at once; larger ones by a Celery job (`reports.tasks.import_run`) whose progress
the job page reads from the cache (the apply runs in one transaction, so the database could
not show it). Apply is safe to ask twice: the job row is locked and a finished job is left.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.models import ImportJob

from . import registry
from .base import problems_dicts
from .reader import Problem, iter_rows

logger = logging.getLogger("reports.imports")


def sha256_of(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def earlier_job(*, kind: str, digest: str) -> ImportJob | None:
    return ImportJob.objects.filter(kind=kind, sha256=digest).exclude(status=ImportJob.Status.FAILED).first()


def progress_key(job_id: int) -> str:
    return f"impor:{job_id}:kemajuan"


def progress_of(job: ImportJob) -> int:
    if job.status == ImportJob.Status.DONE:
        return 100
    return cache.get(progress_key(job.pk), 0)


def _on_progress(job_id: int):
    def report(done: int, total: int) -> None:
        cache.set(progress_key(job_id), min(99, done * 100 // max(total, 1)), 3600)

    return report


def is_large(job: ImportJob) -> bool:
    return job.total_rows > settings.TANGSEL_IMPORT_SYNC_LIMIT


def import_job_create(*, user, kind: str, content: bytes) -> ImportJob:
    """Store the upload and check it: at once when small, queued when large."""
    job = ImportJob(kind=kind, uploaded_by=user, sha256=sha256_of(content))
    # Random: a name typed by the uploader may hold a person's name; the file view checks the owner too.
    job.file.save(f"{kind}-{secrets.token_hex(8)}.xlsx", ContentFile(content), save=False)
    with job.file.open("rb") as stored:
        job.total_rows = max(0, sum(1 for _row in iter_rows(stored, width=registry.KINDS[kind].WIDTH)) - 1)
    job.save()
    logger.info("import %s: kind=%s user=%s rows=%s uploaded", job.pk, kind, user.username, job.total_rows)
    if is_large(job):
        _queue(job, apply=False)
    else:
        import_job_check(job_id=job.pk)
    return job


def _queue(job: ImportJob, *, apply: bool) -> None:
    from reports.tasks import import_run

    cache.set(progress_key(job.pk), 0, 3600)
    transaction.on_commit(lambda: import_run.delay(job.pk, apply))


def _run(job: ImportJob, *, apply: bool, reuse_state: str = ""):
    module = registry.KINDS[job.kind]
    with job.file.open("rb") as stored:
        return module.run(
            user=job.uploaded_by,
            path=stored,
            apply=apply,
            on_progress=_on_progress(job.pk),
            expected_rows=job.total_rows,
            reuse_state=reuse_state,
        )


def import_job_check(*, job_id: int) -> ImportJob | None:
    """The preview: every bad row listed, nothing written."""
    job = ImportJob.objects.filter(pk=job_id, checked_at=None).first()
    if job is None:
        return ImportJob.objects.filter(pk=job_id).first()
    if job.uploaded_by is None or not job.uploaded_by.is_active:
        return _fail(job, [Problem(0, "", _("Pengunggah tidak lagi aktif."))])
    result = _run(job, apply=False)
    job.total_rows = result.total
    job.errors = problems_dicts(result.errors)
    job.warnings = problems_dicts(result.warnings)
    job.checked_at = timezone.now()
    job.checked_state = result.state if not result.errors else ""
    job.save(update_fields=["total_rows", "errors", "warnings", "checked_at", "checked_state"])
    cache.delete(progress_key(job.pk))
    logger.info("import %s: checked, %s errors", job.pk, len(job.errors))
    return job


def may_apply(job: ImportJob) -> bool:
    return job.status == ImportJob.Status.PENDING and job.checked_at is not None and not job.errors


def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """The user's confirmation: apply now when small, queue when large."""
    if not may_apply(job):
        return job
    if is_large(job):
        with transaction.atomic():
            updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PENDING).update(
                status=ImportJob.Status.RUNNING
            )
            if updated:
                _queue(job, apply=True)
        job.refresh_from_db()
        return job
    return import_job_apply(job_id=job.pk, claimed=False)


def import_job_apply(*, job_id: int, claimed: bool = True) -> ImportJob | None:
    """Write all rows or none. `claimed`: the confirm already marked it running (the task's run)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).first()
        wanted = ImportJob.Status.RUNNING if claimed else ImportJob.Status.PENDING
        if job is None or job.status != wanted or job.checked_at is None or job.errors:
            return job
        if job.uploaded_by is None or not job.uploaded_by.is_active:
            return _fail(job, [Problem(0, "", _("Pengunggah tidak lagi aktif."))])
        # Same file (the job is known by its SHA-256): the preview's check is reused when nothing
        # it read has changed since; otherwise every row is checked again.
        result = _run(job, apply=True, reuse_state=job.checked_state)
        job.total_rows = result.total
        job.applied_rows = result.applied
        job.preview_reused = result.reused
        if not result.reused:  # reused: the preview's warnings stand
            job.warnings = problems_dicts(result.warnings)
        job.finished_at = timezone.now()
        if result.errors:
            # The database changed since the preview: nothing was kept.
            job.errors = problems_dicts(result.errors)
            job.status = ImportJob.Status.FAILED
        else:
            job.status = ImportJob.Status.DONE
        job.save(
            update_fields=[
                "total_rows",
                "applied_rows",
                "preview_reused",
                "warnings",
                "errors",
                "status",
                "finished_at",
            ]
        )
    cache.delete(progress_key(job.pk))
    if job.preview_reused:
        logger.info("import %s: pemeriksaan pratinjau dipakai ulang", job.pk)
    logger.info("import %s: %s, %s rows applied", job.pk, job.status, job.applied_rows)
    return job


def _fail(job: ImportJob, problems: list[Problem]) -> ImportJob:
    job.status = ImportJob.Status.FAILED
    job.errors = problems_dicts(problems)
    job.checked_at = job.checked_at or timezone.now()
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "checked_at", "finished_at"])
    return job
