from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Kelompok usaha bersama (KUB)")

    def ready(self):
        from core import audit

        from . import signals
        from .models import BusinessGroup, Membership, Product, ProductPhoto

        for model in (BusinessGroup, Membership, Product, ProductPhoto):
            audit.register(model)
        signals.connect()
