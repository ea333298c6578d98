"""Who the portal knows to run a business, for the 2% indicator (DESIGN.md): real
entrepreneurs among participants (`outcomes.real_entrepreneur_q`, the one definition), plus
the owners of other running businesses of the inventory, each person once.

One NIK is one person: a business whose non-participant owner has a participant's NIK is
that participant's, so the person is counted as the participant (where they live) and not
again as an owner. A business with no owner NIK is one person of its own: there is nothing
to match it by. A KUB's business counts through its active members, who are participants."""

import datetime as dt

from django.db.models import Exists, OuterRef, Q, QuerySet

from inventory.models import Business

from .models import Participant
from .outcomes import real_entrepreneur_q, window_start


def other_running_businesses(today: dt.date | None = None) -> QuerySet[Business]:
    """Running businesses (latest visit within the window found them running) that belong to
    no participant record and no KUB."""
    return Business.objects.filter(
        last_visit_status=Business.VisitStatus.RUNNING,
        last_visited_on__gte=window_start(today),
        owner_participant__isnull=True,
        group__isnull=True,
    )


def _owner_niks(today: dt.date | None):
    return other_running_businesses(today).exclude(owner_nik="").values("owner_nik")


def owner_by_nik_q(participant_path: str = "pk", today: dt.date | None = None) -> Q:
    """Participants whose NIK is the owner NIK of another running business (one recorded for
    a non-participant owner): those businesses are theirs."""
    prefix = "" if participant_path == "pk" else f"{participant_path}__"
    return Q(**{f"{prefix}nik__in": _owner_niks(today)})


def known_participant_q(participant_path: str = "pk", today: dt.date | None = None) -> Q:
    """Participants who run a business: real entrepreneurs, or the non-participant owner
    (by NIK) of a running business."""
    return real_entrepreneur_q(participant_path, today) | owner_by_nik_q(participant_path, today)


def other_owner_businesses(today: dt.date | None = None) -> QuerySet[Business]:
    """The running businesses whose owner is nobody among the participants.

    NOT EXISTS, one look-up in the NIK's unique index per business: as NOT IN over every
    participant's NIK, PostgreSQL cannot hash a million NIKs in `work_mem` and scanned them
    all for each business (over 10 minutes at a million participants)."""
    return other_running_businesses(today).filter(~Exists(Participant.objects.filter(nik=OuterRef("owner_nik"))))
