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
- Trainers take turns in the order chosen: each batch goes to the next trainer after
  the one who had the previous batch. A trainer who does not teach the batch's craft
  (when their skills are recorded) or who is already booked at those hours is passed
  over for the next one, and the preview says why (`ProposedBatch.notes`; trainers left
  without a batch in `Plan.unassigned`). When no chosen trainer can take a batch, the
  first in turn is kept and the conflict is marked, not hidden.
- One session added or changed by hand is checked by the same rule (`slot_conflicts`).
"""

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

TRAINER = "trainer"
VENUE = "venue"
KECAMATAN = "kecamatan"
SKILL = "skill"


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
    kecamatan_name: str = ""


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
    kind: str  # TRAINER, VENUE, KECAMATAN or SKILL
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
    # Why the trainers whose turn came first were passed over for this batch.
    notes: list[str] = field(default_factory=list)

    @property
    def conflict_messages(self) -> list[str]:
        return list(dict.fromkeys(c.message for c in self.conflicts))


@dataclass
class Plan:
    batches: list[ProposedBatch]
    # Chosen trainers who got no batch, each with why.
    unassigned: list[str] = field(default_factory=list)

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


@dataclass(frozen=True)
class _Booking:
    start: object  # a time for sessions, a date for batches
    end: object
    label: str  # the batch's name
    where: str = ""  # its kecamatan, when known


class _Ledger:
    """Who and what is booked when: the existing sessions plus what the plan has taken so far."""

    def __init__(self, bookings: Bookings):
        self.trainer = defaultdict(list)  # (trainer id, date) -> [_Booking]
        self.venue = defaultdict(list)  # (venue key, date) -> [_Booking]
        self.batches = defaultdict(list)  # kecamatan id -> [_Booking]
        for s in bookings.sessions:
            booking = _Booking(s.start_time, s.end_time, s.batch_name, s.kecamatan_name)
            if s.trainer_id is not None:
                self.trainer[(s.trainer_id, s.date)].append(booking)
            if s.venue_id is not None:
                self.venue[(("id", s.venue_id), s.date)].append(booking)
        for b in bookings.batches:
            self.batches[b.kecamatan_id].append(_Booking(b.start_date, b.end_date, b.name))

    @staticmethod
    def _clashes(entries, start, end) -> list[_Booking]:
        return [b for b in entries if _overlaps(start, end, b.start, b.end)]

    def trainer_clashes(self, trainer_id, session) -> list[_Booking]:
        return self._clashes(self.trainer[(trainer_id, session.date)], session.start_time, session.end_time)

    def venue_clashes(self, venue_key, session) -> list[_Booking]:
        return self._clashes(self.venue[(venue_key, session.date)], session.start_time, session.end_time)

    def kecamatan_clashes(self, kecamatan_id, start, end) -> list[_Booking]:
        # Batch dates are inclusive days, so compare with the day after the end.
        one = dt.timedelta(days=1)
        return [b for b in self.batches[kecamatan_id] if _overlaps(start, end + one, b.start, b.end + one)]

    def first_trainer_clash(self, trainer_id, sessions) -> tuple[ProposedSession, _Booking] | None:
        for s in sessions:
            clashes = self.trainer_clashes(trainer_id, s)
            if clashes:
                return s, clashes[0]
        return None

    def take(self, batch: ProposedBatch) -> None:
        where = batch.kecamatan.name
        for s in batch.sessions:
            self.trainer[(batch.trainer.id, s.date)].append(_Booking(s.start_time, s.end_time, batch.name, where))
            self.venue[(batch.venue.key, s.date)].append(_Booking(s.start_time, s.end_time, batch.name, where))
        self.batches[batch.kecamatan.id].append(_Booking(batch.start_date, batch.end_date, batch.name))


def _not_teaching(trainer: TrainerRef, craft: CraftRef) -> str:
    return _("%(trainer)s tidak mengajar %(craft)s.") % {"trainer": trainer.name, "craft": craft.name}


def _busy(trainer: TrainerRef, session, booking: _Booking) -> str:
    values = {"trainer": trainer.name, "date": session.date.strftime("%d-%m-%Y"), "other": booking.label}
    if booking.where:
        return _("%(trainer)s sudah terjadwal di %(where)s pada %(date)s (“%(other)s”).") % {
            **values,
            "where": booking.where,
        }
    return _("%(trainer)s sudah terjadwal pada %(date)s (“%(other)s”).") % values


def _pick_trainer(trainers, craft: CraftRef, sessions, ledger: _Ledger) -> tuple[TrainerRef, list[str]]:
    """The first trainer in `trainers` (in turn order) who teaches the craft and is free, and
    why each one before them was passed over. Nobody fits: the first in turn, whose conflict
    `_mark` then shows."""
    passed = []
    for trainer in trainers:
        if not trainer.teaches(craft.id):
            passed.append(_not_teaching(trainer, craft))
            continue
        clash = ledger.first_trainer_clash(trainer.id, sessions)
        if clash is None:
            return trainer, passed
        passed.append(_busy(trainer, *clash))
    skilled = [t for t in trainers if t.teaches(craft.id)]
    return (skilled or list(trainers))[0], passed


def _when(start_time, end_time, date, **extra) -> dict:
    return {
        "date": date.strftime("%d-%m-%Y"),
        "start": start_time.strftime("%H:%M"),
        "end": end_time.strftime("%H:%M"),
        **extra,
    }


def _other(booking: _Booking) -> str:
    return f"“{booking.label}” ({booking.where})" if booking.where else f"“{booking.label}”"


def _session_conflicts(session, trainer: TrainerRef | None, venue: VenueRef | None, ledger: _Ledger) -> list[Conflict]:
    """The one rule for a trainer or a venue booked twice, for a proposed session or a single one."""
    found = []
    when = {"start_time": session.start_time, "end_time": session.end_time, "date": session.date}
    if trainer is not None:
        for booking in ledger.trainer_clashes(trainer.id, session):
            found.append(
                Conflict(
                    TRAINER,
                    _("Pelatih %(trainer)s sudah mengajar %(other)s pada %(date)s, %(start)s–%(end)s.")
                    % _when(**when, trainer=trainer.name, other=_other(booking)),
                )
            )
    if venue is not None:
        for booking in ledger.venue_clashes(venue.key, session):
            found.append(
                Conflict(
                    VENUE,
                    _("Tempat %(venue)s sudah dipakai %(other)s pada %(date)s, %(start)s–%(end)s.")
                    % _when(**when, venue=venue.name, other=_other(booking)),
                )
            )
    return found


def _mark(batch: ProposedBatch, ledger: _Ledger) -> None:
    """Record the batch's conflicts against everything the ledger holds."""
    if not batch.trainer.teaches(batch.craft.id):
        batch.conflicts.append(
            Conflict(
                SKILL,
                _("Tidak ada pelatih terpilih yang mengajar %(craft)s: %(reason)s")
                % {"craft": batch.craft.name, "reason": _not_teaching(batch.trainer, batch.craft)},
            )
        )
    for booking in ledger.kecamatan_clashes(batch.kecamatan.id, batch.start_date, batch.end_date):
        batch.conflicts.append(
            Conflict(
                KECAMATAN,
                _("Bertumpuk dengan angkatan “%(other)s” di Kecamatan %(kecamatan)s.")
                % {"other": booking.label, "kecamatan": batch.kecamatan.name},
            )
        )
    for s in batch.sessions:
        s.conflicts += _session_conflicts(s, batch.trainer, batch.venue, ledger)
        batch.conflicts += s.conflicts


