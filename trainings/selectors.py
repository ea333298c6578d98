"""Reads for trainings: timeline, batch list and page, attendance roster, planner bookings."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, ExtractMonth
from django.utils.translation import gettext as _

from accounts.scoping import get_scoped_or_404, scope_queryset
from participants.models import Participant
from regions.models import Kecamatan

from . import planner
from .models import Attendance, Enrollment, TrainingBatch, TrainingSession, started_sessions_q
from .services import completion_threshold

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
            Enrollment.objects.active()
            .filter(batch=OuterRef("pk"))
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
    month: int | None = None,
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
    if year and month:
        first, last = _month_span(year, month)
        qs = qs.filter(start_date__lte=last, end_date__gte=first)
    elif year:
        qs = qs.filter(start_date__lte=dt.date(year, 12, 31), end_date__gte=dt.date(year, 1, 1))
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(trainer__name__icontains=q) | Q(venue__name__icontains=q))
    return (
        qs.select_related("kecamatan", "craft_type", "trainer", "venue")
        .annotate(enrolled=_enrolled_count())
        .order_by(*BATCH_SORTS.get(sort, BATCH_SORTS[DEFAULT_BATCH_SORT]))
    )


BATCH_CHOICES_LIMIT = 30


def batch_choices(*, user, kecamatan_id=None, text: str = "", chosen=None) -> list[TrainingBatch]:
    """The batches a filter offers: the chosen one and the latest that match `text` (at most
    `BATCH_CHOICES_LIMIT`), never the thousands of a city's years as one <select>."""
    qs = scope_queryset(user, TrainingBatch.objects.all())
    if kecamatan_id:
        qs = qs.filter(kecamatan_id=kecamatan_id)
    text = text.strip()
    if text:
        qs = qs.filter(name__icontains=text)
    offered = list(qs.order_by("-start_date", "-pk")[:BATCH_CHOICES_LIMIT])
    if chosen is not None and chosen not in offered:
        offered.insert(0, chosen)
    return offered


def batch_get(*, user, pk: int) -> TrainingBatch:
    qs = TrainingBatch.objects.select_related("kecamatan", "craft_type", "trainer", "venue", "created_by")
    return get_scoped_or_404(user, qs, pk=pk)


BATCH_ROSTER_PAGE_SIZE = 50  # enrolled participants per page of the batch page; withdrawn ones shown at most


def batch_enrollments(
    *, batch: TrainingBatch, user=None, now: dt.datetime | None = None, queryset: QuerySet | None = None
) -> list[Enrollment]:
    """The batch's roster (withdrawn ones too: see `is_withdrawn`), each with its `progress`
    and `may_open` (whether the user may open the participant's profile), in one query.
    `queryset` (the batch's enrolments, filtered and sliced) bounds what is loaded."""
    if queryset is None:
        queryset = with_progress(batch.enrollments.all(), now=now).order_by("participant__name", "pk")
    enrollments = list(queryset.select_related("participant", "participant__kelurahan", "withdrawn_by"))
    openable = set()
    if user is not None and user.has_perm("participants.view_participant") and enrollments:
        # The roster's own people, by primary key: a correlated EXISTS over the scoped
        # participants became a scan of all of them (bench/README.md, "pages").
        roster = Participant.objects.filter(pk__in={e.participant_id for e in enrollments})
        openable = set(scope_queryset(user, roster).values_list("pk", flat=True))
    for enrollment in enrollments:
        enrollment.progress = progress_of(enrollment)
        enrollment.may_open = enrollment.participant_id in openable
    return enrollments


def batch_roster_page(*, batch: TrainingBatch, user, number, now: dt.datetime | None = None):
    """One page of the batch's enrolled participants (not withdrawn), decorated as in
    `batch_enrollments`; the page's paginator counts them all."""
    active = with_progress(batch.enrollments.active(), now=now).order_by("participant__name", "pk")
    page = Paginator(active, BATCH_ROSTER_PAGE_SIZE).get_page(number)
    page.object_list = batch_enrollments(batch=batch, user=user, now=now, queryset=page.object_list)
    return page


