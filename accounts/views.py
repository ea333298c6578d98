"""Sign-in pages that need more than Django's own views: the password reset, and the second
factor (accounts/second_factor.py)."""

from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import second_factor as factor
from .forms import SecondFactorEnrolForm, SecondFactorForm
from .services import login_lock_lift

RECOVERY_CODES_SESSION_KEY = "tangsel_recovery_codes"
ENROLMENT_CODE_REFUSED = {
    "wrong": lambda: _("Kode pendaftaran salah. Ketik kode yang diberikan Admin saat mengatur ulang."),
    "expired": lambda: _("Kode pendaftaran sudah kedaluwarsa. Minta Admin mengatur ulang verifikasi dua langkah lagi."),
    "void": lambda: _(
        "Terlalu banyak kode pendaftaran yang salah; kode ini tidak berlaku lagi. "
        "Minta Admin mengatur ulang verifikasi dua langkah lagi."
    ),
}


class PasswordResetView(auth_views.PasswordResetView):
    """Django's: a mail goes out only when the address belongs to an active account, and
    the page that follows is the same either way, so it tells no one which addresses exist."""

    def form_valid(self, form):
        # Read when the mail is sent, so a changed setting (or a test's) is what the mail says.
        self.extra_email_context = {"valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the e-mailed link also lifts a login lock: the
    user has just shown they hold the account's e-mail. Every session of the user ends with
    the old password (Django's session auth hash), and no new one is opened here."""

    def form_valid(self, form):
        response = super().form_valid(form)
        login_lock_lift(user=form.user, by=form.user)
        return response


def _next(request) -> str:
    """Where to go once the second factor is given: the page asked for, if it is ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next(request)})}"


def _verified(request, device) -> None:
    # A new session key at each step up, as at login.
    request.session.cycle_key()
    django_otp.login(request, device)


@never_cache
@login_required
def second_factor(request):
    """The second step of signing in: a code from the app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(_next(request))
    if not factor.has_device(user):
        return redirect(_with_next("second_factor_enrol", request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = factor.verify(user=user, code=form.cleaned_data["code"], request=request)
        if result.device is not None:
            _verified(request, result.device)
            if result.recovery_left is not None:
                messages.warning(
                    request,
                    ngettext(
                        "Satu kode pemulihan telah dipakai; tersisa %(count)d kode. "
                        "Bila aplikasi autentikator Anda hilang, minta Admin mengatur ulang verifikasi dua langkah.",
                        "Satu kode pemulihan telah dipakai; tersisa %(count)d kode. "
                        "Bila aplikasi autentikator Anda hilang, minta Admin mengatur ulang verifikasi dua langkah.",
                        result.recovery_left,
                    )
                    % {"count": result.recovery_left},
                )
            return redirect(_next(request))
        if result.wait_seconds:
            form.add_error(
                "code",
                ngettext(
                    "Terlalu banyak kode yang salah. Tunggu %(seconds)d detik, lalu coba lagi.",
                    "Terlalu banyak kode yang salah. Tunggu %(seconds)d detik, lalu coba lagi.",
                    result.wait_seconds,
                )
                % {"seconds": result.wait_seconds},
            )
        else:
            form.add_error(
                "code",
                _(
                    "Kode salah atau sudah kedaluwarsa. Masukkan 6 angka yang sedang tampil di aplikasi "
                    "autentikator, atau salah satu kode pemulihan."
                ),
            )
    return render(request, "registration/second_factor.html", {"form": form, "next": _next(request)})


def _secret(device: TOTPDevice) -> str:
    raw = b32encode(device.bin_key).decode()
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@never_cache
@login_required
def second_factor_enrol(request):
    """Set up the app: a QR code and its secret, confirmed with a code; then the recovery codes."""
    user = request.user
    if factor.has_device(user):
        # Enrolled already: a new app only after an admin's reset, never with the password alone.
        return redirect(_with_next("second_factor", request))
    needs_enrolment_code = factor.pending_enrolment_code(user) is not None
    form = SecondFactorEnrolForm(request.POST or None, needs_enrolment_code=needs_enrolment_code)
    device = None
    if request.method == "POST":
        if form.is_valid():
            outcome = factor.enrolment_confirm(
                user=user,
                code=form.cleaned_data["code"],
                enrolment_code=form.cleaned_data.get("enrolment_code", ""),
                request=request,
            )
            if outcome.device is not None:
                _verified(request, outcome.device)
                request.session[RECOVERY_CODES_SESSION_KEY] = outcome.codes
                return redirect(_with_next("second_factor_codes", request))
            if outcome.enrolment_code_refused:
                form.add_error("enrolment_code", ENROLMENT_CODE_REFUSED[outcome.enrolment_code_refused]())
            else:
                form.add_error(
                    "code",
                    _(
                        "Kode salah. Pastikan jam ponsel tepat, lalu masukkan 6 angka yang sedang tampil di aplikasi "
                        "untuk Tangsel Kreatif."
                    ),
                )
        # The secret the user has just scanned, again, so they can try another code.
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    if device is None:
        device = factor.enrolment_start(user=user)
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, title=_("Kode QR"))
    context = {
        "form": form,
        "qr": qr,
        "secret": _secret(device),
        "required": factor.required_for(user),
        "next": _next(request),
    }
    return render(request, "registration/second_factor_enrol.html", context)


@never_cache
@login_required
def second_factor_codes(request):
    """The recovery codes, once, right after enrolment."""
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    if not codes:
        return redirect(_next(request))
    return render(request, "registration/second_factor_codes.html", {"codes": codes, "next": _next(request)})
