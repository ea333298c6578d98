from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Peserta")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Participant

        auditlog.register(Participant, mask_fields=["nik", "phone", "address"])
