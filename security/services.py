from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import SecurityEvent


def security_events_purge(*, now=None) -> int:
    cutoff = (now or timezone.now()) - timedelta(days=settings.SECURITY_EVENT_RETENTION_DAYS)
    deleted, _ = SecurityEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
