"""Made-up people: Indonesian names, NIKs that agree with birth date and sex, +62 phones.

Nothing here depends on the date the demo is built: the same seed gives the same
people on any day.
"""

import datetime as dt
import random
from dataclasses import dataclass

from participants.nik import FEMALE, MALE, check_nik_matches
from participants.phone import normalize_phone

from . import vocab

SHARE_WOMEN = 0.72  # the program's participants are mostly women
SHARE_MOVED_IN = 0.08  # NIK issued outside Tangsel


@dataclass(slots=True)
class Person:
    nik: str
    name: str
    sex: str
    birth_date: dt.date
    phone: str
    address: str


def make_nik(region: str, birth_date: dt.date, sex: str, serial: int) -> str:
    day = birth_date.day + (40 if sex == FEMALE else 0)
    return f"{region}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial:04d}"


class People:
    """Hands out people with NIKs unique across everything the demo creates."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.niks: set[int] = set()  # as numbers: a million NIKs as strings would take twice the memory

    def name(self, sex: str) -> str:
        rng = self.rng
        if sex == FEMALE:
            first, last = vocab.FEMALE_FIRST, vocab.FEMALE_LAST
        else:
            first, last = vocab.MALE_FIRST, vocab.MALE_LAST
        parts = [rng.choice(first)]
        if rng.random() < 0.15:
            parts.append(rng.choice(first))
        if rng.random() < 0.85:
            parts.append(rng.choice(last))
        if len(parts) == 1 or parts[0] == parts[-1]:
            parts = [parts[0], rng.choice(last)]
        return " ".join(parts)

    def phone(self) -> str:
        rng = self.rng
        length = rng.choice((7, 8, 8))
        return "+62" + rng.choice(vocab.PHONE_PREFIXES) + str(rng.randrange(10 ** (length - 1), 10**length))

    def address(self) -> str:
        rng = self.rng
        rt, rw = rng.randint(1, 12), rng.randint(1, 9)
        if rng.random() < 0.2:
            block = f"{rng.choice('ABCDEFGH')}{rng.randint(1, 30)}"
            return f"Perum {rng.choice(vocab.HOUSING)} Blok {block} No. {rng.randint(1, 40)}"
        kind = "Gg." if rng.random() < 0.3 else "Jl."
        return f"{kind} {rng.choice(vocab.STREETS)} No. {rng.randint(1, 120)}, RT {rt:03d}/RW {rw:03d}"

    def person(self, kecamatan_index: int) -> Person:
        rng = self.rng
        sex = FEMALE if rng.random() < SHARE_WOMEN else MALE
        birth_date = dt.date(1964, 1, 1) + dt.timedelta(days=rng.randint(0, 41 * 365))
        if rng.random() < SHARE_MOVED_IN:
            region = rng.choice(vocab.OTHER_NIK_REGIONS)
        else:
            region = "3674" + vocab.KECAMATAN_CODES[kecamatan_index][-2:]
        nik = make_nik(region, birth_date, sex, rng.randint(1, 9999))
        while int(nik) in self.niks:
            nik = make_nik(region, birth_date, sex, rng.randint(1, 9999))
        self.niks.add(int(nik))
        return Person(nik, self.name(sex), sex, birth_date, self.phone(), self.address())


def check_person(person: Person) -> None:
    """The NIK and phone rules of participants/, applied to a made-up person (a bug guard, cheap)."""
    errors = check_nik_matches(person.nik, birth_date=person.birth_date, sex=person.sex)
    if errors:
        raise AssertionError(f"demo person {person.name}: {errors}")
    if normalize_phone(person.phone) != person.phone:
        raise AssertionError(f"demo person {person.name}: phone {person.phone}")
