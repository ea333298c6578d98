from celery import shared_task


@shared_task(name="privacy.tasks.retention_sweep")
def retention_sweep() -> int:
    """Beat, nightly: anonymise or delete what has outlived its retention period (privacy.retention)."""
    from .retention import run

    return run().pk
