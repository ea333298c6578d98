from celery import shared_task

from . import recycle


@shared_task
def recycle_purge_expired() -> int:
    """Celery beat (settings.CELERY_BEAT_SCHEDULE): destroy what outlived RECYCLE_BIN_DAYS."""
    return recycle.recycle_purge_expired()
