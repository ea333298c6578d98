from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventaris industri kreatif")

    def ready(self):
        from core import audit

        from . import signals
        from .models import Business, InventoryVisit

        audit.register(Business)
        audit.register(InventoryVisit)
        signals.connect()
