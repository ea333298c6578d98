"""Reads for the field inventory: the work list and one business with its visits.

Every queryset starts from `scope_queryset`: a field officer sees their kecamatan only."""

import datetime as dt

from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from accounts import audit_trail
from accounts.scoping import get_scoped_or_404, scope_queryset
from core import privacy

from .models import Business, InventoryVisit


def overdue_before(today: dt.date | None = None) -> dt.date:
    """A business last visited before this date (or never) is due for a visit."""
    today = today or timezone.localdate()
    return today - dt.timedelta(days=settings.TANGSEL_VISIT_OVERDUE_DAYS)


def is_nik_query(q: str) -> bool:
    return q.isascii() and q.isdigit()


def business_list(*, user, q: str = "", kecamatan=None, today: dt.date | None = None) -> QuerySet[Business]:
    """The businesses the user may see, overdue first (never visited, then the longest ago),
    each row with its kelurahan, kecamatan, craft and owner, and an `is_overdue` flag."""
    cutoff = overdue_before(today)
    qs = scope_queryset(
        user,
        Business.objects.select_related("kelurahan__kecamatan", "craft_type", "group", "owner_participant"),
    )
    q = (q or "").strip()
    if q:
        digits = q.replace(" ", "")
        if is_nik_query(digits):
            # Only a whole NIK for a role that sees NIKs masked: a prefix would read it digit by digit.
            if privacy.sees(user, Business, "owner_nik"):
                qs = qs.filter(Q(owner_nik__startswith=digits) | Q(owner_participant__nik__startswith=digits))
            else:
                qs = qs.filter(Q(owner_nik=digits) | Q(owner_participant__nik=digits))
        else:
            for word in q.split():
                qs = qs.filter(
                    Q(name__icontains=word)
                    | Q(owner_name__icontains=word)
                    | Q(owner_participant__name__icontains=word)
                    | Q(group__name__icontains=word)
                )
    if kecamatan is not None:
        qs = qs.filter(kelurahan__kecamatan=kecamatan)
    overdue = Q(last_visited_on__isnull=True) | Q(last_visited_on__lt=cutoff)
    # Oldest visit first (never visited before all) puts every overdue business ahead of the
    # rest, on the indexed column rather than on a computed flag.
    return qs.annotate(
        is_overdue=Case(When(overdue, then=Value(1)), default=Value(0), output_field=IntegerField())
    ).order_by(F("last_visited_on").asc(nulls_first=True), "name", "pk")


def business_get(*, user, pk: int) -> Business:
    """One business the user may see, or 404."""
    return get_scoped_or_404(
        user,
        Business.objects.select_related("kelurahan__kecamatan", "craft_type", "group", "owner_participant"),
        pk=pk,
    )


def business_is_overdue(business: Business, today: dt.date | None = None) -> bool:
    return business.last_visited_on is None or business.last_visited_on < overdue_before(today)


def visit_timeline(*, user, business: Business) -> list[InventoryVisit]:
    """The business's visits, newest first, with their officers: one query."""
    return list(
        scope_queryset(user, InventoryVisit.objects.filter(business=business).select_related("officer")).order_by(
            "-visited_on", "-pk"
        )
    )


# Written by every visit (inventory.signals): the visit timeline already says it.
DERIVED_FIELDS = {"last_visit_status", "last_visited_on"}
PROFILE_CHANGES = 10
# Entries read to find them: a business with many visits has many derived-only entries.
PROFILE_CHANGES_SCAN = 100


def business_changes(*, user, business: Business) -> list[audit_trail.Row]:
    """The latest changes to the business's own data, as the user may read them (personal
    fields masked by accounts.audit_trail), without the last-visit fields each visit writes."""
    entries = (
        LogEntry.objects.get_for_object(business)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")[:PROFILE_CHANGES_SCAN]
    )
    own = [e for e in entries if not set(e.changes_dict or {}) or not set(e.changes_dict) <= DERIVED_FIELDS]
    return audit_trail.read_entries(user, own[:PROFILE_CHANGES])
