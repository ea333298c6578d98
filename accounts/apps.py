from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Pengguna dan akses")

    def ready(self):
        from core import audit

        from .models import User

        # Who was given which role and which kecamatan or bank is part of the audit trail.
        audit.register(
            User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups", "kecamatan"},
        )
