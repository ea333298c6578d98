"""The 40% KPI of DESIGN.md: real entrepreneurs ÷ participants who completed training,
per batch, per kecamatan and per year of batch start.

Every figure is one grouped query with conditional aggregation: the real-entrepreneur rule
(`participants.outcomes.real_entrepreneur_q`) sits inside `Count(..., filter=...)`, so the
database does the work at any number of participants. A participant is counted once per
row: once per kecamatan and once per year however many batches they completed.

A batch's figures are its own completers. The kecamatan, year and total figures are about
people: the kecamatan is where the participant lives (as for the participant list and the
2% indicator), and a field officer's figures cover the residents of their kecamatan.
"""

import datetime as dt
from dataclasses import dataclass

from asgiref.local import Local
from django.core.signals import request_started
from django.db.models import Count, F, Max, Min, Q, QuerySet

from accounts.scoping import scope_queryset
from participants.models import Participant
from participants.outcomes import real_entrepreneur_q
from participants.training_facts import annotate_year_bits, has_year_q, year_bit
from regions.models import Kecamatan
from trainings.models import Enrollment, TrainingBatch

_memo = Local()


def target() -> float:
    """The city's conversion target (0.40) from `reports.Target`, read once per request: every
    row's badge asks. Cleared when a request starts and when a target is saved or deleted."""
    if getattr(_memo, "target", None) is None:
        from .targets import conversion_target

        _memo.target = conversion_target()
    return _memo.target


def forget_target(**kwargs) -> None:
    _memo.target = None


request_started.connect(forget_target, dispatch_uid="reports.kpi.forget_target")


@dataclass(frozen=True)
class Outcome:
    completed: int
    real: int
    subject: object = None  # a TrainingBatch, a Kecamatan, a year, or None for a total

    @property
    def share(self) -> float | None:
        return self.real / self.completed if self.completed else None

    @property
    def share_percent(self) -> float | None:
        return None if self.share is None else self.share * 100

    @property
    def met(self) -> bool:
        # Compare in integers so that exactly 40% counts as met despite float rounding.
        return bool(self.completed) and self.real * 100 >= round(target() * 100) * self.completed


def _completed(queryset: QuerySet[Enrollment] | None = None) -> QuerySet[Enrollment]:
    qs = Enrollment.objects.all() if queryset is None else queryset
    return qs.filter(completed=True).order_by()


def _aggregates(path: str, today: dt.date | None, distinct: bool) -> dict:
    """Completers and real entrepreneurs among them; `path` leads to the participant."""
    return {
        "n_completed": Count(path, distinct=distinct),
        "n_real": Count(path, distinct=distinct, filter=real_entrepreneur_q(path, today)),
    }


def _grouped(queryset: QuerySet, key: str, aggregates: dict) -> dict:
    rows = queryset.values(key).annotate(**aggregates).values_list(key, "n_completed", "n_real")
    return {k: (completed, real) for k, completed, real in rows}


def _completers(user, year: int | None) -> QuerySet[Participant]:
    """The participants the user may see who completed a batch (started in `year`). One row per
    person, so counting needs no DISTINCT and the rule is checked once per person. Read from
    the years kept on the participant (participants.training_facts), not from the enrolments."""
    qs = annotate_year_bits(Participant.objects.all(), year, fields=["completed_years"])
    return scope_queryset(user, qs.filter(has_year_q("completed_years", year))).order_by()


def batch_outcome(batch: TrainingBatch, *, today: dt.date | None = None) -> Outcome:
    """One batch's figures, for the batch page (the caller has already checked scope)."""
    totals = _completed(Enrollment.objects.filter(batch=batch)).aggregate(**_aggregates("participant", today, False))
    return Outcome(totals["n_completed"], totals["n_real"], batch)


def outcomes_for_batches(batches, *, today: dt.date | None = None) -> list[Outcome]:
    """Figures for a page of batches, in one grouped query."""
    batches = list(batches)
    # A participant is enrolled once per batch, so no DISTINCT is needed.
    enrollments = _completed(Enrollment.objects.filter(batch__in=batches))
    found = _grouped(enrollments, "batch", _aggregates("participant", today, False))
    return [Outcome(*found.get(b.pk, (0, 0)), b) for b in batches]


def batches_in_scope(*, user, year: int | None = None) -> QuerySet[TrainingBatch]:
    qs = scope_queryset(user, TrainingBatch.objects.select_related("kecamatan", "craft_type"))
    if year:
        qs = qs.filter(start_date__year=year)
    return qs.exclude(status=TrainingBatch.Status.CANCELLED).order_by("-start_date", "kecamatan__code", "pk")


def outcomes_by_kecamatan(*, user, year: int | None = None, today: dt.date | None = None) -> list[Outcome]:
    """Every kecamatan the user may see, with a row even when nobody completed there yet."""
    found = _grouped(_completers(user, year), "kelurahan__kecamatan", _aggregates("pk", today, False))
    return [Outcome(*found.get(k.pk, (0, 0)), k) for k in scope_queryset(user, Kecamatan.objects.order_by("code"))]


def outcomes_by_year(*, user, today: dt.date | None = None) -> list[Outcome]:
    """Each person once per year in which they completed a batch: one pass over the people who
    completed any, one pair of conditional counts per year a batch started in (the years kept
    as bits on the participant)."""
    years = _start_years(TrainingBatch.objects.all())
    qs = _completers(user, None).alias(
        **{f"_y{y}": F("completed_years").bitand(year_bit(y)) for y in years if year_bit(y)}
    )
    real = real_entrepreneur_q("pk", today)
    found = (
        qs.aggregate(
            **{
                name: aggregate
                for y in years
                if year_bit(y)
                for name, aggregate in (
                    (f"c{y}", Count("pk", filter=Q(**{f"_y{y}__gt": 0}))),
                    (f"r{y}", Count("pk", filter=Q(**{f"_y{y}__gt": 0}) & real)),
                )
            }
        )
        if years
        else {}
    )
    return [Outcome(found[f"c{y}"], found[f"r{y}"], y) for y in years if found.get(f"c{y}")]


def outcome_total(*, user, year: int | None = None, today: dt.date | None = None) -> Outcome:
    """Everyone in the user's scope, each participant once."""
    totals = _completers(user, year).aggregate(**_aggregates("pk", today, False))
    return Outcome(totals["n_completed"], totals["n_real"])


def outcome_sum(rows: list[Outcome]) -> Outcome:
    """The total of the kecamatan rows without another pass over the data: every participant
    lives in exactly one kecamatan, so the rows never count a person twice."""
    return Outcome(sum(o.completed for o in rows), sum(o.real for o in rows))


def _start_years(batches) -> list[int]:
    """The years from the first batch's start to the last one's, newest first: MIN and MAX read
    two ends of the start-date index, where a DISTINCT of the years read every batch (43,098 at
    a million participants, 32 ms). A year without a batch between them is listed too."""
    span = batches.aggregate(first=Min("start_date"), last=Max("start_date"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


def batch_years(*, user) -> list[int]:
    return _start_years(scope_queryset(user, TrainingBatch.objects.all()))
