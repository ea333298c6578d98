"""How long a session lives, and the second factor every page asks for (README "Signing in").

SessionLimitsMiddleware ends a session after TANGSEL_SESSION_IDLE_SECONDS without a request
and TANGSEL_SESSION_ABSOLUTE_SECONDS after the login. The last activity is written at most
once per TANGSEL_SESSION_ACTIVITY_RESOLUTION seconds: SESSION_SAVE_EVERY_REQUEST would write
the session row on every request, page assets and polling included; this costs one write a
minute for a busy user and makes the idle limit exact to that minute.

SecondFactorRequiredMiddleware (after django-otp's OTPMiddleware) sends a signed-in user who
must use a second factor, and has not given it in this session, to the code page, or to
enrolment when they have no app yet: every page, the Django admin's included, except the few
that signing in itself needs.
"""

import logging
import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from . import second_factor

log = logging.getLogger("accounts.login")

SIGNED_IN_AT = "tangsel_signed_in_at"
SEEN_AT = "tangsel_seen_at"
# Set at login: this session must give the second factor (the role requires it, or the user enrolled).
ASK_SECOND_FACTOR = "tangsel_second_factor"

# The pages a signed-in user reaches before giving the second factor.
OPEN_BEFORE_SECOND_FACTOR = frozenset(
    {
        "login",
        "logout",
        "second_factor",
        "second_factor_enrol",
        "second_factor_codes",
        "password_reset",
        "password_reset_done",
        "password_reset_confirm",
        "password_reset_complete",
        "set_language",
        "admin:logout",
    }
)
PUBLIC_NAMESPACES = frozenset({"catalogue"})


def session_start(sender, request, user, **kwargs) -> None:
    """user_logged_in: the clock of the session, and whether it must give a second factor."""
    if request is None or not hasattr(request, "session"):
        return
    now = time.time()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    request.session[ASK_SECOND_FACTOR] = second_factor.required_for(user) or second_factor.has_device(user)


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            signed_in_at = session.get(SIGNED_IN_AT)
            seen_at = session.get(SEEN_AT, signed_in_at)
            if signed_in_at is None:  # a session from before these limits: its clock starts now
                session[SIGNED_IN_AT] = session[SEEN_AT] = now
            elif now - signed_in_at > settings.TANGSEL_SESSION_ABSOLUTE_SECONDS:
                self._end(request, "absolute")
            elif now - seen_at > settings.TANGSEL_SESSION_IDLE_SECONDS:
                self._end(request, "idle")
            elif now - seen_at >= settings.TANGSEL_SESSION_ACTIVITY_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)

    @staticmethod
    def _end(request, why: str) -> None:
        log.info("session ended (%s): user_id=%s", why, request.user.pk)
        logout(request)
        if why == "idle":
            text = _("Sesi Anda berakhir karena tidak ada aktivitas selama %(minutes)d menit. Silakan masuk lagi.") % {
                "minutes": settings.TANGSEL_SESSION_IDLE_SECONDS // 60
            }
        else:
            text = _("Sesi Anda berakhir karena sudah %(hours)d jam sejak masuk. Silakan masuk lagi.") % {
                "hours": settings.TANGSEL_SESSION_ABSOLUTE_SECONDS // 3600
            }
        messages.info(request, text)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if not (request.session.get(ASK_SECOND_FACTOR) or second_factor.required_for(user)):
            return None
        match = request.resolver_match
        if match.view_name in OPEN_BEFORE_SECOND_FACTOR or match.namespace in PUBLIC_NAMESPACES:
            return None
        target = "second_factor" if second_factor.has_device(user) else "second_factor_enrol"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
