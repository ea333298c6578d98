from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventaris industri kreatif")

    def ready(self):
        from core import audit

        from . import curation, signals
        from .models import Business, BusinessLicence, Curation, InventoryVisit

        audit.register(Business)
        audit.register(InventoryVisit)
        audit.register(BusinessLicence)
        audit.register(Curation)
        signals.connect()
        curation.connect()