def slot_conflicts(
    *,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    trainer: TrainerRef | None,
    venue: VenueRef | None,
    bookings: Bookings,
) -> list[Conflict]:
    """Conflicts of one session (added or changed by hand) with the existing bookings."""
    session = ProposedSession(0, date, start_time, end_time)
    return _session_conflicts(session, trainer, venue, _Ledger(bookings))


def propose(inp: PlanInput, bookings: Bookings = Bookings()) -> Plan:
    """The batches and sessions of one full rotation, each conflict marked."""
    if not (inp.kecamatan and inp.crafts and inp.trainers and inp.weekdays):
        return Plan(batches=[])
    ledger = _Ledger(bookings)
    batches = []
    trainers, turn = inp.trainers, 0
    passed_over = defaultdict(list)  # trainer id -> why they were passed over
    for position, kecamatan in enumerate(inp.kecamatan):
        first, last = batch_window(inp, position)
        dates = session_dates(first, last, inp.weekdays)
        sessions = [ProposedSession(i + 1, d, inp.start_time, inp.end_time) for i, d in enumerate(dates)]
        craft = inp.crafts[position % len(inp.crafts)]
        in_turn = trainers[turn:] + trainers[:turn]
        trainer, notes = _pick_trainer(in_turn, craft, sessions, ledger)
        for skipped, note in zip(in_turn, notes, strict=False):
            passed_over[skipped.id].append(note)
        # The next batch goes to the trainer after this one.
        turn = (trainers.index(trainer) + 1) % len(trainers)
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
            notes=notes,
        )
        _mark(batch, ledger)
        ledger.take(batch)
        batches.append(batch)
    return Plan(batches=batches, unassigned=_unassigned(trainers, batches, passed_over))


def _unassigned(trainers, batches, passed_over) -> list[str]:
    assigned = {b.trainer.id for b in batches}
    out = []
    for trainer in trainers:
        if trainer.id in assigned:
            continue
        reasons = list(dict.fromkeys(passed_over.get(trainer.id, [])))
        if reasons:
            out.append(
                _("%(trainer)s tidak mendapat angkatan: %(reasons)s")
                % {"trainer": trainer.name, "reasons": " ".join(reasons)}
            )
        else:
            out.append(
                _("%(trainer)s tidak mendapat angkatan: gilirannya tidak sampai (%(n)d angkatan untuk %(m)d pelatih).")
                % {"trainer": trainer.name, "n": len(batches), "m": len(trainers)}
            )
    return out


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
