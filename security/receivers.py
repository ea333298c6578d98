"""The hooks that write security events: Django's auth signals, axes' lockout, the export
jobs, the document views of financing, and the second factor's failures, resets and enrolments
(accounts.second_factor)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save

from . import events
from .events import Kind


def logged_in(sender, request, user, **kwargs):
    events.record(Kind.LOGIN, request=request, user=user)


def logged_out(sender, request, user, **kwargs):
    events.record(Kind.LOGOUT, request=request, user=user)


def _user_or_hash(username: str):
    """The account a typed username names, or (None, its keyed hash): never the text itself."""
    User = get_user_model()
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first() if username else None
    return (user, "") if user is not None else (None, events.username_hash(username))


def _refused_while_locked(request) -> bool:
    # axes counts a failure (axes_failures_since_start) unless the username was already locked.
    locked = bool(getattr(request, "axes_locked_out", False))
    return locked and getattr(request, "axes_failures_since_start", None) is None


def login_failed(sender, credentials, request=None, **kwargs):
    from accounts.login_throttle import typed_username

    user, subject = _user_or_hash(typed_username(request, credentials))
    detail = "akun sedang dikunci" if request is not None and _refused_while_locked(request) else ""
    events.record(Kind.LOGIN_FAILED, request=request, user=user, subject=subject, detail=detail)


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    if request is None or _refused_while_locked(request):
        return  # axes says "locked" again on each refused attempt; the lock was recorded when it began
    from accounts.login_throttle import typed_username

    # axes' username is its keyed hash (AXES_USERNAME_CALLABLE); the account is found by the typed one.
    user, subject = _user_or_hash(typed_username(request, getattr(request, "axes_credentials", None)))
    events.record(Kind.LOCKOUT, request=request, user=user, subject=subject)


def export_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        events.record(
            Kind.EXPORT,
            user=instance.requested_by,
            object_type="reports.exportjob",
            object_id=instance.pk,
            detail=f"{instance.kind}{' · data pribadi' if instance.contains_personal_data else ''}",
        )


def document_viewed(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        events.record(
            Kind.DOCUMENT_VIEW,
            user=instance.by,
            object_type="financing.referraldocument",
            object_id=instance.document_id,
        )


def second_factor_failed(sender, user, request=None, throttled=False, **kwargs):
    events.record(
        Kind.OTP_FAILED, request=request, user=user, detail="menunggu (terlalu banyak salah)" if throttled else ""
    )


def second_factor_reset(sender, user, by, request=None, **kwargs):
    # By the admin (the request's user), of this account.
    events.record(Kind.OTP_RESET, request=request, user=by, object_type="accounts.user", object_id=user.pk)


def second_factor_enrolled(sender, user, request=None, with_enrolment_code=False, **kwargs):
    events.record(
        Kind.OTP_ENROLLED, request=request, user=user, detail="dengan kode pendaftaran" if with_enrolment_code else ""
    )


def connect():
    user_logged_in.connect(logged_in, dispatch_uid="security.logged_in")
    user_logged_out.connect(logged_out, dispatch_uid="security.logged_out")
    user_login_failed.connect(login_failed, dispatch_uid="security.login_failed")
    from axes.signals import user_locked_out

    user_locked_out.connect(locked_out, dispatch_uid="security.locked_out")
    post_save.connect(export_created, sender="reports.ExportJob", dispatch_uid="security.export")
    post_save.connect(document_viewed, sender="financing.DocumentView", dispatch_uid="security.document_view")
    # The second factor's own signal (accounts/second_factor.py): a wrong code or recovery code.
    from accounts.second_factor import second_factor_enrolled as enrolled
    from accounts.second_factor import second_factor_failed as failed
    from accounts.second_factor import second_factor_reset as reset

    failed.connect(second_factor_failed, dispatch_uid="security.second_factor_failed")
    reset.connect(second_factor_reset, dispatch_uid="security.second_factor_reset")
    enrolled.connect(second_factor_enrolled, dispatch_uid="security.second_factor_enrolled")
