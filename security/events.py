"""Writing security events: `record(kind, ...)` from a hook, with the request of the moment
(set by security.middleware) supplying the user, the address and the path when not given."""

import contextvars
import hashlib
import hmac
import logging

from django.conf import settings
from django.db import transaction

from core.logging import mask_niks

from .models import SecurityEvent

log = logging.getLogger(__name__)

current_request: contextvars.ContextVar = contextvars.ContextVar("security_current_request", default=None)

Kind = SecurityEvent.Kind


def username_hash(username: str) -> str:
    """A keyed hash of a typed username: the same name gives the same 16 characters, and
    without the SECRET_KEY nobody can try NIKs against it."""
    normalised = (username or "").strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"security-event:" + normalised, hashlib.sha256).hexdigest()[:16]


def clean_path(path: str) -> str:
    """The path alone (callers pass request.path, never the query string), any NIK masked, cut short."""
    return mask_niks(path or "")[:200]


def request_address(request) -> str | None:
    from accounts.login_throttle import client_address

    try:
        return client_address(request)
    except Exception:  # a malformed forwarding header must not turn an event into a 500
        return None


def record(
    kind: str,
    *,
    request=None,
    user=None,
    subject: str = "",
    object_type: str = "",
    object_id="",
    detail: str = "",
    path: str | None = None,
) -> SecurityEvent | None:
    request = request if request is not None else current_request.get()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    try:
        with transaction.atomic():  # a savepoint: a failed write leaves the request's transaction usable
            return SecurityEvent.objects.create(
                kind=kind,
                user=user if user is not None and getattr(user, "pk", None) else None,
                subject=subject,
                ip=request_address(request) if request is not None else None,
                path=clean_path(path if path is not None else request.path if request is not None else ""),
                object_type=object_type[:100],
                object_id=str(object_id)[:20] if object_id not in (None, "") else "",
                detail=mask_niks(detail)[:200],
            )
    except Exception:  # the log must never break what it records
        log.exception("security event %s could not be written", kind)
        return None
