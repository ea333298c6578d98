"""Two years of training rounds rotating through the 7 kecamatan, and who attended.

A round is five weeks: four weeks of training (two sessions a week) and a week's
break. The demo has 20 finished rounds, one running today and one planned. At the
default size one batch runs per round, so training moves from kecamatan to
kecamatan; bigger sizes run several batches per round ("slots"), each slot with its
own trainers and, per kecamatan, its own venue, so that no trainer or venue is ever
booked twice at the same time.
"""

import datetime as dt
import math
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from trainings.models import TrainingBatch
from trainings.services import completion_threshold

from . import vocab
from .records import (
    ATTENDED,
    Plan,
    PlanBatch,
    PlanEnrollment,
    PlanParticipant,
    PlanTrainer,
    PlanVenue,
    apportion,
    officer_for,
)

ROUNDS_DONE = 20
ROUND_DAYS = 35
TARGET_BATCH = 24
# The round running today is in Ciputat Timur, where the article's training took place.
ROTATION_OFFSET = (vocab.CIPUTAT_TIMUR - ROUNDS_DONE) % 7
SHARE_RUNNING_NEWCOMERS = 0.04
SHARE_PLANNED_NEWCOMERS = 0.02


def completion(marks: str, total_sessions: int) -> tuple[Decimal, bool]:
    """Attendance share and completion, as trainings.services.enrollment_recompute computes them."""
    attended = sum(1 for mark in marks if mark in ATTENDED)
    rate = Decimal(attended) / Decimal(total_sessions) if total_sessions else Decimal(0)
    rate = rate.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return rate, bool(total_sessions) and rate >= completion_threshold()


def slots_for(home: int) -> int:
    return max(1, math.ceil(home / (ROUNDS_DONE * TARGET_BATCH)))


def round_start(today: dt.date, round_no: int) -> dt.date:
    """Monday the round starts; the round ROUNDS_DONE started on the Monday of last week."""
    running_start = today - dt.timedelta(days=today.weekday() + 7)
    return running_start + dt.timedelta(days=ROUND_DAYS * (round_no - ROUNDS_DONE))


def _trainers(plan: Plan, slots: int) -> int:
    per_slot = 6 if slots == 1 else max(2, math.ceil(6 / slots))
    for t in range(slots * per_slot):
        sex = "P" if t % 3 else "L"
        plan.trainers.append(
            PlanTrainer(
                name=plan.people.name(sex),
                phone=plan.people.phone(),
                crafts=[t % len(vocab.CRAFTS), (t + 6) % len(vocab.CRAFTS)],
            )
        )
    return per_slot


def _venues(plan: Plan, slots: int) -> dict[tuple[int, int], int]:
    index = {}
    per_kecamatan = (slots - 1) // 7 + 1
    for k, kelurahan in enumerate(plan.geography.kelurahan):
        for j in range(per_kecamatan):
            if j == 0:
                name, address = vocab.MAIN_VENUES[k]
                capacity = 40
            else:
                kel = kelurahan[(j - 1) % len(kelurahan)][1]
                lap = (j - 1) // len(kelurahan)
                name = f"Aula Kantor Kelurahan {kel}" if lap == 0 else f"Balai Warga RW {lap:02d} {kel}"
                address, capacity = f"Kelurahan {kel}", 30
            index[(k, j)] = len(plan.venues)
            plan.venues.append(PlanVenue(name=name, kecamatan=k, address=address, capacity=capacity))
    return index


def _marks(rng, held: int, retake: bool) -> str:
    u = rng.random()
    if not retake and u < 0.06:
        stop = rng.randint(1, 5)  # drops out after a few sessions
        attended = [i < stop for i in range(held)]
    else:
        p = 0.7 if (not retake and u < 0.12) else 0.95
        attended = [rng.random() < p for _ in range(held)]
    return "".join(
        ("L" if rng.random() < 0.1 else "P") if came else ("E" if rng.random() < 0.4 else "A") for came in attended
    )