def batch_withdrawn(*, batch: TrainingBatch, user, now: dt.datetime | None = None) -> tuple[list[Enrollment], int]:
    """The first withdrawn enrolments by name (at most a roster page) and how many there are."""
    withdrawn = batch.enrollments.filter(withdrawn_at__isnull=False)
    shown = with_progress(withdrawn, now=now).order_by("participant__name", "pk")[:BATCH_ROSTER_PAGE_SIZE]
    rows = batch_enrollments(batch=batch, user=user, now=now, queryset=shown)
    total = len(rows) if len(rows) < BATCH_ROSTER_PAGE_SIZE else withdrawn.count()
    return rows, total


def batch_session_counts(*, batch: TrainingBatch, now: dt.datetime | None = None) -> tuple[int, int]:
    """(sessions held so far, all sessions) of the batch."""
    counts = batch.sessions.aggregate(total=Count("pk"), held=Count("pk", filter=started_sessions_q(now)))
    return counts["held"], counts["total"]


def batch_sessions(*, batch: TrainingBatch, now: dt.datetime | None = None) -> QuerySet:
    """The batch's sessions, each with how many were present, late, excused and absent, and
    whether it has started (attendance can be recorded from its start)."""
    counts = {status: Count("attendance", filter=Q(attendance__status=status)) for status in Attendance.Status.values}
    started = ExpressionWrapper(started_sessions_q(now), output_field=BooleanField())
    return (
        batch.sessions.select_related("trainer", "venue")
        .annotate(**counts, started=started)
        .order_by("date", "start_time")
    )


def enrollment_get(*, user, pk: int) -> Enrollment:
    qs = Enrollment.objects.select_related("participant", "batch", "batch__kecamatan", "batch__craft_type")
    return get_scoped_or_404(user, qs, pk=pk)


def session_get(*, user, pk: int) -> TrainingSession:
    qs = TrainingSession.objects.select_related(
        "batch", "batch__kecamatan", "batch__craft_type", "batch__trainer", "batch__venue", "trainer", "venue"
    )
    return get_scoped_or_404(user, qs, pk=pk)


def _roster_enrollments(session: TrainingSession):
    """The session's batch's enrolled participants (not those who withdrew), by name."""
    return session.batch.enrollments.active().select_related("participant").order_by("participant__name", "pk")


def _with_attendance(session: TrainingSession, enrollments: list) -> list[tuple[Enrollment, Attendance | None]]:
    """Each enrollment with its attendance at the session (one query for them all)."""
    records = {
        a.enrollment_id: a
        for a in session.attendance.filter(enrollment__in=[e.pk for e in enrollments]).select_related("recorded_by")
    }
    return [(e, records.get(e.pk)) for e in enrollments]


ROSTER_PAGE_SIZE = 50  # participants per page of a session's attendance roster


def session_roster_page(*, session: TrainingSession, number):
    """One page of the session's roster (enrolled participants by name, each with their
    attendance at the session); the page's paginator counts them all."""
    page = Paginator(_roster_enrollments(session), ROSTER_PAGE_SIZE).get_page(number)
    page.object_list = _with_attendance(session, list(page.object_list))
    return page


def session_roster_of(*, session: TrainingSession, enrollment_ids) -> list:
    """The rows of `session_roster_page` for exactly these enrollments (those a page showed when
    it was opened), in the page's order: a save covers what the person saw, even when an
    enrolment or withdrawal since then moved the page's boundaries."""
    enrollments = _roster_enrollments(session).filter(pk__in=list(enrollment_ids)[:ROSTER_PAGE_SIZE])
    return _with_attendance(session, list(enrollments))


def session_attendance_summary(*, session: TrainingSession, enrolled: int) -> dict:
    """Counts over the whole roster (not one page): per status, copied from paper, not yet
    marked, and the last record (for who recorded it and when)."""
    active = session.attendance.filter(enrollment__withdrawn_at__isnull=True)
    counts = {status: 0 for status in Attendance.Status.values}
    for row in active.values("status").annotate(n=Count("pk")).order_by():
        counts[row["status"]] = row["n"]
    from_paper = active.filter(from_paper=True).count()
    last = active.select_related("recorded_by").order_by("-recorded_at", "-pk").first()
    return {
        "counts": counts,
        "from_paper": from_paper,
        "last": last,
        "unmarked": enrolled - sum(counts.values()),
    }


