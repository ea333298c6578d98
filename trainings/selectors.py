"""Reads for trainings: timeline, batch list and page, attendance roster, planner bookings."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.scoping import get_scoped_or_404, scope_queryset
from participants.models import Participant
from regions.models import Kecamatan

from . import planner
from .models import Attendance, Enrollment, TrainingBatch, TrainingSession

BATCH_SORTS = {
    "start": ("start_date", "pk"),
    "-start": ("-start_date", "-pk"),
    "name": ("name", "pk"),
    "-name": ("-name", "-pk"),
    "kecamatan": ("kecamatan__code", "start_date", "pk"),
    "-kecamatan": ("-kecamatan__code", "-start_date", "-pk"),
    "enrolled": ("enrolled", "pk"),
    "-enrolled": ("-enrolled", "-pk"),
}
DEFAULT_BATCH_SORT = "-start"


def _enrolled_count():
    # A correlated subquery, evaluated for the rows of one page only.
    return Coalesce(
        Subquery(
            Enrollment.objects.filter(batch=OuterRef("pk"))
            .order_by()
            .values("batch")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def batch_list(
    *,
    user,
    kecamatan_id: int | None = None,
    craft_type_id: int | None = None,
    status: str = "",
    year: int | None = None,
    q: str = "",
    sort: str = DEFAULT_BATCH_SORT,
) -> QuerySet:
    qs = scope_queryset(user, TrainingBatch.objects.all())
    if kecamatan_id:
        qs = qs.filter(kecamatan_id=kecamatan_id)
    if craft_type_id:
        qs = qs.filter(craft_type_id=craft_type_id)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(start_date__lte=dt.date(year, 12, 31), end_date__gte=dt.date(year, 1, 1))
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(trainer__name__icontains=q) | Q(venue__name__icontains=q))
    return (
        qs.select_related("kecamatan", "craft_type", "trainer", "venue")
        .annotate(enrolled=_enrolled_count())
        .order_by(*BATCH_SORTS.get(sort, BATCH_SORTS[DEFAULT_BATCH_SORT]))
    )


def batch_get(*, user, pk: int) -> TrainingBatch:
    qs = TrainingBatch.objects.select_related("kecamatan", "craft_type", "trainer", "venue", "created_by")
    return get_scoped_or_404(user, qs, pk=pk)


def batch_enrollments(*, batch: TrainingBatch) -> QuerySet:
    return batch.enrollments.select_related("participant", "participant__kelurahan").order_by("participant__name", "pk")


def batch_sessions(*, batch: TrainingBatch) -> QuerySet:
    """The batch's sessions, each with how many were present, late, excused and absent."""
    counts = {status: Count("attendance", filter=Q(attendance__status=status)) for status in Attendance.Status.values}
    return batch.sessions.select_related("trainer", "venue").annotate(**counts).order_by("date", "start_time")


def session_get(*, user, pk: int) -> TrainingSession:
    qs = TrainingSession.objects.select_related(
        "batch", "batch__kecamatan", "batch__craft_type", "batch__trainer", "batch__venue", "trainer", "venue"
    )
    return get_scoped_or_404(user, qs, pk=pk)


def session_roster(*, session: TrainingSession) -> list[tuple[Enrollment, Attendance | None]]:
    """Every enrolled participant of the session's batch with their attendance at it, in two queries."""
    records = {a.enrollment_id: a for a in session.attendance.select_related("recorded_by")}
    enrollments = session.batch.enrollments.select_related("participant").order_by("participant__name", "pk")
    return [(e, records.get(e.pk)) for e in enrollments]


def participant_search(*, user, q: str, batch: TrainingBatch, limit: int = 20) -> list[Participant]:
    """Participants the user may see, matching a name or the start of a NIK, not yet in the batch."""
    q = q.strip()
    if len(q) < 2:
        return []
    qs = scope_queryset(user, Participant.objects.all()).exclude(enrollments__batch=batch)
    digits = q.replace(" ", "")
    if digits.isdigit():
        qs = qs.filter(nik=digits) if len(digits) == 16 else qs.filter(nik__startswith=digits)
    else:
        qs = qs.filter(name__icontains=q)
    return list(qs.select_related("kelurahan", "kelurahan__kecamatan").order_by("name", "pk")[:limit])


def timeline(*, user, year: int) -> list[dict]:
    """Batches by kecamatan (rows) and month (columns) of one year, in two queries."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    kecamatan = scope_queryset(user, Kecamatan.objects.all())
    rows = {k.pk: {"kecamatan": k, "months": [[] for _ in range(12)]} for k in kecamatan}
    batches = (
        scope_queryset(user, TrainingBatch.objects.all())
        .exclude(status=TrainingBatch.Status.CANCELLED)
        .filter(start_date__lte=last, end_date__gte=first)
        .select_related("craft_type", "trainer")
        .order_by("start_date", "pk")
    )
    for batch in batches:
        row = rows.get(batch.kecamatan_id)
        if row is None:
            continue
        for month in range(max(batch.start_date, first).month, min(batch.end_date, last).month + 1):
            row["months"][month - 1].append(batch)
    return list(rows.values())


def planner_bookings(*, start: dt.date, end: dt.date, trainer_ids, venue_ids, kecamatan_ids) -> planner.Bookings:
    """What is already booked in the rotation's span: sessions of the chosen trainers and
    venues, and batches in the chosen kecamatan. Not scoped: a conflict is a conflict
    whoever can see it (only city-wide staff reach the planner)."""
    live = ~Q(batch__status=TrainingBatch.Status.CANCELLED)
    sessions = (
        TrainingSession.objects.filter(live, date__gte=start, date__lte=end)
        .annotate(
            eff_trainer=Coalesce("trainer_id", "batch__trainer_id"),
            eff_venue=Coalesce("venue_id", "batch__venue_id"),
        )
        .filter(Q(eff_trainer__in=list(trainer_ids)) | Q(eff_venue__in=list(venue_ids)))
        .values_list("date", "start_time", "end_time", "batch__name", "eff_trainer", "eff_venue")
    )
    batches = (
        TrainingBatch.objects.exclude(status=TrainingBatch.Status.CANCELLED)
        .filter(kecamatan_id__in=list(kecamatan_ids), start_date__lte=end, end_date__gte=start)
        .values_list("name", "kecamatan_id", "start_date", "end_date")
    )
    return planner.Bookings(
        sessions=tuple(planner.ExistingSession(d, s, e, name, t, v) for d, s, e, name, t, v in sessions),
        batches=tuple(planner.ExistingBatch(*row) for row in batches),
    )


def planner_bookings_for(plan_or_input) -> planner.Bookings:
    """The bookings a PlanInput (before proposing) or a Plan (on confirmation) must be checked against."""
    if isinstance(plan_or_input, planner.PlanInput):
        inp = plan_or_input
        start, end = planner.rotation_span(inp)
        trainer_ids = {t.id for t in inp.trainers}
        venue_ids = {v.id for v in inp.venues.values() if v.id is not None}
        kecamatan_ids = {k.id for k in inp.kecamatan}
    else:
        plan = plan_or_input
        start, end = plan.start_date, plan.end_date
        trainer_ids = {b.trainer.id for b in plan.batches}
        venue_ids = {b.venue.id for b in plan.batches if b.venue.id is not None}
        kecamatan_ids = {b.kecamatan.id for b in plan.batches}
    return planner_bookings(
        start=start, end=end, trainer_ids=trainer_ids, venue_ids=venue_ids, kecamatan_ids=kecamatan_ids
    )
