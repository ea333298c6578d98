from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Pembiayaan")

    def ready(self):
        from core import audit

        from .models import Bank, DocumentKind, KurProgramme, LoanReferral, LoanReferralEvent, ReferralDocument

        for model in (Bank, DocumentKind, KurProgramme, LoanReferral, LoanReferralEvent, ReferralDocument):
            audit.register(model)