def participant_search(*, user, q: str, batch: TrainingBatch, limit: int = 20) -> list[Participant]:
    """Participants the user may see, matching a name or the start of a NIK, not yet in the batch."""
    q = q.strip()
    if len(q) < 2:
        return []
    enrolled = Enrollment.objects.active().filter(batch=batch).values("participant_id")
    qs = scope_queryset(user, Participant.objects.all()).exclude(pk__in=enrolled)
    digits = q.replace(" ", "")
    if digits.isdigit():
        qs = qs.filter(nik=digits) if len(digits) == 16 else qs.filter(nik__startswith=digits)
    else:
        qs = qs.filter(name__icontains=q)
    return list(qs.select_related("kelurahan", "kelurahan__kecamatan").order_by("name", "pk")[:limit])


TIMELINE_CELL_LIMIT = 4  # batches shown by name in one kecamatan-month cell; the rest as "+N"


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, month, 1)
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    return first, last


def timeline(*, user, year: int) -> list[dict]:
    """Batches by kecamatan (rows) and month (columns) of one year.

    A cell names at most `TIMELINE_CELL_LIMIT` batches and counts the rest, so the page stays
    the same size whether a kecamatan runs four batches a month or four hundred (issue 9).
    """
    kecamatan = list(scope_queryset(user, Kecamatan.objects.all()))
    batches = (
        scope_queryset(user, TrainingBatch.objects.all())
        .exclude(status=TrainingBatch.Status.CANCELLED)
        .filter(start_date__lte=dt.date(year, 12, 31), end_date__gte=dt.date(year, 1, 1))
        .order_by()
    )
    spans = {month: _month_span(year, month) for month in range(1, 13)}
    # A batch runs in the months first..last of this year (the query keeps only those that run
    # in it). Batches sharing (kecamatan, first, last) form a group: one aggregate gives the
    # groups and their sizes (a few per kecamatan, however many batches). A cell is the union
    # of the groups that cover its month, and its first batches are among the first batches of
    # those groups (a group is a subset of the cell, in the same order), so one query loads just
    # the first few of each group, each an index range read of one month. Reading every batch
    # of the year and looping over them here grew with the data (issue 9).
    year_first, year_last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    groups = (
        batches.annotate(
            first_month=Case(When(start_date__lt=year_first, then=Value(1)), default=ExtractMonth("start_date")),
            last_month=Case(When(end_date__gt=year_last, then=Value(12)), default=ExtractMonth("end_date")),
        )
        .values_list("kecamatan_id", "first_month", "last_month")
        .annotate(size=Count("pk"))
        .order_by()
    )
    counts: dict[tuple[int, int], int] = defaultdict(int)
    adapt = connection.ops.adapt_datefield_value  # as the queries' parameters hold dates
    bounds = []  # per group: kecamatan, the span its batches start in, the span they end in
    for kecamatan_id, first, last, size in groups:
        for month in range(first, last + 1):
            counts[(kecamatan_id, month)] += size
        bounds.append(
            (
                kecamatan_id,
                adapt(spans[first][0] if first > 1 else dt.date.min),
                adapt(spans[first][1]),
                adapt(spans[last][0]),
                adapt(spans[last][1] if last < 12 else dt.date.max),
            )
        )
    loaded = (
        sorted(
            TrainingBatch.objects.filter(pk__in=_timeline_heads(batches, bounds)).select_related(
                "craft_type", "trainer"
            ),
            key=lambda b: (b.start_date, b.pk),
        )
        if bounds
        else []
    )
    shown: dict[tuple[int, int], list] = defaultdict(list)
    for batch in loaded:  # in display order
        first = 1 if batch.start_date < year_first else batch.start_date.month
        last = 12 if batch.end_date > year_last else batch.end_date.month
        for month in range(first, last + 1):
            if len(shown[(batch.kecamatan_id, month)]) < TIMELINE_CELL_LIMIT:
                shown[(batch.kecamatan_id, month)].append(batch)
    rows = []
    for k in kecamatan:
        cells = []
        for month in spans:
            count = counts.get((k.pk, month), 0)
            listed = shown.get((k.pk, month), [])
            cells.append({"month": month, "batches": listed, "count": count, "more": count - len(listed)})
        rows.append({"kecamatan": k, "months": cells})
    return rows


