"""A dormant KUB (DOMAIN: *KUB tidur*): active on paper, but its business was last found not
running (or closed) and none of its businesses is running within the real-entrepreneur
window. The dashboard counts them and the KUB list filters them (`?status=dorman`)."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from inventory.models import Business
from participants.outcomes import window_start

from .models import BusinessGroup

DORMANT = "dorman"


def dormant_q(today: dt.date | None = None) -> Q:
    stopped = Business.objects.filter(
        group=OuterRef("pk"),
        last_visit_status__in=[Business.VisitStatus.NOT_RUNNING, Business.VisitStatus.CLOSED],
    )
    running = Business.objects.filter(
        group=OuterRef("pk"),
        last_visit_status=Business.VisitStatus.RUNNING,
        last_visited_on__gte=window_start(today),
    )
    return Q(status=BusinessGroup.Status.ACTIVE) & Q(Exists(stopped)) & ~Q(Exists(running))
