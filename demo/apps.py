from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "demo"
    verbose_name = _("Data demo")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy check)
