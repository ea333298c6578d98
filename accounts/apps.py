from auditlog.apps import AuditlogConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccountsConfig(AppConfig):
    default = True  # the module holds auditlog's config too
    name = "accounts"
    verbose_name = _("Pengguna dan akses")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from core import audit

        from . import checks  # noqa: F401 (registers the deploy check)
        from .middleware import session_start
        from .models import User

        user_logged_in.connect(session_start, dispatch_uid="accounts.session_start")

        # Who was given which role and which kecamatan or bank is part of the audit trail.
        audit.register(
            User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups", "kecamatan"},
        )


class AuditTrailConfig(AuditlogConfig):
    """django-auditlog (INSTALLED_APPS), named in the admin as the portal names it."""

    verbose_name = _("Jejak audit")

    def ready(self):
        super().ready()
        from auditlog.models import LogEntry

        # The names only: Meta's original attributes, which migrations compare, stay auditlog's.
        LogEntry._meta.verbose_name = _("catatan audit")
        LogEntry._meta.verbose_name_plural = pgettext_lazy("jamak", "catatan audit")
