"""The rotation planner: a pure function from the staff's parameters and the existing
bookings to a proposed rotation of batches and sessions, with its conflicts marked.

Nothing here touches the database. The view reads the existing bookings through
`selectors.planner_bookings`, calls `propose`, shows the result, and only on
confirmation `services.rotation_create` writes it (checking the conflicts again
under lock with `find_conflicts`).

Rules of the rotation:
- Each kecamatan in the given order gets one batch of `weeks` weeks. With `tracks`
  greater than 1, that many kecamatan run side by side (positions 0..tracks-1 start
  together, the next ones `weeks` weeks later, and so on).
- Craft types rotate: the kecamatan at position i gets craft type i mod n.
- A session is held on every chosen weekday of the batch's weeks, at the same hours.
- Trainers rotate too, but the planner skips a trainer who lacks the craft (when
  their skills are recorded) or who is already booked at those hours, when another
  chosen trainer is free. When nobody is free the conflict is marked, not hidden.
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

TRAINER = "trainer"
VENUE = "venue"
KECAMATAN = "kecamatan"


@dataclass(frozen=True)
class KecamatanRef:
    id: int
    name: str


@dataclass(frozen=True)
class CraftRef:
    id: int
    name: str


@dataclass(frozen=True)
class TrainerRef:
    id: int
    name: str
    # Empty means the trainer's skills are not recorded: treated as able to teach anything.
    craft_ids: frozenset[int] = frozenset()

    def teaches(self, craft_id: int) -> bool:
        return not self.craft_ids or craft_id in self.craft_ids


@dataclass(frozen=True)
class VenueRef:
    """An existing venue (id set) or a new one to be created by name (id None)."""

    kecamatan_id: int
    name: str
    id: int | None = None

    @property
    def key(self) -> tuple:
        return ("id", self.id) if self.id is not None else ("new", self.kecamatan_id, self.name.strip().casefold())


@dataclass(frozen=True)
class PlanInput:
    start_date: dt.date
    weeks: int
    kecamatan: tuple[KecamatanRef, ...]
    crafts: tuple[CraftRef, ...]
    trainers: tuple[TrainerRef, ...]
    venues: dict  # kecamatan id -> VenueRef
    weekdays: tuple[int, ...]  # 0 = Monday
    start_time: dt.time
    end_time: dt.time
    capacity: int = 30
    tracks: int = 1


@dataclass(frozen=True)
class ExistingSession:
    """A session already in the database, with the trainer and venue it occupies."""

    date: dt.date
    start_time: dt.time
    end_time: dt.time
    batch_name: str
    trainer_id: int | None = None
    venue_id: int | None = None


@dataclass(frozen=True)
class ExistingBatch:
    name: str
    kecamatan_id: int
    start_date: dt.date
    end_date: dt.date


@dataclass(frozen=True)
class Bookings:
    sessions: tuple[ExistingSession, ...] = ()
    batches: tuple[ExistingBatch, ...] = ()


@dataclass(frozen=True)
class Conflict:
    kind: str  # TRAINER, VENUE or KECAMATAN
    message: str


@dataclass
class ProposedSession:
    number: int
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class ProposedBatch:
    position: int
    name: str
    kecamatan: KecamatanRef
    craft: CraftRef
    trainer: TrainerRef
    venue: VenueRef
    start_date: dt.date
    end_date: dt.date
    capacity: int
    sessions: list[ProposedSession]
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def conflict_messages(self) -> list[str]:
        return list(dict.fromkeys(c.message for c in self.conflicts))


@dataclass
class Plan:
    batches: list[ProposedBatch]

    @property
    def conflicts(self) -> list[Conflict]:
        return [c for b in self.batches for c in b.conflicts]

    @property
    def has_conflicts(self) -> bool:
        return any(b.conflicts for b in self.batches)

    @property
    def start_date(self) -> dt.date | None:
        return min((b.start_date for b in self.batches), default=None)

    @property
    def end_date(self) -> dt.date | None:
        return max((b.end_date for b in self.batches), default=None)

    @property
    def session_count(self) -> int:
        return sum(len(b.sessions) for b in self.batches)

    def digest(self) -> str:
        """A fingerprint of what would be created, so a confirmation can tell that the plan changed."""
        parts = []
        for b in self.batches:
            parts.append(f"{b.kecamatan.id}|{b.craft.id}|{b.trainer.id}|{b.venue.key}|{b.capacity}|{b.name}")
            parts += [f"{s.date}|{s.start_time}|{s.end_time}" for s in b.sessions]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def batch_window(inp: PlanInput, position: int) -> tuple[dt.date, dt.date]:
    """First and last day of the weeks the kecamatan at `position` has."""
    first = inp.start_date + dt.timedelta(weeks=(position // max(inp.tracks, 1)) * inp.weeks)
    return first, first + dt.timedelta(days=7 * inp.weeks - 1)


def rotation_span(inp: PlanInput) -> tuple[dt.date, dt.date]:
    """The days the whole rotation may use: what to load existing bookings for."""
    last = max(len(inp.kecamatan) - 1, 0)
    return inp.start_date, batch_window(inp, last)[1]


def session_dates(first: dt.date, last: dt.date, weekdays) -> list[dt.date]:
    days = set(weekdays)
    out, day = [], first
    while day <= last:
        if day.weekday() in days:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def batch_name(kecamatan: KecamatanRef, craft: CraftRef, start: dt.date) -> str:
    return f"{craft.name} — {kecamatan.name} {start:%m/%Y}"


class _Ledger:
    """Who and what is booked when: the existing sessions plus what the plan has taken so far."""

    def __init__(self, bookings: Bookings):
        self.trainer = defaultdict(list)  # (trainer id, date) -> [(start, end, label)]
        self.venue = defaultdict(list)  # (venue key, date) -> [(start, end, label)]
        self.batches = defaultdict(list)  # kecamatan id -> [(start, end, label)]
        for s in bookings.sessions:
            if s.trainer_id is not None:
                self.trainer[(s.trainer_id, s.date)].append((s.start_time, s.end_time, s.batch_name))
            if s.venue_id is not None:
                self.venue[(("id", s.venue_id), s.date)].append((s.start_time, s.end_time, s.batch_name))
        for b in bookings.batches:
            self.batches[b.kecamatan_id].append((b.start_date, b.end_date, b.name))

    @staticmethod
    def _clashes(entries, start, end):
        return [label for s, e, label in entries if _overlaps(start, end, s, e)]

    def trainer_clashes(self, trainer_id, session) -> list[str]:
        return self._clashes(self.trainer[(trainer_id, session.date)], session.start_time, session.end_time)

    def venue_clashes(self, venue_key, session) -> list[str]:
        return self._clashes(self.venue[(venue_key, session.date)], session.start_time, session.end_time)

    def kecamatan_clashes(self, kecamatan_id, start, end) -> list[str]:
        # Batch dates are inclusive days, so compare with the day after the end.
        one = dt.timedelta(days=1)
        return [label for s, e, label in self.batches[kecamatan_id] if _overlaps(start, end + one, s, e + one)]

    def trainer_is_free(self, trainer_id, sessions) -> bool:
        return not any(self.trainer_clashes(trainer_id, s) for s in sessions)

    def take(self, batch: ProposedBatch) -> None:
        for s in batch.sessions:
            self.trainer[(batch.trainer.id, s.date)].append((s.start_time, s.end_time, batch.name))
            self.venue[(batch.venue.key, s.date)].append((s.start_time, s.end_time, batch.name))
        self.batches[batch.kecamatan.id].append((batch.start_date, batch.end_date, batch.name))


def _pick_trainer(inp: PlanInput, position: int, craft: CraftRef, sessions, ledger: _Ledger) -> TrainerRef:
    n = len(inp.trainers)
    in_turn = [inp.trainers[(position + i) % n] for i in range(n)]
    skilled = [t for t in in_turn if t.teaches(craft.id)] or in_turn
    for trainer in skilled:
        if ledger.trainer_is_free(trainer.id, sessions):
            return trainer
    return skilled[0]


def _mark(batch: ProposedBatch, ledger: _Ledger) -> None:
    """Record the batch's conflicts against everything the ledger holds."""
    for label in ledger.kecamatan_clashes(batch.kecamatan.id, batch.start_date, batch.end_date):
        batch.conflicts.append(
            Conflict(
                KECAMATAN,
                _("Bertumpuk dengan angkatan “%(other)s” di Kecamatan %(kecamatan)s.")
                % {"other": label, "kecamatan": batch.kecamatan.name},
            )
        )
    for s in batch.sessions:
        for label in ledger.trainer_clashes(batch.trainer.id, s):
            s.conflicts.append(
                Conflict(
                    TRAINER,
                    _("Pelatih %(trainer)s sudah mengajar “%(other)s” pada %(date)s, %(start)s–%(end)s.")
                    % _when(s, trainer=batch.trainer.name, other=label),
                )
            )
        for label in ledger.venue_clashes(batch.venue.key, s):
            s.conflicts.append(
                Conflict(
                    VENUE,
                    _("Tempat %(venue)s sudah dipakai “%(other)s” pada %(date)s, %(start)s–%(end)s.")
                    % _when(s, venue=batch.venue.name, other=label),
                )
            )
        batch.conflicts += s.conflicts


