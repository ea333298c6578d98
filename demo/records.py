"""The demo program as plain Python data, decided before anything is written.

The records every planner fills in and the helpers more than one of them needs; the
planners import this module, vocab and the domain apps, never each other.
`seed.make_plan` is pure: given the seed, the number of participants, the day the demo
ends on and the region list, it returns the same plan every time. Writers (write.py)
then store it through the services or, at benchmark scale, with bulk inserts; both
store the same rows. Every sub-plan draws from its own `random.Random`, so adding a
field in one place does not reshuffle everything else.
"""

import datetime as dt
import math
import random
from array import array
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from trainings.models import Attendance

from .people import People, Person


@dataclass(frozen=True)
class Geography:
    """Kecamatan (code, name) in code order and their kelurahan (code, name) in code order."""

    kecamatan: list[tuple[str, str]]
    kelurahan: list[list[tuple[str, str]]]

    @classmethod
    def from_db(cls) -> "Geography":
        from regions.models import Kecamatan, Kelurahan

        kecamatan = list(Kecamatan.objects.order_by("code").values_list("code", "name"))
        by_code = {code: [] for code, _name in kecamatan}
        for code, name, kec_code in Kelurahan.objects.order_by("code").values_list("code", "name", "kecamatan__code"):
            by_code[kec_code].append((code, name))
        return cls(kecamatan, [by_code[code] for code, _name in kecamatan])


@dataclass(slots=True)
class PlanParticipant:
    person: Person
    kecamatan: int
    kelurahan: str  # code
    registered_on: dt.date
    registered_by: str  # username


@dataclass(slots=True)
class PlanTrainer:
    name: str
    phone: str
    crafts: list[int]


@dataclass(slots=True)
class PlanVenue:
    name: str
    kecamatan: int
    address: str
    capacity: int


@dataclass(slots=True)
class PlanBatch:
    name: str
    craft: int
    kecamatan: int
    venue: int
    trainer: int
    sessions: list[dt.date]
    start_time: dt.time
    end_time: dt.time
    status: str
    capacity: int = 30
    round: int = 0

    @property
    def start(self) -> dt.date:
        return self.sessions[0]

    @property
    def end(self) -> dt.date:
        return self.sessions[-1]


# The letters of PlanEnrollment.marks.
ATTENDED = {"P": Attendance.Status.PRESENT, "L": Attendance.Status.LATE}
MISSED = {"E": Attendance.Status.EXCUSED, "A": Attendance.Status.ABSENT}
MARKS = {**ATTENDED, **MISSED}


@dataclass(slots=True)
class PlanEnrollment:
    batch: int
    participant: int
    # One letter per session held so far: P present, L late, E excused, A absent.
    marks: str
    rate: Decimal
    completed: bool


@dataclass(slots=True)
class PlanKub:
    name: str
    kecamatan: int
    kelurahan: str
    craft: int
    source_batch: int
    formed_on: dt.date | None
    status: str = "forming"
    active_members: int = 0


@dataclass(slots=True)
class PlanMembership:
    kub: int
    participant: int
    role: str
    joined_on: dt.date
    left_on: dt.date | None = None
    override_reason: str = ""


@dataclass(slots=True)
class PlanProduct:
    kub: int
    name: str
    description: str
    craft: int
    price: int
    curation: str
    note: str
    curated_on: dt.date | None


@dataclass(slots=True)
class PlanVisit:
    business: int
    officer: str
    visited_on: dt.date
    status: str
    latitude: Decimal
    longitude: Decimal
    notes: str
    recommend: bool


@dataclass(slots=True)
class PlanBusiness:
    name: str
    kelurahan: str
    kecamatan: int
    craft: int | None
    kub: int | None = None
    owner: int | None = None
    owner_name: str = ""
    owner_nik: str = ""
    nib: str = ""
    address: str = ""
    phone: str = ""
    created_by: str = "staf"
    found_on: dt.date | None = None
    last_status: str = ""
    last_visited_on: dt.date | None = None


@dataclass(slots=True)
class PlanEntry:
    kub: int
    products: list[int]
    status: str
    booth: str
    notes: str
    # product, day, quantity, amount, payment method
    sales: list[tuple[int, dt.date, int, int, str]] = field(default_factory=list)


