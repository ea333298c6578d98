"""Celery tasks for exports: thin wrappers that take ids and call a service; safe to run twice."""

from celery import shared_task

from . import services


# acks_late + reject_on_worker_lost: a worker killed mid-file gives the job back to the queue;
# the run takes it over once the timeout shows no one else is on it (services._claim).
@shared_task(acks_late=True, reject_on_worker_lost=True)
def export_run(job_id: int) -> str | None:
    job = services.export_job_run(job_id=job_id)
    return job.status if job else None


@shared_task
def exports_sweep() -> list[int]:
    """Periodic (beat): old files deleted, jobs of dead workers marked failed."""
    return list(services.exports_sweep())


@shared_task
def monthly_report_make() -> int:
    """Beat, on the 1st of each month at 06:00 WIB: the report of the month just ended."""
    return services.monthly_report_scheduled().pk


# The apply is one transaction with the job's own status: a worker killed mid-file leaves
# nothing written and the job running, and the redelivered task applies it from the start.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def import_run(job_id: int, apply: bool) -> str | None:
    """Check (preview) or apply a large import file."""
    from .imports import jobs

    job = jobs.import_job_apply(job_id=job_id) if apply else jobs.import_job_check(job_id=job_id)
    return job.status if job else None
