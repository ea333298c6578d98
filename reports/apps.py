from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Laporan")

    def ready(self):
        from . import freshness, kpi
        from .models import Target

        freshness.connect()
        post_save.connect(kpi.forget_target, sender=Target, dispatch_uid="reports.target_saved")
        post_delete.connect(kpi.forget_target, sender=Target, dispatch_uid="reports.target_deleted")
