from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Peserta")

    def ready(self):
        from core import audit

        from . import signals
        from .models import Participant

        audit.register(Participant)
        signals.connect()
