from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "financing"
    verbose_name = _("Pembiayaan")

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Bank, LoanReferral, LoanReferralEvent

        auditlog.register(Bank)
        auditlog.register(LoanReferral, mask_fields=["amount_requested", "amount_approved", "amount_disbursed"])
        auditlog.register(LoanReferralEvent)
