"""The retention of the security event log (SECURITY_EVENT_RETENTION_DAYS)."""

from celery import shared_task

from . import services


@shared_task
def security_events_purge() -> int:
    """Beat, daily: events older than the retention are deleted (their IP addresses with them)."""
    return services.security_events_purge()