def _timeline_heads(batches: QuerySet, bounds: list[tuple]) -> RawSQL:
    """The ids of the first `TIMELINE_CELL_LIMIT` of `batches` (start order) of each group in
    `bounds` (kecamatan, lowest and highest start, lowest and highest end): one limited index
    read per group, in one statement, planned once."""
    if connection.vendor == "postgresql":
        # One lateral read over the groups as a VALUES list: a UNION ALL of ~80 reads took
        # longer to plan than to run.
        base_sql, base_params = batches.values("pk", "kecamatan_id", "start_date", "end_date").query.sql_with_params()
        groups = ", ".join(["(%s::integer, %s::date, %s::date, %s::date, %s::date)"] * len(bounds))
        sql = (
            f"SELECT h.pk FROM (VALUES {groups}) AS g (k, slo, shi, elo, ehi) CROSS JOIN LATERAL ("
            f"SELECT b.pk FROM ({base_sql}) AS b WHERE b.kecamatan_id = g.k"
            " AND b.start_date >= g.slo AND b.start_date <= g.shi AND b.end_date >= g.elo AND b.end_date <= g.ehi"
            f" ORDER BY b.start_date, b.pk LIMIT {TIMELINE_CELL_LIMIT}) AS h"
        )
        return RawSQL(sql, (*(v for group in bounds for v in group), *base_params))
    # Elsewhere (SQLite) a UNION ALL of the groups' reads; every read is the same query with
    # other values, so it is compiled once with markers for the values and filled in per group.
    adapt = connection.ops.adapt_datefield_value
    markers = (-1, *(adapt(dt.date(1, 1, day)) for day in range(1, 5)))
    head_sql, head_params = (
        batches.filter(
            kecamatan_id=-1,
            start_date__gte=dt.date(1, 1, 1),
            start_date__lte=dt.date(1, 1, 2),
            end_date__gte=dt.date(1, 1, 3),
            end_date__lte=dt.date(1, 1, 4),
        )
        .order_by("start_date", "pk")
        .values("pk")[:TIMELINE_CELL_LIMIT]
        .query.sql_with_params()
    )
    slots = [head_params.index(marker) for marker in markers]
    params: list = []
    for group in bounds:
        values = list(head_params)
        for slot, value in zip(slots, group, strict=True):
            values[slot] = value
        params += values
    heads = " UNION ALL ".join(f"SELECT * FROM ({head_sql}) AS head{i}" for i in range(len(bounds)))
    return RawSQL(heads, params)


