from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Pelindungan data pribadi")

    def ready(self):
        from core import audit

        from .models import RestrictionLift, RightsRequest

        audit.register(RightsRequest)
        audit.register(RestrictionLift)

        from core import badges

        from .selectors import rights_due_source

        badges.register("rights", rights_due_source)
