import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.db.models import F
from django.urls import reverse

from accounts import login_throttle

PASSWORD = "pw-tangsel-123"  # tests.factories.UserFactory
WRONG = "salah-tebak-99"
OFFICE = "10.20.30.40"  # one NAT address for a whole office
ELSEWHERE = "10.99.0.1"
ADDRESSES = ["127.0.0.1", OFFICE, ELSEWHERE, "203.0.113.9"]


@pytest.fixture(autouse=True)
def _fresh_address_counts():
    # The counts live in the cache (Redis under CI), which outlives a test's transaction.
    for address in ADDRESSES:
        login_throttle.address_forget(address)
    yield
    for address in ADDRESSES:
        login_throttle.address_forget(address)


def login(client, username, password, *, address=OFFICE, url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def logged_in_as(client) -> str | None:
    """Whose password the session has accepted (the second factor may still be asked)."""
    from django.contrib.auth import SESSION_KEY

    from accounts.models import User

    pk = client.session.get(SESSION_KEY)
    return User.objects.get(pk=pk).get_username() if pk else None


def shift_failures_back(minutes: int) -> None:
    """Move every stored failed attempt `minutes` into the past, as time passing would."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - dt.timedelta(minutes=minutes))


def shift_address_block_back(address: str, seconds: int) -> None:
    """Move the end of an address's block `seconds` into the past (the stored end time
    decides, so the entry is kept without expiry; the fixture above removes it)."""
    key = login_throttle.cache_key("blocked", address)
    cache.set(key, cache.get(key) - seconds, timeout=None)