def planner_bookings(
    *, start: dt.date, end: dt.date, trainer_ids, venue_ids, kecamatan_ids, exclude_session_id: int | None = None
) -> planner.Bookings:
    """What is already booked in the rotation's span: sessions of the chosen trainers and
    venues, and batches in the chosen kecamatan. Not scoped: a conflict is a conflict
    whoever can see it (only city-wide staff reach the planner)."""
    live = ~Q(batch__status=TrainingBatch.Status.CANCELLED)
    sessions = (
        TrainingSession.objects.filter(live, date__gte=start, date__lte=end)
        .exclude(pk=exclude_session_id)
        .annotate(
            eff_trainer=Coalesce("trainer_id", "batch__trainer_id"),
            eff_venue=Coalesce("venue_id", "batch__venue_id"),
        )
        .filter(Q(eff_trainer__in=list(trainer_ids)) | Q(eff_venue__in=list(venue_ids)))
        .values_list(
            "date", "start_time", "end_time", "batch__name", "eff_trainer", "eff_venue", "batch__kecamatan__name"
        )
    )
    batches = (
        TrainingBatch.objects.exclude(status=TrainingBatch.Status.CANCELLED)
        .filter(kecamatan_id__in=list(kecamatan_ids), start_date__lte=end, end_date__gte=start)
        .values_list("name", "kecamatan_id", "start_date", "end_date")
    )
    return planner.Bookings(
        sessions=tuple(planner.ExistingSession(*row) for row in sessions),
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


def session_conflicts(*, session: TrainingSession) -> list[str]:
    """Why one session (added or changed by hand) would book its trainer or venue twice: the
    planner's rule, against every other live session that day. Empty when it fits."""
    batch = session.batch
    if batch.status == TrainingBatch.Status.CANCELLED:
        return []
    trainer = session.trainer if session.trainer_id else batch.trainer
    venue = session.venue if session.venue_id else batch.venue
    if trainer is None and venue is None:
        return []
    bookings = planner_bookings(
        start=session.date,
        end=session.date,
        trainer_ids={trainer.pk} if trainer else set(),
        venue_ids={venue.pk} if venue else set(),
        kecamatan_ids=(),
        exclude_session_id=session.pk,
    )
    conflicts = planner.slot_conflicts(
        date=session.date,
        start_time=session.start_time,
        end_time=session.end_time,
        trainer=planner.TrainerRef(trainer.pk, trainer.name) if trainer else None,
        venue=planner.VenueRef(venue.kecamatan_id, venue.name, venue.pk) if venue else None,
        bookings=bookings,
    )
    return [c.message for c in conflicts]


# --- Attendance so far and what it can still become ------------------------------------


def attendance_share(attended: int, total: int) -> Decimal:
    """Sessions attended ÷ sessions of the batch, as `services.enrollment_recompute` stores it."""
    if not total:
        return Decimal(0)
    return (Decimal(attended) / Decimal(total)).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def _percent(share: Decimal) -> str:
    return f"{(share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


@dataclass(frozen=True)
class AttendanceProgress:
    """An enrolment's attendance while its batch runs, and whether it can still complete.

    Completion stays attended ÷ all sessions ≥ the threshold (stored on the enrolment); this
    is what a page says about it before the end: attendance out of the sessions held so far
    (those whose start has passed), and the share reached if every remaining one is attended.
    A batch without sessions has nothing to count from: the stored share and flag are shown.
    """

    total: int  # sessions of the batch
    held: int  # of which started before now
    attended: int  # of the held ones, present or late
    threshold: Decimal
    completed: bool = False  # the stored flag
    withdrawn: bool = False
    rate: Decimal = Decimal(0)  # the stored share

    NONE, NOT_STARTED, WITHDRAWN = "none", "not_started", "withdrawn"
    COMPLETED, POSSIBLE, IMPOSSIBLE, FAILED = "completed", "possible", "impossible", "failed"

    @property
    def remaining(self) -> int:
        return max(self.total - self.held, 0)

    @property
    def finished(self) -> bool:
        return self.total > 0 and self.remaining == 0

    @property
    def share(self) -> Decimal:
        """Attended ÷ all sessions: the stored rule."""
        return attendance_share(self.attended, self.total)

    @property
    def best_share(self) -> Decimal:
        """The share if every remaining session is attended."""
        return attendance_share(self.attended + self.remaining, self.total)

    @property
    def still_needed(self) -> int | None:
        """How many of the remaining sessions must still be attended; None when out of reach."""
        for k in range(self.remaining + 1):
            if attendance_share(self.attended + k, self.total) >= self.threshold:
                return k
        return None

    @property
    def state(self) -> str:
        if self.withdrawn:
            return self.WITHDRAWN
        if self.completed or (self.total and self.share >= self.threshold):
            return self.COMPLETED
        if not self.total:
            return self.NONE
        if self.finished:
            return self.FAILED
        if not self.held:
            return self.NOT_STARTED
        return self.POSSIBLE if self.still_needed is not None else self.IMPOSSIBLE

    @property
    def attendance_text(self) -> str:
        if not self.total:
            return _percent(self.rate)
        if self.finished:
            return _("%(percent)s (hadir %(attended)d dari %(total)d sesi)") % {
                "percent": _percent(self.share),
                "attended": self.attended,
                "total": self.total,
            }
        if not self.held:
            return _("belum ada sesi yang berlangsung (dari %(total)d sesi)") % {"total": self.total}
        return _("hadir %(attended)d dari %(held)d sesi yang sudah berlangsung") % {
            "attended": self.attended,
            "held": self.held,
        }

    @property
    def label(self) -> str:
        return {
            self.WITHDRAWN: _("Mengundurkan diri"),
            self.NONE: _("Belum lulus"),
            self.COMPLETED: _("Lulus"),
            self.FAILED: _("Tidak lulus"),
            self.NOT_STARTED: _("Belum mulai"),
            self.POSSIBLE: _("Masih bisa lulus"),
            self.IMPOSSIBLE: _("Tidak bisa lagi mencapai %(threshold)s") % {"threshold": _percent(self.threshold)},
        }[self.state]

    @property
    def outlook_text(self) -> str:
        """What the label rests on; empty when the label says it all."""
        state = self.state
        if state == self.COMPLETED and not self.finished:
            return _("sudah mencapai %(threshold)s dari %(total)d sesi") % {
                "threshold": _percent(self.threshold),
                "total": self.total,
            }
        if state == self.FAILED:
            return _("di bawah %(threshold)s") % {"threshold": _percent(self.threshold)}
        if state == self.NOT_STARTED:
            return _("lulus bila hadir %(needed)d dari %(total)d sesi") % {
                "needed": self.still_needed,
                "total": self.total,
            }
        if state in (self.POSSIBLE, self.IMPOSSIBLE):
            return _("bila hadir di sisa %(remaining)d sesi: %(best)s") % {
                "remaining": self.remaining,
                "best": _percent(self.best_share),
            }
        return ""

    @property
    def needed_text(self) -> str:
        if self.state != self.POSSIBLE:
            return ""
        return _("perlu hadir %(n)d dari %(remaining)d sesi sisa") % {
            "n": self.still_needed,
            "remaining": self.remaining,
        }

    def __str__(self) -> str:
        """E.g. "hadir 3 dari 3 sesi yang sudah berlangsung; bila hadir di sisa 5 sesi: 100% — masih bisa lulus"."""
        label = self.label[0].lower() + self.label[1:]
        if self.outlook_text:
            return f"{self.attendance_text}; {self.outlook_text} — {label}"
        return f"{self.attendance_text}; {label}"


def _count_of(queryset: QuerySet, key: str):
    return Coalesce(
        Subquery(queryset.order_by().values(key).annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        0,
    )


def with_progress(queryset: QuerySet, now: dt.datetime | None = None) -> QuerySet:
    """Enrolments annotated with what `progress_of` needs: the batch's sessions, those held
    so far, and the held ones attended. Correlated subqueries, so any list stays one query."""
    sessions = TrainingSession.objects.filter(batch=OuterRef("batch_id"))
    attended = Attendance.objects.filter(
        started_sessions_q(now, prefix="session__"), enrollment=OuterRef("pk"), status__in=Attendance.ATTENDED
    )
    return queryset.annotate(
        n_sessions=_count_of(sessions, "batch"),
        n_held=_count_of(sessions.filter(started_sessions_q(now)), "batch"),
        n_attended=_count_of(attended, "enrollment"),
    )


def progress_of(enrollment: Enrollment) -> AttendanceProgress:
    """The progress of an enrolment read through `with_progress`."""
    return AttendanceProgress(
        total=enrollment.n_sessions,
        held=enrollment.n_held,
        attended=enrollment.n_attended,
        threshold=completion_threshold(),
        completed=enrollment.completed,
        withdrawn=enrollment.withdrawn_at is not None,
        rate=enrollment.attendance_rate,
    )


def enrollments_progress(*, enrollments, now: dt.datetime | None = None) -> dict[int, AttendanceProgress]:
    """{enrolment id: progress} for enrolments already read (a participant's profile), in one query."""
    pks = [e.pk for e in enrollments]
    if not pks:
        return {}
    return {e.pk: progress_of(e) for e in with_progress(Enrollment.objects.filter(pk__in=pks), now=now)}