def _when(session, **extra) -> dict:
    return {
        "date": session.date.strftime("%d-%m-%Y"),
        "start": session.start_time.strftime("%H:%M"),
        "end": session.end_time.strftime("%H:%M"),
        **extra,
    }


def propose(inp: PlanInput, bookings: Bookings = Bookings()) -> Plan:
    """The batches and sessions of one full rotation, each conflict marked."""
    if not (inp.kecamatan and inp.crafts and inp.trainers and inp.weekdays):
        return Plan(batches=[])
    ledger = _Ledger(bookings)
    batches = []
    for position, kecamatan in enumerate(inp.kecamatan):
        first, last = batch_window(inp, position)
        dates = session_dates(first, last, inp.weekdays)
        sessions = [ProposedSession(i + 1, d, inp.start_time, inp.end_time) for i, d in enumerate(dates)]
        craft = inp.crafts[position % len(inp.crafts)]
        trainer = _pick_trainer(inp, position, craft, sessions, ledger)
        start, end = (dates[0], dates[-1]) if dates else (first, last)
        batch = ProposedBatch(
            position=position,
            name=batch_name(kecamatan, craft, start),
            kecamatan=kecamatan,
            craft=craft,
            trainer=trainer,
            venue=inp.venues[kecamatan.id],
            start_date=start,
            end_date=end,
            capacity=inp.capacity,
            sessions=sessions,
        )
        _mark(batch, ledger)
        ledger.take(batch)
        batches.append(batch)
    return Plan(batches=batches)


def find_conflicts(plan: Plan, bookings: Bookings) -> list[Conflict]:
    """Check an already proposed plan again, against fresh bookings and within itself.

    Used on confirmation: the plan's assignments stay as they were, only conflicts are sought.
    """
    ledger = _Ledger(bookings)
    found = []
    for batch in plan.batches:
        fresh = replace(batch, conflicts=[], sessions=[replace(s, conflicts=[]) for s in batch.sessions])
        _mark(fresh, ledger)
        ledger.take(fresh)
        found += fresh.conflicts
    return found
