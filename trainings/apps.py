from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingsConfig(AppConfig):
    name = "trainings"
    verbose_name = _("Pelatihan")

    def ready(self):
        from core import audit

        from . import models, signals

        for model in (
            models.CraftType,
            models.Trainer,
            models.Venue,
            models.TrainingBatch,
            models.TrainingSession,
            models.Enrollment,
            models.Attendance,
        ):
            audit.register(model)
        signals.connect()
