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

from collections.abc import Iterable

from django.conf import settings
from django.db import connections, router

RUNNING = "running"  # inventory.models.Business.VisitStatus.RUNNING


def _live_sql(participant_model, business_model, membership_model, vendor: str, ids: list[int] | None):
    """SELECT id, u: every participant (of `ids`) with the value the definition gives.

    Grouped, not correlated: the running businesses' owners and their KUBs' active members
    are gathered once and joined, which stays linear at a million participants."""
    p, b, m = (model._meta.db_table for model in (participant_model, business_model, membership_model))
    only_owner = only_member = only_p = ""
    params: list = [RUNNING, RUNNING]
    if ids is not None:
        marks = ", ".join(["%s"] * len(ids))
        only_owner, only_member, only_p = (
            f" AND {col} IN ({marks})" for col in ("owner_participant_id", "mm.participant_id", "pp.id")
        )
        params = [RUNNING, *ids, RUNNING, *ids, *ids]
    days = int(settings.TANGSEL_REAL_ENTREPRENEUR_WINDOW_DAYS)
    until = f"date(l.d, '{days:+d} days')" if vendor == "sqlite" else f"(l.d + {days})"  # PostgreSQL: date + integer
    sql = f"""
        SELECT pp.id AS id, {until} AS u
          FROM {p} pp
          LEFT JOIN (
                SELECT pid, MAX(d) AS d FROM (
                    SELECT owner_participant_id AS pid, last_visited_on AS d FROM {b}
                     WHERE last_visit_status = %s AND last_visited_on IS NOT NULL
                       AND owner_participant_id IS NOT NULL{only_owner}
                    UNION ALL
                    SELECT mm.participant_id AS pid, bb.last_visited_on AS d
                      FROM {m} mm JOIN {b} bb ON bb.group_id = mm.group_id
                     WHERE mm.left_on IS NULL AND bb.last_visit_status = %s
                       AND bb.last_visited_on IS NOT NULL{only_member}
                ) running GROUP BY pid
          ) l ON l.pid = pp.id
         WHERE 1 = 1{only_p}"""
    return sql, params


# Differs, NULL-safe: one side NULL, or both dates and unequal.
_DIFFERS = "({t}.real_until <> n.u OR ({t}.real_until IS NULL) <> (n.u IS NULL))"


def refresh_real_until(
    *, participant_model, business_model, membership_model, participant_ids: Iterable[int] | None = None
) -> int:
    """The refresh on given model classes (the data migration passes its historical ones)."""
    ids = None if participant_ids is None else sorted(set(participant_ids))
    if ids == []:
        return 0
    connection = connections[router.db_for_write(participant_model)]
    live, params = _live_sql(participant_model, business_model, membership_model, connection.vendor, ids)
    table = participant_model._meta.db_table
    # One UPDATE; only rows whose kept value differs are written.
    sql = f"UPDATE {table} SET real_until = n.u FROM ({live}) n WHERE {table}.id = n.id AND {_DIFFERS.format(t=table)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


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

    ids = None if participant_ids is None else sorted(set(participant_ids))
    if ids == []:
        return 0
    connection = connections[router.db_for_write(Participant)]
    live, params = _live_sql(Participant, Business, Membership, connection.vendor, ids)
    table = Participant._meta.db_table
    sql = f"SELECT COUNT(*) FROM {table} JOIN ({live}) n ON n.id = {table}.id WHERE {_DIFFERS.format(t=table)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
