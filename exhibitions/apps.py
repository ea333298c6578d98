from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitionsConfig(AppConfig):
    name = "exhibitions"
    verbose_name = _("Pameran")

    def ready(self):
        from core import audit

        from .models import BuyerLead, Exhibition, ExhibitionEntry, ExhibitionSale

        for model in (Exhibition, ExhibitionEntry, ExhibitionSale, BuyerLead):
            audit.register(model)
