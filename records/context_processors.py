import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.functional import SimpleLazyObject


def dpo(request):
    """The data protection officer's contact, in the footer of every page (UU 27/2022 Pasal 53).
    An office's number, not personal data: "tel", not "phone" (tests/test_privacy_registry.py).

    For those who keep the incident register, `incidents_due`: incidents not yet notified whose
    3×24-hour deadline is less than a day away or past (one query on a small table, run only
    for them, when the page reads it)."""
    context = {"dpo": {"name": settings.DPO_NAME, "email": settings.DPO_EMAIL, "tel": settings.DPO_PHONE}}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from .access import may_manage_incidents

        if may_manage_incidents(user):
            context["incidents_due"] = SimpleLazyObject(lambda: _due())
    return context


def _due() -> list:
    from .models import Incident

    soon = timezone.now() + dt.timedelta(hours=24)
    return list(Incident.objects.filter(notified_at__isnull=True, deadline__lte=soon).order_by("deadline")[:5])
