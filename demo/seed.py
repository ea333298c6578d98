"""Plan the demo program and store it in one transaction; tell whether the database is empty."""

import datetime as dt
import time
from collections.abc import Callable

from auditlog.context import disable_auditlog
from django.db import connection, transaction

from participants.real_status import participants_refresh_real_until
from participants.training_facts import participants_refresh_training_facts

from .bulk import BulkSeeder
from .plan_groups import plan_groups
from .plan_inventory import plan_inventory
from .plan_outreach import plan_exhibitions, plan_referrals
from .plan_trainings import plan_trainings
from .records import Geography, Plan
from .write import Writer

DEFAULT_SEED = 2016  # the year of the article the program is described in
DEFAULT_PARTICIPANTS = 300
BULK_ABOVE = 1000  # participants; above this, bulk inserts instead of the services


def database_contents() -> dict[str, int]:
    """Rows already there that demo data would mix with; empty dict when the database is empty."""
    from accounts.models import User
    from exhibitions.models import Exhibition
    from financing.models import Bank
    from groups.models import BusinessGroup
    from inventory.models import Business
    from participants.models import Participant
    from trainings.models import CraftType, TrainingBatch

    models = {
        "users": User,
        "participants": Participant,
        "craft types": CraftType,
        "training batches": TrainingBatch,
        "KUBs": BusinessGroup,
        "businesses": Business,
        "exhibitions": Exhibition,
        "banks": Bank,
    }
    return {label: n for label, model in models.items() if (n := model.objects.count())}


def seed_demo(
    *,
    seed: int = DEFAULT_SEED,
    participants: int = DEFAULT_PARTICIPANTS,
    today: dt.date,
    bulk: bool | None = None,
    say: Callable[[str], None] = lambda line: None,
) -> Plan:
    """Plan and store the demo program, all or nothing. The caller checks the database is empty."""
    started = time.monotonic()
    bulk = participants > BULK_ABOVE if bulk is None else bulk
    # No audit trail for made-up rows: it would credit demo users with thousands of changes made
    # today, next to histories that the demo dates months back.
    if bulk:
        say(f"Planning and writing {participants:,} participants in bulk ...")
        with transaction.atomic(), disable_auditlog():
            plan = BulkSeeder(seed=seed, participants=participants, today=today, say=say).run()
        _vacuum(say)
        return plan
    plan = make_plan(seed=seed, participants=participants, today=today, geography=Geography.from_db())
    say(
        f"Planned in {time.monotonic() - started:.1f} s: {len(plan.participants):,} participants, "
        f"{len(plan.batches):,} batches, {len(plan.kubs):,} KUBs, {len(plan.businesses):,} businesses, "
        f"{len(plan.referrals):,} referrals. Writing through the services ..."
    )
    with transaction.atomic(), disable_auditlog():
        Writer(plan, say=say).run()
        participants_refresh_real_until()  # bulk_create bypasses the signals that keep it
        participants_refresh_training_facts()
    return plan


def _vacuum(say: Callable[[str], None]) -> None:
    """VACUUM the freshly loaded tables on PostgreSQL, once the seeding transaction has committed.

    Until a table is vacuumed its visibility map is empty, so PostgreSQL cannot answer a count or
    a list from an index alone and reads the table's rows for each (a capped count of participants
    of a kelurahan: 102 ms before, 6 ms after, at a million). Autovacuum would get there in its own
    time, or never where it is off. VACUUM cannot run inside a transaction: a caller that holds
    one (the tests) is left to its own statistics."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")
    say(f"    tables vacuumed (visibility maps set) in {time.monotonic() - started:.1f} s")


def make_plan(*, seed: int, participants: int, today: dt.date, geography: Geography, plan: Plan | None = None) -> Plan:
    """The whole plan, pure: the same arguments give the same plan. Each planner adds its part in turn.

    `plan`: an empty plan to fill, e.g. one whose participants and enrollments stream out (bulk.py)."""
    plan = plan or Plan(seed=seed, today=today, geography=geography)
    plan_trainings(plan, participants)
    plan_groups(plan)
    plan_inventory(plan, participants)
    plan_exhibitions(plan)
    plan_referrals(plan, participants)
    return plan
