"""The second factor at sign-in: a TOTP app (django-otp) and ten one-time recovery codes.

Who must use it is a setting (OTP_REQUIRED_ROLES); a user of another role who has enrolled is
asked for it as well. Recovery codes are stored as a keyed hash (HMAC with SECRET_KEY) in
django-otp's static tokens, so a copy of the database alone does not give them away.

Events are Python log lines on `accounts.login` and the signals below, for whoever records
security events; no code, secret or personal data is in either.
"""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass

import django.dispatch
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import User

log = logging.getLogger("accounts.login")

# Sent with sender=User, user=…, request=… (None outside a request).
second_factor_verified = django.dispatch.Signal()  # also method="totp" | "recovery"
second_factor_failed = django.dispatch.Signal()  # also throttled=bool
second_factor_enrolled = django.dispatch.Signal()
second_factor_reset = django.dispatch.Signal()  # also by=the admin

TOTP_NAME = "Aplikasi autentikator"
RECOVERY_NAME = "Kode pemulihan"
# Recovery codes: 10 characters of a–z and 2–9 without look-alikes, shown as two groups of 5.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


def required_for(user) -> bool:
    """Whether the user's role must sign in with a second factor."""
    return user.is_authenticated and user.role in settings.OTP_REQUIRED_ROLES


def has_device(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def recovery_code_hash(code: str) -> str:
    """What is stored of a recovery code: 16 hex digits of HMAC-SHA256 (StaticToken holds 16)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), b"recovery-code:" + normalise_code(code).encode(), hashlib.sha256)
    return digest.hexdigest()[:16]


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(10))
    return f"{raw[:5]}-{raw[5:]}"


def _send(signal, *, user, request, **extra) -> None:
    signal.send(sender=User, user=user, request=request, **extra)


@transaction.atomic
def enrolment_start(*, user: User) -> TOTPDevice:
    """A new secret for the user's app. Each secret is shown once: every visit of the
    enrolment page makes a new one, until one is confirmed with a code."""
    if has_device(user):
        raise PermissionDenied  # enrolled: only an admin's reset allows a new device
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@transaction.atomic
def enrolment_confirm(*, user: User, code: str, request=None) -> tuple[list[str], TOTPDevice] | None:
    """Confirm the unconfirmed device with a code from the app. Returns the recovery codes
    (plain, to be shown once) and the device, or None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None or has_device(user):
        return None
    if not device.verify_token(normalise_code(code)):
        _send(second_factor_failed, user=user, request=request, throttled=not device.verify_is_allowed()[0])
        log.warning("second factor enrolment failed: username=%r", user.get_username())
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_replace(user=user)
    _send(second_factor_enrolled, user=user, request=request)
    log.info("second factor enrolled: username=%r", user.get_username())
    return codes, device


def recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [_new_recovery_code() for _ in range(settings.TANGSEL_RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=recovery_code_hash(code)) for code in codes)
    return codes


@dataclass
class Verification:
    device: TOTPDevice | StaticDevice | None = None
    wait_seconds: int = 0  # > 0: refused without checking, too many wrong codes just before
    recovery_left: int | None = None  # after a recovery code: how many remain


def _wait_seconds(device) -> int:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return 0
    left = (data["locked_until"] - timezone.now()).total_seconds()
    return max(1, int(left + 0.999))


@transaction.atomic
def verify(*, user: User, code: str, request=None) -> Verification:
    """Check a 6-digit code from the app, or one recovery code (used up by this)."""
    code = normalise_code(code)
    is_totp = code.isdigit() and len(code) == 6
    if is_totp:
        devices = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
    if not devices:
        devices = list(TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True))
    wait = max((_wait_seconds(d) for d in devices), default=0)
    if wait:
        _send(second_factor_failed, user=user, request=request, throttled=True)
        log.warning("second factor refused, too many wrong codes: username=%r wait=%ds", user.get_username(), wait)
        return Verification(wait_seconds=wait)
    token = code if is_totp else recovery_code_hash(code)
    for device in devices:
        if device.verify_token(token):
            method = "totp" if is_totp else "recovery"
            result = Verification(device=device)
            if not is_totp:
                result.recovery_left = device.token_set.count()
            _send(second_factor_verified, user=user, request=request, method=method)
            log.info("second factor verified: username=%r method=%s", user.get_username(), method)
            return result
    _send(second_factor_failed, user=user, request=request, throttled=False)
    log.warning("second factor failed: username=%r", user.get_username())
    return Verification()


@transaction.atomic
def reset(*, user: User, by: User, request=None) -> bool:
    """An admin removes a user's app and recovery codes; the user enrols again at the next
    page. Returns whether there was anything to remove."""
    if by.role != roles.ADMIN:
        raise PermissionDenied
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    if removed:
        _send(second_factor_reset, user=user, request=request, by=by)
        log.warning("second factor reset: username=%r by=%r", user.get_username(), by.get_username())
    return bool(removed)
