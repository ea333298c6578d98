import datetime as dt

from django.conf import settings

from core import badges


def dpo(request):
    """The data protection officer's contact, in the footer of every page (UU 27/2022 Pasal 53).
    An office's number, not personal data: "tel", not "phone" (tests/test_privacy_registry.py).

    For those who keep the incident register, `incidents_due`: how many incidents not yet
    notified have their 3×24-hour deadline less than a day away or past (a few ids from a
    small table, in the one query of core.badges with the data-subject requests due)."""
    context = {"dpo": {"name": settings.DPO_NAME, "email": settings.DPO_EMAIL, "tel": settings.DPO_PHONE}}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        due = badges.due(request)  # "incidents" only for those who keep the register (the source decides)
        if "incidents" in due:
            context["incidents_due"] = due["incidents"]
    return context


def incidents_due_source(user, now: dt.datetime):
    """The banner's incidents (core.badges) for those who keep the register: not yet
    notified, and the 3×24-hour deadline less than a day away or past."""
    from .access import may_manage_incidents
    from .models import Incident

    if not may_manage_incidents(user):
        return None
    return Incident.objects.filter(notified_at__isnull=True, deadline__lte=now + dt.timedelta(hours=24))
