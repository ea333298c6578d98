from django.urls import reverse

from core import badges

from . import services


def rights_due(request):
    """How many open data-subject requests are due within 24 hours or late, for the nav badge
    of those who handle them (a few ids from an index, in the one query of core.badges);
    whether the user may lift a restriction of processing (the participant's pages offer it)."""
    user = getattr(request, "user", None)
    if user is None:
        return {}
    due = badges.due(request)  # "rights" only for those who handle requests (the source decides)
    if "rights" not in due:
        return {}
    return {
        "rights_due": due["rights"],
        "rights_url": reverse("privacy:request_list"),
        "may_lift_restriction": services.may_lift_restriction(user),
    }
