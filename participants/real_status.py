"""The kept real-entrepreneur status: `Participant.real_until`.

The definition (participants.outcomes, DESIGN.md "Rules") asks for the latest visit of a
business the participant owns, or of their active KUB's business, within the window. Kept
as a date, the latest such visit that found the business running plus the window, it
answers "real today?" with an indexed `real_until >= today`: a visit ageing out of the
window turns a person from real to not real with no write and no nightly job.

participants.signals keeps it right on every write of its inputs (visits through the
business's last-visit fields, memberships, a business's owner or KUB). Bulk writes that
bypass signals (the demo seeder, imports with bulk_create) call
`participants_refresh_real_until()` when they are done; `recompute_real_entrepreneurs`
compares every row with the definition.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db.models import DateField, F, Func, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

RUNNING = "running"  # inventory.models.Business.VisitStatus.RUNNING
_NEVER = dt.date(1, 1, 1)  # compares NULL as a value: "no date" equals "no date"


class AddDays(Func):
    """A date plus a whole number of days, as a date on every backend."""

    output_field = DateField()

    def __init__(self, expression, days: int):
        self.days = int(days)
        super().__init__(expression)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} + {self.days})", params  # PostgreSQL: date + integer is a date

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, '{self.days:+d} days')", params


def real_until_expression(*, business_model, membership_model, participant_ref: str = "pk"):
    """The value the definition gives, for the participant at OuterRef(`participant_ref`)."""
    running = business_model._default_manager.filter(last_visit_status=RUNNING, last_visited_on__isnull=False)

    def latest(**where):
        rows = running.filter(**where).order_by("-last_visited_on").values("last_visited_on")[:1]
        return Subquery(rows, output_field=DateField())

    own = latest(owner_participant=OuterRef(participant_ref))
    in_kub = membership_model._default_manager.filter(participant=OuterRef(OuterRef(participant_ref)))
    kub = latest(group__in=in_kub.filter(left_on__isnull=True).values("group"))
    # GREATEST ignores NULLs on PostgreSQL but not on SQLite (MAX(a, b)), hence the Coalesces.
    newest = Greatest(Coalesce(own, kub), Coalesce(kub, own), output_field=DateField())
    return AddDays(newest, settings.TANGSEL_REAL_ENTREPRENEUR_WINDOW_DAYS)


def _differing(participant_model, business_model, membership_model, participant_ids):
    qs = participant_model._default_manager.order_by()
    if participant_ids is not None:
        qs = qs.filter(pk__in=list(participant_ids))
    value = real_until_expression(business_model=business_model, membership_model=membership_model)
    kept = Coalesce("real_until", Value(_NEVER), output_field=DateField())
    return qs.annotate(_kept=kept, _live=Coalesce(value, Value(_NEVER), output_field=DateField())).exclude(
        _kept=F("_live")
    )


def refresh_real_until(
    *, participant_model, business_model, membership_model, participant_ids: Iterable[int] | None = None
) -> int:
    """The refresh on given model classes (the data migration passes its historical ones)."""
    value = real_until_expression(business_model=business_model, membership_model=membership_model)
    stale = _differing(participant_model, business_model, membership_model, participant_ids)
    # One UPDATE; only rows whose kept value differs are written.
    return participant_model._default_manager.filter(pk__in=stale.values("pk")).update(real_until=value)


def participants_refresh_real_until(*, participant_ids: Iterable[int] | None = None) -> int:
    """Set `real_until` from the definition for these participants (everyone when None), in one
    UPDATE that writes only the rows that change. Returns how many rows changed."""
    from groups.models import Membership
    from inventory.models import Business

    from .models import Participant

    return refresh_real_until(
        participant_model=Participant,
        business_model=Business,
        membership_model=Membership,
        participant_ids=participant_ids,
    )


def participants_real_until_differences(*, participant_ids: Iterable[int] | None = None) -> int:
    """How many participants' kept value differs from the definition (the recompute's check)."""
    from groups.models import Membership
    from inventory.models import Business

    from .models import Participant

    return _differing(Participant, Business, Membership, participant_ids).count()
