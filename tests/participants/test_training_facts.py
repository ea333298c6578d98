"""The kept training facts (participants.training_facts) on every write path of enrolments and
batches, and what the dashboard and the outcomes page read from them.

Property: a seeded random sequence of enrolments created, completed or not, moved to another
batch, deleted one by one or by queryset, batches moved in time or deleted (a cascade); after
every step each participant's kept facts equal what their enrolments say, computed here in
Python from the rows (not by the SQL that keeps them).
"""

import datetime as dt
import random
from io import StringIO

import pytest
from django.core.management import call_command

from participants.models import Participant
from participants.training_facts import (
    participants_refresh_training_facts,
    participants_training_facts_differences,
    year_bit,
)
from tests.factories import EnrollmentFactory, ParticipantFactory, TrainingBatchFactory
from trainings.models import Enrollment, TrainingBatch

pytestmark = pytest.mark.django_db

STEPS = 120


def expected() -> dict[int, tuple[int, int, dt.date | None]]:
    """Each participant's facts from their enrolments, in Python."""
    facts = {pk: [0, 0, None] for pk in Participant.objects.values_list("pk", flat=True)}
    for pid, completed, start, end in Enrollment.objects.values_list(
        "participant", "completed", "batch__start_date", "batch__end_date"
    ):
        f = facts[pid]
        f[0] |= year_bit(start.year)
        if completed:
            f[1] |= year_bit(start.year)
            f[2] = end if f[2] is None else min(f[2], end)
    return {pk: tuple(f) for pk, f in facts.items()}


def kept() -> dict[int, tuple[int, int, dt.date | None]]:
    rows = Participant.objects.values_list("pk", "enrolled_years", "completed_years", "first_completed_on")
    return {pk: (ey, cy, fc) for pk, ey, cy, fc in rows}


def _batch(rng: random.Random) -> TrainingBatch:
    start = dt.date(rng.choice([2023, 2024, 2025, 2026]), rng.randint(1, 12), rng.randint(1, 28))
    return TrainingBatchFactory(start_date=start, end_date=start + dt.timedelta(days=rng.randint(0, 60)))


def test_whatever_writes_the_enrolments_and_batches_the_kept_facts_equal_the_enrolments():
    rng = random.Random(2016)
    people = [ParticipantFactory() for _ in range(8)]
    batches = [_batch(rng) for _ in range(4)]
    for step in range(STEPS):
        enrolments = list(Enrollment.objects.all())
        action = rng.choice(["enrol", "enrol", "complete", "move", "delete", "qs_delete", "redate", "drop_batch"])
        if action == "enrol" or not enrolments:
            person, batch = rng.choice(people), rng.choice(batches)
            if not Enrollment.objects.filter(participant=person, batch=batch).exists():
                EnrollmentFactory(participant=person, batch=batch, completed=rng.random() < 0.5)
        elif action == "complete":
            e = rng.choice(enrolments)
            e.completed = not e.completed
            e.save()
        elif action == "move":
            e = rng.choice(enrolments)
            free = [b for b in batches if not Enrollment.objects.filter(participant=e.participant, batch=b).exists()]
            if free:
                e.batch = rng.choice(free)
                e.save()
        elif action == "delete":
            rng.choice(enrolments).delete()
        elif action == "qs_delete":
            Enrollment.objects.filter(participant=rng.choice(people)).delete()
        elif action == "redate":
            batch = rng.choice(batches)
            moved = _batch(rng)
            batch.start_date, batch.end_date = moved.start_date, moved.end_date
            batch.save()
            moved.delete()
        elif action == "drop_batch":
            victim = rng.choice(batches)
            batches.remove(victim)
            victim.delete()  # its enrolments go with it: a cascade
            batches.append(_batch(rng))
        assert kept() == expected(), f"step {step}: {action}"
    assert participants_training_facts_differences() == 0
    assert any(cy for _ey, cy, _fc in kept().values())  # the sequence did complete someone


def test_the_set_based_refresh_and_the_recompute_command_fix_rows_written_around_the_signals():
    batch = TrainingBatchFactory(start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 6, 1))
    person = ParticipantFactory()
    EnrollmentFactory(participant=person, batch=batch, completed=True)
    Participant.objects.filter(pk=person.pk).update(enrolled_years=0, completed_years=0, first_completed_on=None)
    assert participants_training_facts_differences() == 1

    out = StringIO()
    call_command("recompute_real_entrepreneurs", stdout=out)

    assert "1 difference(s) found, 1 fixed" in out.getvalue()
    assert kept()[person.pk] == (year_bit(2025), year_bit(2025), dt.date(2025, 6, 1))
    assert participants_refresh_training_facts() == 0  # nothing left to write


def test_a_batch_cannot_start_in_a_year_the_kept_years_do_not_cover():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingBatchFactory(start_date=dt.date(1999, 12, 1), end_date=dt.date(2000, 1, 10))
