from django.urls import reverse

from . import selectors


def rights_due(request):
    """How many open data-subject requests are due within 24 hours or late, for the nav badge
    of those who handle them (one indexed COUNT per page)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.has_perm("privacy.view_rightsrequest"):
        return {}
    return {"rights_due": selectors.due_soon_count(user=user), "rights_url": reverse("privacy:request_list")}