@dataclass(slots=True)
class PlanExhibition:
    name: str
    kind: str
    location: str
    city: str
    start: dt.date
    end: dt.date
    description: str
    entries: list[PlanEntry] = field(default_factory=list)
    booth_count: int = 0


@dataclass(slots=True)
class PlanStep:
    status: str
    at: dt.datetime
    by: str
    note: str = ""
    amount_approved: int | None = None
    amount_disbursed: int | None = None


@dataclass(slots=True)
class PlanReferral:
    bank: str  # short name
    participant: int | None
    kub: int | None
    kecamatan: int
    purpose: str
    amount_requested: int
    steps: list[PlanStep]


@dataclass
class Plan:
    seed: int
    today: dt.date
    geography: Geography
    participants: list[PlanParticipant] = field(default_factory=list)
    trainers: list[PlanTrainer] = field(default_factory=list)
    venues: list[PlanVenue] = field(default_factory=list)
    batches: list[PlanBatch] = field(default_factory=list)
    enrollments: list[PlanEnrollment] = field(default_factory=list)
    kubs: list[PlanKub] = field(default_factory=list)
    memberships: list[PlanMembership] = field(default_factory=list)
    products: list[PlanProduct] = field(default_factory=list)
    businesses: list[PlanBusiness] = field(default_factory=list)
    visits: list[PlanVisit] = field(default_factory=list)
    exhibitions: list[PlanExhibition] = field(default_factory=list)
    referrals: list[PlanReferral] = field(default_factory=list)
    people: People = field(init=False, repr=False)

    def __post_init__(self):
        # One source of people for participants, trainers and business owners: NIKs never repeat.
        self.people = People(self.rng("people"))

    def rng(self, topic: str) -> random.Random:
        """A generator of its own per topic, seeded from the demo seed (str seeds are stable across runs)."""
        return random.Random(f"tangsel-demo:{self.seed}:{topic}")

    @cached_property
    def kelurahan_names(self) -> dict[str, str]:
        return {code: name for rows in self.geography.kelurahan for code, name in rows}


class DenseMap:
    """A dict from participant index (0 .. size-1) to a value, held in one array: at a million
    participants a dict of a million entries takes over a hundred megabytes. Values are
    stored as the positive numbers `encode` gives; items() keeps the order keys were added in."""

    def __init__(self, size: int, encode=None, decode=None):
        self.values = array("q", bytes(8 * size))
        self.order = array("i")
        self.encode, self.decode = encode, decode
        if encode is None:  # a small set of values, e.g. strings
            known: dict = {}
            values: list = [None]

            def encode(value) -> int:
                if value not in known:
                    known[value] = len(values)
                    values.append(value)
                return known[value]

            self.encode, self.decode = encode, values.__getitem__

    def __contains__(self, key: int) -> bool:
        return self.values[key] != 0

    def __getitem__(self, key: int):
        number = self.values[key]
        if not number:
            raise KeyError(key)
        return self.decode(number)

    def __setitem__(self, key: int, value) -> None:
        if not self.values[key]:
            self.order.append(key)
        self.values[key] = self.encode(value)

    def get(self, key: int, default=None):
        return self[key] if key in self else default

    def setdefault(self, key: int, value):
        if key not in self:
            self[key] = value
        return self[key]

    def items(self):
        for key in self.order:
            yield key, self.decode(self.values[key])


def day_map(size: int) -> DenseMap:
    return DenseMap(size, encode=dt.date.toordinal, decode=dt.date.fromordinal)


def officer_for(kecamatan_index: int, geography: Geography) -> str:
    """The demo user who does field work in a kecamatan: its field officer, else a staff member."""
    name = geography.kecamatan[kecamatan_index][1]
    return {"Ciputat": "petugas.ciputat", "Pamulang": "petugas.pamulang"}.get(name, "staf")


def apportion(total: int, weights: list[float]) -> list[int]:
    """Split `total` in proportion to `weights` (largest remainder), deterministically."""
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    counts = [math.floor(x) for x in exact]
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts
