"""Reads for the privacy pages: data subjects' requests in the user's scope, due first."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from accounts.scoping import get_scoped_or_404, scope_queryset

from .models import WARN_HOURS, RetentionRun, RightsRequest


def request_list(*, user, status: str = "open", kind: str = "") -> QuerySet[RightsRequest]:
    qs = scope_queryset(user, RightsRequest.objects.select_related("participant", "handled_by"))
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    # Open ones by their deadline (the most urgent first); closed ones latest first.
    return qs.order_by("due_at", "pk") if status == RightsRequest.Status.OPEN else qs.order_by("-received_at", "-pk")


def request_get(*, user, pk: int) -> RightsRequest:
    return get_scoped_or_404(
        user, RightsRequest.objects.select_related("participant", "handled_by", "created_by"), pk=pk
    )


def rights_due_queryset(*, user, now: dt.datetime | None = None) -> QuerySet[RightsRequest]:
    """Open requests in the user's scope late or due within WARN_HOURS, on the (status, due_at) index."""
    now = now or timezone.now()
    return scope_queryset(user, RightsRequest.objects.all()).filter(
        status=RightsRequest.Status.OPEN, due_at__lte=now + dt.timedelta(hours=WARN_HOURS)
    )


def rights_due_source(user, now: dt.datetime) -> QuerySet[RightsRequest] | None:
    """The nav badge's requests (core.badges) for those who handle requests."""
    if not user.has_perm("privacy.view_rightsrequest"):
        return None
    return rights_due_queryset(user=user, now=now)


def retention_runs() -> QuerySet[RetentionRun]:
    return RetentionRun.objects.select_related("started_by")
