from django.urls import reverse

from core import badges


def rights_due(request):
    """How many open data-subject requests are due within 24 hours or late, for the nav badge
    of those who handle them (a few ids from an index, in the one query of core.badges)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("privacy.view_rightsrequest"):
        return {}
    return {"rights_due": badges.due(request)["rights"], "rights_url": reverse("privacy:request_list")}
