"""Compact stand-ins for the plan's two longest lists, for seeding at scale.

At a million participants the plan's participants and enrollments, held as records,
take over a gigabyte. In a streamed plan (seed.seed_demo in bulk) each record goes to a
sink (the bulk writer, which writes it out) the moment a planner appends it, and only
what later planners read is kept, packed into arrays: per participant the kecamatan,
kelurahan, registration day and the name, sex, address and phone that a KUB's or an
own business's record copies; per enrollment its batch, participant and completion.
Inventory visits are not kept at all (`Sink`): no planner reads them.
Reading one back gives a record with those fields (and no NIK or birth date).
"""

import datetime as dt
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .people import Person
from .records import PlanEnrollment, PlanParticipant

SEPARATOR = "\x1f"


class ParticipantStore:
    def __init__(self, sink: Callable[[int, PlanParticipant], None]):
        self.sink = sink
        self.kecamatan = bytearray()
        self.kelurahan: array = array("H")
        self.registered_on: array = array("i")  # date ordinals
        self.registered_by: list[str] = []
        self.text = bytearray()
        self.ends: array = array("Q")
        self.kelurahan_codes: list[str] = []
        self.kelurahan_index: dict[str, int] = {}
        self.users: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.kecamatan)

    def append(self, p: PlanParticipant) -> None:
        self.sink(len(self.kecamatan), p)
        self.kecamatan.append(p.kecamatan)
        if p.kelurahan not in self.kelurahan_index:
            self.kelurahan_index[p.kelurahan] = len(self.kelurahan_codes)
            self.kelurahan_codes.append(p.kelurahan)
        self.kelurahan.append(self.kelurahan_index[p.kelurahan])
        self.registered_on.append(p.registered_on.toordinal())
        self.registered_by.append(self.users.setdefault(p.registered_by, p.registered_by))
        person = p.person
        self.text += SEPARATOR.join((person.name, person.sex, person.address, person.phone)).encode()
        self.ends.append(len(self.text))

    def __getitem__(self, i: int) -> PlanParticipant:
        start = self.ends[i - 1] if i else 0
        name, sex, address, phone = self.text[start : self.ends[i]].decode().split(SEPARATOR)
        return PlanParticipant(
            person=Person("", name, sex, None, phone, address),
            kecamatan=self.kecamatan[i],
            kelurahan=self.kelurahan_codes[self.kelurahan[i]],
            registered_on=dt.date.fromordinal(self.registered_on[i]),
            registered_by=self.registered_by[i],
        )


@dataclass(slots=True)
class KeptEnrollment:
    batch: int
    participant: int
    completed: bool


class EnrollmentStore:
    def __init__(self, sink: Callable[[int, PlanEnrollment], None]):
        self.sink = sink
        self.batch: array = array("i")
        self.participant: array = array("i")
        self.completed = bytearray()

    def __len__(self) -> int:
        return len(self.batch)

    def append(self, e: PlanEnrollment) -> None:
        self.sink(len(self.batch), e)
        self.batch.append(e.batch)
        self.participant.append(e.participant)
        self.completed.append(e.completed)

    def __iter__(self) -> Iterator[KeptEnrollment]:
        for b, p, c in zip(self.batch, self.participant, self.completed, strict=True):
            yield KeptEnrollment(b, p, bool(c))

    def of_batch(self, batch: int) -> list[KeptEnrollment]:
        """The enrollments of one batch (a planner appends them batch after batch)."""
        start, end = bisect_left(self.batch, batch), bisect_right(self.batch, batch)
        return [KeptEnrollment(batch, self.participant[i], bool(self.completed[i])) for i in range(start, end)]


class Sink:
    """A list that keeps nothing: each record appended goes straight to the writer."""

    def __init__(self, sink: Callable[[int, object], None]):
        self.sink = sink
        self.count = 0

    def __len__(self) -> int:
        return self.count

    def append(self, record) -> None:
        self.sink(self.count, record)
        self.count += 1