def plan_trainings(plan: Plan, size: int) -> None:
    rng = plan.rng("trainings")
    # Where people live and when they registered come from a stream of their own, so that
    # attendance (which depends on the day the demo ends) never moves anyone to another kelurahan.
    registrations = plan.rng("registrations")
    today, geo = plan.today, plan.geography
    running_newcomers = max(1, round(size * SHARE_RUNNING_NEWCOMERS))
    planned_newcomers = round(size * SHARE_PLANNED_NEWCOMERS)
    home = size - running_newcomers - planned_newcomers
    slots = slots_for(home)
    per_slot = _trainers(plan, slots)
    venue_index = _venues(plan, slots)

    grid = [(r, s, (r + ROTATION_OFFSET + s) % 7) for r in range(ROUNDS_DONE + 2) for s in range(slots)]
    finished_per_k = [sum(1 for r, _s, kk in grid if r < ROUNDS_DONE and kk == k) for k in range(7)]
    total_pop = sum(vocab.KECAMATAN_POPULATION)
    weights = [0.5 / 7 + 0.5 * pop / total_pop for pop in vocab.KECAMATAN_POPULATION]
    shares = apportion(home, weights)
    home_sizes = {k: apportion(shares[k], [1.0] * finished_per_k[k]) for k in range(7)}
    running_sizes = apportion(running_newcomers, [1.0] * slots)
    planned_sizes = apportion(planned_newcomers, [1.0] * slots)

    carry: dict[int, list[int]] = defaultdict(list)
    names_per_year: dict[tuple[int, int], int] = defaultdict(int)
    for r in range(ROUNDS_DONE + 2):
        start = round_start(today, r)
        new_carry: dict[int, list[int]] = defaultdict(list)
        for s in range(slots):
            k = (r + ROTATION_OFFSET + s) % 7
            trainer = s * per_slot + r % per_slot
            crafts = plan.trainers[trainer].crafts
            craft = crafts[(r // per_slot) % len(crafts)]
            days = (1, 3) if s % 2 == 0 else (0, 2)
            sessions = [start + dt.timedelta(days=7 * week + d) for week in range(4) for d in days]
            if sessions[-1] < today:
                status = TrainingBatch.Status.FINISHED
            elif sessions[0] <= today:
                status = TrainingBatch.Status.RUNNING
            else:
                status = TrainingBatch.Status.PLANNED
            names_per_year[(k, start.year)] += 1
            batch = PlanBatch(
                name=f"Angkatan {names_per_year[(k, start.year)]} {geo.kecamatan[k][1]} {start.year} — "
                f"{vocab.CRAFTS[craft][0]}",
                craft=craft,
                kecamatan=k,
                venue=venue_index[(k, s // 7)],
                trainer=trainer,
                sessions=sessions,
                start_time=dt.time(9, 0) if s % 2 == 0 else dt.time(13, 0),
                end_time=dt.time(12, 0) if s % 2 == 0 else dt.time(16, 0),
                status=status,
                round=r,
            )
            b = len(plan.batches)
            plan.batches.append(batch)

            if r < ROUNDS_DONE:
                newcomers = home_sizes[k].pop(0)
            else:
                newcomers = (running_sizes if r == ROUNDS_DONE else planned_sizes)[s]
            enrolled = [(_new_participant(plan, registrations, k, batch.start), False) for _ in range(newcomers)]
            enrolled += [(p, True) for p in carry.pop(k, [])]
            held = sum(1 for day in sessions if day < today)
            for p, retake in enrolled:
                marks = _marks(rng, held, retake)
                rate, completed = completion(marks, len(sessions))
                plan.enrollments.append(PlanEnrollment(b, p, marks, rate, completed))
                if status != TrainingBatch.Status.FINISHED:
                    continue
                if (not completed and rng.random() < 0.5) or (completed and rng.random() < 0.04):
                    new_carry[k].append(p)  # retakes, or comes back for a second craft
            batch.capacity = max(30, math.ceil(len(enrolled) / 5) * 5)
        for k, people in new_carry.items():
            carry[k].extend(people)


def _new_participant(plan: Plan, rng, k: int, batch_start: dt.date) -> int:
    person = plan.people.person(k)
    plan.participants.append(
        PlanParticipant(
            person=person,
            kecamatan=k,
            kelurahan=rng.choice(plan.geography.kelurahan[k])[0],
            registered_on=batch_start - dt.timedelta(days=rng.randint(5, 40)),
            registered_by=officer_for(k, plan.geography),
        )
    )
    return len(plan.participants) - 1
