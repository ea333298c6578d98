from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Pengguna dan akses")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import User

        # Who was given which role and which kecamatan or bank is part of the audit trail.
        auditlog.register(
            User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups", "kecamatan"},
            mask_fields=["phone"],
        )
