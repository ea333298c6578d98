"""Kept per-person training facts on `Participant`: what the dashboard and the outcomes page
count, answered from the participant row instead of a join of a million people to their
enrolments on every load.

- `enrolled_years`: bit (year - BASE_YEAR) set for each start year of a batch the person is
  enrolled in (any enrolment: withdrawn ones and cancelled batches count, as the dashboard's
  "trained" always counted them);
- `completed_years`: the same over completed enrolments;
- `first_completed_on`: the earliest end date of a batch they completed.

participants.signals keeps them right on every write of an enrolment (created, deleted, moved
to another batch, `completed` changed) and of a batch's dates. A batch's start date lies in
BASE_YEAR..LAST_YEAR (trainings.models.TrainingBatch's constraint), so no year falls outside
the mask. Bulk writes call `participants_refresh_training_facts()` when done.
"""

import datetime as dt
from collections.abc import Iterable

from django.db import connections, router
from django.db.models import F, Q

BASE_YEAR = 2000
LAST_YEAR = BASE_YEAR + 62  # bits 0..62 of a signed 64-bit integer
FIRST_DAY = dt.date(BASE_YEAR, 1, 1)
LAST_DAY = dt.date(LAST_YEAR, 12, 31)
FIELDS = ("enrolled_years", "completed_years", "first_completed_on")


def year_bit(year: int) -> int:
    """The mask of one year; 0 for a year no batch can start in (so nothing matches)."""
    return 1 << (year - BASE_YEAR) if BASE_YEAR <= year <= LAST_YEAR else 0


def years_of(mask: int) -> list[int]:
    return [BASE_YEAR + bit for bit in range(63) if mask >> bit & 1]


def has_year_q(field: str, year: int | None, prefix: str = "") -> Q:
    """A Q for "the bit of `year` is set in `field`" (any bit when `year` is None). Use on a
    queryset annotated by `annotate_year_bits` when a year is given."""
    if year is None:
        return ~Q(**{f"{prefix}{field}": 0})
    return Q(**{f"_{field}_bit__gt": 0})


def annotate_year_bits(qs, year: int | None, fields: Iterable[str] = ("enrolled_years", "completed_years")):
    """Alias `_<field>_bit` = field & the year's bit, for `has_year_q`."""
    if year is None:
        return qs
    bit = year_bit(year)
    return qs.alias(**{f"_{f}_bit": F(f).bitand(bit) for f in fields})


def _facts_sql(participant_model, enrollment_model, batch_model, vendor: str, ids: list[int] | None):
    """SELECT id, ey, cy, fc: every participant (of `ids`) with the facts the enrolments give.

    Grouped, not correlated: enrolments are grouped per (person, year) once, then per person,
    and joined to the participants (linear at a million)."""
    p, e, b = (model._meta.db_table for model in (participant_model, enrollment_model, batch_model))
    pg_year = "EXTRACT(YEAR FROM bb.start_date)::integer"
    year = "CAST(strftime('%%Y', bb.start_date) AS INTEGER)" if vendor == "sqlite" else pg_year
    only_e = only_p = ""
    params: list = []
    if ids is not None:
        marks = ", ".join(["%s"] * len(ids))
        only_e, only_p = f" AND ee.participant_id IN ({marks})", f" AND pp.id IN ({marks})"
        params = [*ids, *ids]
    one = "CAST(1 AS BIGINT)"
    sql = f"""
        SELECT pp.id AS id, COALESCE(g.ey, 0) AS ey, COALESCE(g.cy, 0) AS cy, g.fc AS fc
          FROM {p} pp
          LEFT JOIN (
                SELECT pid, CAST(SUM({one} << (y - {BASE_YEAR})) AS BIGINT) AS ey,
                       CAST(SUM(CASE WHEN c = 1 THEN {one} << (y - {BASE_YEAR}) ELSE 0 END) AS BIGINT) AS cy,
                       MIN(f) AS fc
                  FROM (
                    SELECT ee.participant_id AS pid, {year} AS y,
                           MAX(CASE WHEN ee.completed THEN 1 ELSE 0 END) AS c,
                           MIN(CASE WHEN ee.completed THEN bb.end_date END) AS f
                      FROM {e} ee JOIN {b} bb ON bb.id = ee.batch_id
                     WHERE 1 = 1{only_e}
                     GROUP BY ee.participant_id, {year}
                  ) per_year GROUP BY pid
          ) g ON g.pid = pp.id
         WHERE 1 = 1{only_p}"""
    return sql, params


_DIFFERS = (
    "({t}.enrolled_years <> n.ey OR {t}.completed_years <> n.cy "
    "OR {t}.first_completed_on <> n.fc OR ({t}.first_completed_on IS NULL) <> (n.fc IS NULL))"
)


def _ids(participant_ids):
    return None if participant_ids is None else sorted(set(participant_ids))


def refresh_training_facts(
    *, participant_model, enrollment_model, batch_model, participant_ids: Iterable[int] | None = None
) -> int:
    """The refresh on given model classes (the data migration passes its historical ones)."""
    ids = _ids(participant_ids)
    if ids == []:
        return 0
    connection = connections[router.db_for_write(participant_model)]
    facts, params = _facts_sql(participant_model, enrollment_model, batch_model, connection.vendor, ids)
    t = participant_model._meta.db_table
    # One UPDATE; only rows whose kept facts differ are written.
    sql = (
        f"UPDATE {t} SET enrolled_years = n.ey, completed_years = n.cy, first_completed_on = n.fc "
        f"FROM ({facts}) n WHERE {t}.id = n.id AND {_DIFFERS.format(t=t)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _models():
    from trainings.models import Enrollment, TrainingBatch

    from .models import Participant

    return {"participant_model": Participant, "enrollment_model": Enrollment, "batch_model": TrainingBatch}


def participants_refresh_training_facts(*, participant_ids: Iterable[int] | None = None) -> int:
    """Set the kept training facts from the enrolments for these participants (everyone when
    None), in one UPDATE that writes only the rows that change. Returns how many changed."""
    return refresh_training_facts(**_models(), participant_ids=participant_ids)


def participants_training_facts_differences(*, participant_ids: Iterable[int] | None = None) -> int:
    """How many participants' kept training facts differ from their enrolments."""
    ids = _ids(participant_ids)
    if ids == []:
        return 0
    models = _models()
    connection = connections[router.db_for_write(models["participant_model"])]
    facts, params = _facts_sql(*models.values(), connection.vendor, ids)
    t = models["participant_model"]._meta.db_table
    sql = f"SELECT COUNT(*) FROM {t} JOIN ({facts}) n ON n.id = {t}.id WHERE {_DIFFERS.format(t=t)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
