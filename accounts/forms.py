"""The login forms of the portal and of the admin, with the throttling rules' own messages."""

import math

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import login_throttle
from .selectors import login_lock_until


def _minutes(seconds: float) -> int:
    return max(1, math.ceil(seconds / 60))


class ThrottledLoginMixin:
    """Refuses an address that is being slowed down before any password is checked, and
    says so when the username is locked (axes marks the request)."""

    def clean(self):
        address = login_throttle.client_address(self.request) if self.request else None
        seconds = login_throttle.address_blocked_seconds(address)
        if seconds:
            login_throttle.log_address_refusal(
                username=self.cleaned_data.get("username"), address=address, seconds=seconds
            )
            minutes = _minutes(seconds)
            raise forms.ValidationError(
                ngettext(
                    "Terlalu banyak percobaan masuk yang gagal dari jaringan ini. Coba lagi dalam %(minutes)d menit.",
                    "Terlalu banyak percobaan masuk yang gagal dari jaringan ini. Coba lagi dalam %(minutes)d menit.",
                    minutes,
                ),
                code="address_throttled",
                params={"minutes": minutes},
            )
        return super().clean()

    def get_invalid_login_error(self):
        if self.request is not None and getattr(self.request, "axes_locked_out", False):
            until = login_lock_until(username=self.cleaned_data.get("username") or "")
            minutes = _minutes((until - timezone.now()).total_seconds()) if until else 1
            return forms.ValidationError(
                ngettext(
                    "Akun ini dikunci sementara karena terlalu banyak percobaan masuk yang gagal. "
                    "Coba lagi dalam %(minutes)d menit, pakai “Lupa sandi?”, atau minta Admin membuka kuncinya.",
                    "Akun ini dikunci sementara karena terlalu banyak percobaan masuk yang gagal. "
                    "Coba lagi dalam %(minutes)d menit, pakai “Lupa sandi?”, atau minta Admin membuka kuncinya.",
                    minutes,
                ),
                code="locked",
                params={"minutes": minutes},
            )
        return super().get_invalid_login_error()


class PortalAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    # Django's Indonesian catalogue reads "Masukkan nama pengguna nama pengguna ..." once
    # %(username)s is filled in with the field's label.
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Masukkan nama pengguna dan sandi yang benar."),
    }


class PortalAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": _("Masukkan nama pengguna dan sandi yang benar untuk akun staf."),
    }


class SecondFactorForm(forms.Form):
    """The code of the sign-in's second step: 6 digits from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Kode"),
        max_length=32,
        help_text=_("6 angka dari aplikasi autentikator, atau salah satu kode pemulihan."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}),
    )


class SecondFactorEnrolForm(forms.Form):
    """The app's first code; after an admin's reset also the enrolment code the admin gave."""

    enrolment_code = forms.CharField(
        label=_("Kode pendaftaran dari Admin"),
        max_length=32,
        help_text=_("Verifikasi dua langkah Anda diatur ulang: ketik kode sekali pakai yang diberikan Admin."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    code = forms.CharField(
        label=_("Kode 6 angka dari aplikasi"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, needs_enrolment_code: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not needs_enrolment_code:
            del self.fields["enrolment_code"]
