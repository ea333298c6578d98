"""Reads about accounts: whether a username is locked out of signing in, and until when.
axes' rows hold the keyed hash of a username (accounts.login_throttle.username_key)."""

import datetime as dt

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from .login_throttle import username_key


def login_lock_until(*, username: str, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the lock on `username` ends, or None when it is not locked.

    The same rule as axes: the failures recorded in the last cool-off period add up to the
    limit. The lock ends when enough of them have aged out that the rest stay below it.
    """
    now = now or timezone.now()
    cool_off = get_cool_off()
    rows = (
        AccessAttempt.objects.filter(username=username_key(username), attempt_time__gte=now - cool_off)
        .order_by("-attempt_time")
        .values_list("attempt_time", "failures_since_start")
    )
    total = 0
    for attempt_time, failures in rows:
        total += failures
        if total >= settings.AXES_FAILURE_LIMIT:
            return attempt_time + cool_off
    return None


def login_locked_user_ids(*, now: dt.datetime | None = None) -> list[int]:
    """The accounts locked now. The rows hold hashes, so the accounts' usernames are hashed to
    match: only when some lock exists, and accounts are the department's users (hundreds)."""
    now = now or timezone.now()
    locked = set(
        AccessAttempt.objects.filter(attempt_time__gte=now - get_cool_off())
        .order_by()
        .values("username")
        .annotate(failures=Sum("failures_since_start"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .values_list("username", flat=True)
    )
    if not locked:
        return []
    User = get_user_model()
    names = User._default_manager.values_list("pk", User.USERNAME_FIELD)
    return [pk for pk, name in names.iterator() if username_key(name) in locked]
