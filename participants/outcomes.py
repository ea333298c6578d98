"""The one definition of a real entrepreneur (pelaku usaha nyata), DESIGN.md:

a participant who is an active member of a KUB, or owns a business, whose latest
inventory visit in the last 12 months found it running.

It is expressed as a database filter so KPIs aggregate in SQL at any scale (reading the
kept `Participant.real_until`, see participants.real_status), as the live filter that value
is checked against, and as an explanation for one participant's profile page.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import Membership
from inventory.models import Business


def window_start(today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.TANGSEL_REAL_ENTREPRENEUR_WINDOW_DAYS)


def running_businesses(today: dt.date | None = None):
    return Business.objects.filter(
        last_visit_status=Business.VisitStatus.RUNNING, last_visited_on__gte=window_start(today)
    )


def real_entrepreneur_q(participant_path: str = "pk", today: dt.date | None = None) -> Q:
    """A Q on any queryset that reaches a Participant by `participant_path` ("pk" for Participant).

    Reads the kept status (`Participant.real_until`, participants.real_status): one indexed
    comparison, whatever the number of participants. The window is in the kept date, so the
    answer for a later `today` is right with no write in between.
    """
    today = today or timezone.localdate()
    field = f"{participant_path.removesuffix('pk').removesuffix('__')}__real_until".removeprefix("__")
    # IS NOT NULL first: as an annotation the answer is then False, never NULL, for no date.
    return Q(**{f"{field}__isnull": False, f"{field}__gte": today})


def real_entrepreneur_live_q(participant_path: str = "pk", today: dt.date | None = None) -> Q:
    """The definition itself, from the businesses and memberships: what `real_until` keeps.
    For the recompute check, the tests and benchmarks.

    Written as two uncorrelated IN-subqueries (owners of running businesses; active members
    of KUBs with a running business) rather than correlated EXISTS: PostgreSQL computes each
    set once and hashes it.
    """
    running = running_businesses(today)
    owners = running.filter(owner_participant__isnull=False).values("owner_participant")
    members = Membership.objects.filter(left_on__isnull=True, group__in=running.values("group")).values("participant")
    return Q(**{f"{participant_path}__in": owners}) | Q(**{f"{participant_path}__in": members})


@dataclass(frozen=True)
class Outcome:
    is_real: bool
    reason: str
    business: Business | None = None


def participant_outcome(participant, today: dt.date | None = None) -> Outcome:
    """Yes or no, and because of what, for one participant."""
    today = today or timezone.localdate()
    since = window_start(today)
    open_memberships = list(participant.memberships.filter(left_on__isnull=True).select_related("group"))
    membership = open_memberships[0] if open_memberships else None
    owned = Q(owner_participant=participant)
    if open_memberships:
        owned |= Q(group_id__in=[m.group_id for m in open_memberships])
    candidates = list(
        # An OR over a join with DISTINCT scanned every business at 1M participants, and an OR
        # with a subquery still did (a hashed subplan per row of a sequential scan): the group
        # ids as values make both conditions index lookups (a BitmapOr).
        Business.objects.filter(owned)
        # NULLS LAST: PostgreSQL would otherwise put never-visited businesses first.
        .order_by(F("last_visited_on").desc(nulls_last=True), "pk")
    )
    for business in candidates:
        if business.last_visit_status == Business.VisitStatus.RUNNING and business.last_visited_on >= since:
            whose = (
                _("usaha %(group)s") % {"group": business.group.kub_name}
                if business.group_id and (membership and business.group_id == membership.group_id)
                else _("usahanya sendiri “%(name)s”") % {"name": business.name}
            )
            return Outcome(
                True,
                _("%(whose)s ditemukan berjalan pada kunjungan %(date)s.")
                % {"whose": whose, "date": business.last_visited_on.strftime("%d-%m-%Y")},
                business,
            )
    if not candidates and membership is None:
        return Outcome(False, _("belum menjadi anggota aktif KUB dan tidak tercatat memiliki usaha."))
    if not candidates:
        return Outcome(
            False, _("%(group)s belum memiliki usaha yang didata petugas.") % {"group": membership.group.kub_name}
        )
    latest = candidates[0]
    if latest.last_visited_on is None:
        return Outcome(False, _("usaha “%(name)s” belum pernah dikunjungi petugas.") % {"name": latest.name}, latest)
    if latest.last_visited_on < since:
        return Outcome(
            False,
            _("kunjungan terakhir ke “%(name)s” (%(date)s) sudah lebih dari 12 bulan lalu.")
            % {"name": latest.name, "date": latest.last_visited_on.strftime("%d-%m-%Y")},
            latest,
        )
    return Outcome(
        False,
        _("kunjungan terakhir (%(date)s) mendapati “%(name)s” %(status)s.")
        % {
            "name": latest.name,
            "date": latest.last_visited_on.strftime("%d-%m-%Y"),
            "status": latest.get_last_visit_status_display().lower(),
        },
        latest,
    )
