"""The security event log (issue 13.8): who signed in, failed, was locked out or refused, what
left the office. Without personal data: a user is a foreign key, an unknown typed username
only a keyed hash (it may be a NIK or an e-mail address), a path has no query string, an
object is its type and id. The IP address is personal data too; it is kept for the short
retention of SECURITY_EVENT_RETENTION_DAYS and then purged (security.tasks)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("Masuk")
        LOGIN_FAILED = "login_failed", _("Gagal masuk")
        LOCKOUT = "lockout", _("Akun dikunci")
        LOGOUT = "logout", _("Keluar")
        DENIED = "denied", _("Akses ditolak")
        EXPORT = "export", _("Ekspor data")
        DOCUMENT_VIEW = "document_view", _("Dokumen dibuka")
        OTP_FAILED = "otp_failed", _("Kode verifikasi salah")
        OTP_RESET = "otp_reset", _("Verifikasi dua langkah diatur ulang")
        OTP_ENROLLED = "otp_enrolled", _("Aplikasi autentikator didaftarkan")
        CSP_VIOLATION = "csp_violation", _("Pelanggaran CSP")

    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("waktu"), default=timezone.now)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("pengguna"),
    )
    # A username that matches no account, as a keyed hash: repeated guesses at one name can be
    # told apart from a spread of names, and the name itself is not kept.
    subject = models.CharField(_("nama pengguna tak dikenal (hash)"), max_length=16, blank=True)
    ip = models.GenericIPAddressField(_("alamat IP"), null=True, blank=True)
    path = models.CharField(_("alamat halaman"), max_length=200, blank=True)
    object_type = models.CharField(_("jenis data"), max_length=100, blank=True)
    object_id = models.CharField(_("ID data"), max_length=20, blank=True)
    # A status code, an export's kind, a CSP directive: never a name, NIK or phone number.
    detail = models.CharField(_("keterangan"), max_length=200, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "at"], name="security_event_kind_at")]
        verbose_name = _("peristiwa keamanan")
        verbose_name_plural = _("peristiwa keamanan")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.at:%d-%m-%Y %H:%M}"
