"""Throttling of failed logins.

Two rules, both counted in `PortalAxesHandler.user_login_failed`:

- per username (django-axes): `AXES_FAILURE_LIMIT` failures, each less than
  `AXES_COOLOFF_TIME` after the one before, lock that username for `AXES_COOLOFF_TIME`
  after the last one. The lock names one account, so the rest of an office behind the
  same address keeps signing in.
- per address (here, in the Django cache, so it holds across processes with Redis):
  `TANGSEL_LOGIN_ADDRESS_FAILURE_LIMIT` failures on any usernames, each less than
  `TANGSEL_LOGIN_ADDRESS_WINDOW` after the one before, refuse that address for
  `TANGSEL_LOGIN_ADDRESS_BLOCK_SECONDS`, doubled with every further failure up to
  `TANGSEL_LOGIN_ADDRESS_BLOCK_MAX_SECONDS`. It slows down one address trying many
  accounts without a lasting lock on a whole office.

Every failure, lock and refusal is logged with address and counts, and the typed username
only as its keyed hash (a username may be a NIK or an e-mail address); never a password
(Django's `user_login_failed` already carries it masked, and it is not read here). axes
stores and looks up the same hash (AXES_USERNAME_CALLABLE = `axes_username`): its
AccessAttempt rows hold no typed username either, and the security event log's hash of an
unknown username is the same, so a lock and its failures can be matched.
"""

import hashlib
import ipaddress
import logging
import math
import time

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

log = logging.getLogger("accounts.login")


def client_address(request: HttpRequest) -> str | None:
    """The address of the client: REMOTE_ADDR, or behind `TANGSEL_TRUSTED_PROXY_COUNT`
    proxies the entry of X-Forwarded-For that the outermost of them added (entries to its
    left come from the client and can be forged)."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.TANGSEL_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                log.warning("X-Forwarded-For holds no address where the proxy puts it: %r", candidate[:60])
    return remote


def typed_username(request: HttpRequest | None, credentials: dict | None = None) -> str:
    """The username as typed: from the credentials of the attempt, or the posted form."""
    if credentials and credentials.get("username") is not None:
        return str(credentials["username"])
    if request is None:
        return ""
    return str(getattr(request, "data", request.POST).get("username") or "")


def username_key(username: str) -> str:
    """What is stored and logged of a username: a keyed hash (security.events.username_hash)."""
    from security.events import username_hash

    return username_hash(username)


def axes_username(request: HttpRequest | None, credentials: dict | None = None) -> str | None:
    """AXES_USERNAME_CALLABLE: axes counts, locks and resets by the keyed hash of the username."""
    typed = typed_username(request, credentials)
    return username_key(typed) if typed else None


# Per address ---------------------------------------------------------------------------


def cache_key(kind: str, address: str) -> str:
    """The cache key of an address's failure count ("failures") or block ("blocked")."""
    return f"login-address-{kind}:{hashlib.sha256(address.encode()).hexdigest()}"


def address_blocked_seconds(address: str | None) -> int:
    """Seconds until `address` may try to log in again; 0 when it may now."""
    if not address:
        return 0
    until = cache.get(cache_key("blocked", address))
    if not until:
        return 0
    return max(0, math.ceil(until - time.time()))


def address_record_failure(address: str | None) -> int:
    """Count one failed login from `address`; block it once it has failed too often.
    Returns the failures counted for the address in the current window."""
    if not address:
        return 0
    window = int(settings.TANGSEL_LOGIN_ADDRESS_WINDOW.total_seconds())
    key = cache_key("failures", address)
    cache.add(key, 0, timeout=window)
    try:
        failures = cache.incr(key)  # atomic in Redis and in the local-memory cache
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        failures = 1
    cache.touch(key, timeout=window)  # the window runs from the latest failure
    over = failures - settings.TANGSEL_LOGIN_ADDRESS_FAILURE_LIMIT
    if over >= 0:
        seconds = min(
            settings.TANGSEL_LOGIN_ADDRESS_BLOCK_SECONDS * 2 ** min(over, 30),
            settings.TANGSEL_LOGIN_ADDRESS_BLOCK_MAX_SECONDS,
        )
        cache.set(cache_key("blocked", address), time.time() + seconds, timeout=seconds)
        log.warning(
            "login address slowed down: address=%s address_failures=%d blocked_seconds=%d", address, failures, seconds
        )
    return failures


def address_forget(address: str) -> None:
    """Drop the count and any block of `address`."""
    cache.delete_many([cache_key("failures", address), cache_key("blocked", address)])


def log_address_refusal(*, username: str | None, address: str | None, seconds: int) -> None:
    log.warning(
        "login refused, address slowed down: username_hash=%s address=%s retry_in_seconds=%d",
        username_key(username or ""),
        address,
        seconds,
    )


# Per username (django-axes) ------------------------------------------------------------


class PortalAxesHandler(AxesDatabaseHandler):
    """axes' database handler, which also counts the failure against the address and
    writes one log line per failure, lock or refusal."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # The backend marks a request it refused because the username is already locked.
        refused = bool(request is not None and getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        username_hash = username_key(typed_username(request, credentials))
        address = request.axes_ip_address
        address_failures = address_record_failure(address)
        account_failures = self.get_failures(request, credentials)
        if refused:
            what = "login refused, account locked"
        elif request.axes_locked_out:
            what = "login failed, account locked"
        else:
            what = "login failed"
        message = what + ": username_hash=%s address=%s account_failures=%d address_failures=%d"
        log.log(
            logging.INFO if not request.axes_locked_out else logging.WARNING,
            message,
            username_hash,
            address,
            account_failures,
            address_failures,
        )


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """What axes answers for a locked username: the login page the view rendered, whose
    form already says that the account is locked and for how long, as 429."""
    if isinstance(original_response, HttpResponse) and original_response.status_code == 200:
        original_response.status_code = 429
        return original_response
    return HttpResponse(
        gettext("Akun ini dikunci sementara karena terlalu banyak percobaan masuk yang gagal."), status=429
    )
