"""Reads about accounts: whether a username is locked out of signing in, and until when."""

import datetime as dt

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import QuerySet, Sum
from django.utils import timezone


def login_lock_until(*, username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lock on `username` ends, or None when it is not locked.

    The same rule as axes: the failures recorded in the last cool-off period add up to the
    limit. The lock ends when enough of them have aged out that the rest stay below it.
    """
    now = now or timezone.now()
    cool_off = get_cool_off()
    rows = (
        AccessAttempt.objects.filter(username=username, attempt_time__gte=now - cool_off)
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= settings.AXES_FAILURE_LIMIT:
            return attempt_time + cool_off
    return None


def login_locked_usernames(*, now: dt.datetime | None = None) -> QuerySet:
    """The usernames locked now, as a subquery (`username__in=`)."""
    now = now or timezone.now()
    return (
        AccessAttempt.objects.filter(attempt_time__gte=now - get_cool_off())
        .order_by()
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values("username")
    )
