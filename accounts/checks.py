"""With DEBUG off, the second factor stays required for the roles that hold the data."""

from django.conf import settings
from django.core.checks import Error, Tags, register

from . import roles

MUST_USE_SECOND_FACTOR = (roles.ADMIN, roles.STAFF, roles.BANK_LIAISON)


@register(Tags.security, deploy=True)
def second_factor_required(app_configs, **kwargs):
    missing = [role for role in MUST_USE_SECOND_FACTOR if role not in settings.OTP_REQUIRED_ROLES]
    if settings.DEBUG or not missing:
        return []
    return [
        Error(
            f"OTP_REQUIRED_ROLES leaves out {', '.join(missing)}: those roles must sign in with a second factor.",
            hint="Unset OTP_REQUIRED_ROLES, or list Admin, Staf Disperindag and Mitra bank in it.",
            id="accounts.E001",
        )
    ]
