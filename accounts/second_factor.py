"""The second factor at sign-in: a TOTP app (django-otp) and ten one-time recovery codes.

Who must use it is a setting (OTP_REQUIRED_ROLES); a user of another role who has enrolled is
asked for it as well. Recovery codes are stored as a keyed hash (HMAC with SECRET_KEY) in
django-otp's static tokens, so a copy of the database alone does not give them away.

A new account enrols its first app with the password alone. After an admin's reset that is not
enough (whoever learnt the password could enrol first): the admin is shown a one-time enrolment
code, kept as a keyed hash (EnrolmentCode), that the user types with their app's first code.
It expires after TANGSEL_ENROLMENT_CODE_HOURS and is void after
TANGSEL_ENROLMENT_CODE_MAX_FAILURES wrong tries; then only a new reset helps.

Events are Python log lines on `accounts.login` and the signals below, for whoever records
security events; no code, secret or personal data is in either (an account is its id: a
username may be a NIK or an e-mail address).
"""

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass, field
from datetime import timedelta

import django.dispatch
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles
from .models import EnrolmentCode, User

log = logging.getLogger("accounts.login")

# Sent with sender=User, user=…, request=… (None outside a request).
second_factor_verified = django.dispatch.Signal()  # also method="totp" | "recovery"
second_factor_failed = django.dispatch.Signal()  # also throttled=bool
second_factor_enrolled = django.dispatch.Signal()  # also with_enrolment_code=bool
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


def enrolment_code_hash(code: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), b"enrolment-code:" + normalise_code(code).encode(), hashlib.sha256)
    return digest.hexdigest()


def _new_enrolment_code() -> str:
    raw = "".join(secrets.choice(_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def pending_enrolment_code(user, *, lock: bool = False) -> EnrolmentCode | None:
    """The code an admin's reset left for the user, if it is not used yet (expired or void
    included: a user who was reset never enrols with the password alone); `lock`: its row
    locked until the transaction ends."""
    codes = EnrolmentCode.objects.select_for_update() if lock else EnrolmentCode.objects
    latest = codes.filter(user=user).order_by("-created_at", "-pk").first()
    return latest if latest is not None and latest.used_at is None else None


@transaction.atomic
def enrolment_start(*, user: User) -> TOTPDevice:
    """A new secret for the user's app. Each secret is shown once: every visit of the
    enrolment page makes a new one, until one is confirmed with a code."""
    if has_device(user):
        raise PermissionDenied  # enrolled: only an admin's reset allows a new device
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


@dataclass
class Enrolment:
    codes: list[str] = field(default_factory=list)  # the recovery codes, plain, to be shown once
    device: TOTPDevice | None = None  # None: refused
    # Why an enrolment code was refused: "wrong", "expired" or "void" (too many wrong tries).
    enrolment_code_refused: str = ""


def _enrolment_code_refusal(*, user: User, pending: EnrolmentCode, typed: str, request) -> str:
    if pending.failed_attempts >= settings.TANGSEL_ENROLMENT_CODE_MAX_FAILURES:
        return "void"
    if pending.expires_at <= timezone.now():
        return "expired"
    if typed and hmac.compare_digest(pending.code_hash, enrolment_code_hash(typed)):
        return ""
    pending.failed_attempts += 1
    pending.save(update_fields=["failed_attempts"])
    void = pending.failed_attempts >= settings.TANGSEL_ENROLMENT_CODE_MAX_FAILURES
    _send(second_factor_failed, user=user, request=request, throttled=void)
    log.warning("second factor enrolment code wrong: user_id=%s void=%s", user.pk, void)
    return "void" if void else "wrong"


@transaction.atomic
def enrolment_confirm(*, user: User, code: str, enrolment_code: str = "", request=None) -> Enrolment:
    """Confirm the unconfirmed device with a code from the app, and, after an admin's reset,
    the enrolment code the admin was given. A wrong enrolment code counts (and is saved) even
    when the app's code is wrong too."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None or has_device(user):
        return Enrolment()
    # None when the latest reset's code is used: this is not an enrolment after a reset.
    pending = pending_enrolment_code(user, lock=True)
    if pending is not None:
        refused = _enrolment_code_refusal(user=user, pending=pending, typed=enrolment_code, request=request)
        if refused:
            return Enrolment(enrolment_code_refused=refused)
    if not device.verify_token(normalise_code(code)):
        _send(second_factor_failed, user=user, request=request, throttled=not device.verify_is_allowed()[0])
        log.warning("second factor enrolment failed: user_id=%s", user.pk)
        return Enrolment()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    if pending is not None:
        pending.used_at = timezone.now()
        pending.save(update_fields=["used_at"])
    codes = recovery_codes_replace(user=user)
    _send(second_factor_enrolled, user=user, request=request, with_enrolment_code=pending is not None)
    log.info("second factor enrolled: user_id=%s", user.pk)
    return Enrolment(codes=codes, device=device)


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
        log.warning("second factor refused, too many wrong codes: user_id=%s wait=%ds", user.pk, wait)
        return Verification(wait_seconds=wait)
    token = code if is_totp else recovery_code_hash(code)
    for device in devices:
        if device.verify_token(token):
            method = "totp" if is_totp else "recovery"
            result = Verification(device=device)
            if not is_totp:
                result.recovery_left = device.token_set.count()
            _send(second_factor_verified, user=user, request=request, method=method)
            log.info("second factor verified: user_id=%s method=%s", user.pk, method)
            return result
    _send(second_factor_failed, user=user, request=request, throttled=False)
    log.warning("second factor failed: user_id=%s", user.pk)
    return Verification()


@transaction.atomic
def reset(*, user: User, by: User, request=None) -> str | None:
    """An admin removes a user's app and recovery codes; the user enrols again at the next
    page, with the enrolment code returned here (plain, to be shown to the admin once and
    handed to the user by another way than the password). None when there was nothing to remove."""
    if by.role != roles.ADMIN:
        raise PermissionDenied
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    if not removed:
        return None
    code = _new_enrolment_code()
    # Only the latest code counts (pending_enrolment_code): an earlier reset's code is void now.
    EnrolmentCode.objects.create(
        user=user,
        code_hash=enrolment_code_hash(code),
        created_by=by,
        expires_at=timezone.now() + timedelta(hours=settings.TANGSEL_ENROLMENT_CODE_HOURS),
    )
    _send(second_factor_reset, user=user, request=request, by=by)
    log.warning("second factor reset: user_id=%s by_user_id=%s", user.pk, by.pk)
    return code
