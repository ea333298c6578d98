from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "records"
    verbose_name = _("Catatan pelindungan data")

    def ready(self):
        from core import audit

        from .models import Incident

        # The incident register is audited like every record; the recycle bin is not: its
        # payload is personal data, and the rows it holds keep their own trail.
        audit.register(Incident)

        from core import badges

        from .context_processors import incidents_due_source

        badges.register("incidents", incidents_due_source)
