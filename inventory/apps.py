from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    name = "inventory"
    verbose_name = _("Inventaris industri kreatif")

    def ready(self):
        from auditlog.registry import auditlog

        from . import signals
        from .models import Business, InventoryVisit

        auditlog.register(Business, mask_fields=["owner_nik", "phone", "address"])
        auditlog.register(InventoryVisit)
        signals.connect()
