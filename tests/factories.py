"""factory_boy factories for every domain model. NIKs are valid and agree with birth date and sex."""

import datetime as dt
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from exhibitions.models import Exhibition, ExhibitionEntry, ExhibitionSale
from financing.models import Bank, LoanReferral
from groups.models import BusinessGroup, Membership, Product
from inventory.models import Business, InventoryVisit
from participants.models import Participant
from regions.models import Kecamatan, Kelurahan
from trainings.models import Attendance, CraftType, Enrollment, Trainer, TrainingBatch, TrainingSession, Venue


def make_nik(*, birth_date: dt.date, sex: str, serial: int, region: str = "367401") -> str:
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{region}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial % 10000 or 1:04d}"


def kecamatan(name: str) -> Kecamatan:
    return Kecamatan.objects.get(name=name)


def kelurahan_of(name: str) -> Kelurahan:
    return Kelurahan.objects.filter(kecamatan__name=name).order_by("code").first()


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw-tangsel-123")


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    name = factory.Sequence(lambda n: f"Peserta {n}")
    sex = factory.Iterator(["L", "P"])
    birth_date = factory.Sequence(lambda n: dt.date(1980 + n % 20, 1 + n % 12, 1 + n % 28))
    nik = factory.LazyAttributeSequence(lambda o, n: make_nik(birth_date=o.birth_date, sex=o.sex, serial=n + 1))
    phone = "+6281234567890"
    address = "Jl. Contoh No. 1"
    kelurahan = factory.LazyFunction(lambda: kelurahan_of("Ciputat"))
    consent_given = True


class CraftTypeFactory(DjangoModelFactory):
    class Meta:
        model = CraftType
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kerajinan {n}")


class TrainerFactory(DjangoModelFactory):
    class Meta:
        model = Trainer

    name = factory.Sequence(lambda n: f"Pelatih {n}")


class VenueFactory(DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Aula {n}")
    kecamatan = factory.LazyFunction(lambda: kecamatan("Ciputat"))


class TrainingBatchFactory(DjangoModelFactory):
    class Meta:
        model = TrainingBatch

    name = factory.Sequence(lambda n: f"Angkatan {n}")
    craft_type = factory.SubFactory(CraftTypeFactory)
    kecamatan = factory.LazyFunction(lambda: kecamatan("Ciputat"))
    start_date = dt.date(2026, 3, 2)
    end_date = dt.date(2026, 3, 27)
    capacity = 30


class TrainingSessionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSession

    batch = factory.SubFactory(TrainingBatchFactory)
    # Past dates (attendance opens only once a session has started), cycling within 2026-03-02..11-07.
    date = factory.Sequence(lambda n: dt.date(2026, 3, 2) + dt.timedelta(days=n % 250))
    start_time = dt.time(9, 0)
    end_time = dt.time(12, 0)


class EnrollmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrollment

    batch = factory.SubFactory(TrainingBatchFactory)
    participant = factory.SubFactory(ParticipantFactory)


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(TrainingSessionFactory)
    enrollment = factory.SubFactory(EnrollmentFactory)
    status = Attendance.Status.PRESENT


class BusinessGroupFactory(DjangoModelFactory):
    class Meta:
        model = BusinessGroup

    name = factory.Sequence(lambda n: f"KUB {n}")
    kecamatan = factory.LazyFunction(lambda: kecamatan("Ciputat"))
    craft_type = factory.SubFactory(CraftTypeFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(BusinessGroupFactory)
    participant = factory.SubFactory(ParticipantFactory)
    joined_on = dt.date(2026, 4, 1)


class ProductFactory(DjangoModelFactory):
    class Meta:
        model = Product

    group = factory.SubFactory(BusinessGroupFactory)
    name = factory.Sequence(lambda n: f"Produk {n}")
    price = Decimal("75000")


class BusinessFactory(DjangoModelFactory):
    class Meta:
        model = Business

    name = factory.Sequence(lambda n: f"Usaha {n}")
    kelurahan = factory.LazyFunction(lambda: kelurahan_of("Ciputat"))


class InventoryVisitFactory(DjangoModelFactory):
    class Meta:
        model = InventoryVisit

    business = factory.SubFactory(BusinessFactory)
    visited_on = dt.date(2026, 6, 1)
    status = InventoryVisit.Status.RUNNING


class ExhibitionFactory(DjangoModelFactory):
    class Meta:
        model = Exhibition

    name = factory.Sequence(lambda n: f"Pameran {n}")
    kind = Exhibition.Kind.LOCAL_FAIR
    location = "Lapangan Cilenggang"
    start_date = dt.date(2026, 11, 20)
    end_date = dt.date(2026, 11, 26)


class ExhibitionEntryFactory(DjangoModelFactory):
    class Meta:
        model = ExhibitionEntry

    exhibition = factory.SubFactory(ExhibitionFactory)
    group = factory.SubFactory(BusinessGroupFactory)


class ExhibitionSaleFactory(DjangoModelFactory):
    class Meta:
        model = ExhibitionSale

    entry = factory.SubFactory(ExhibitionEntryFactory)
    sold_on = dt.date(2026, 11, 21)
    quantity = 2
    amount = Decimal("150000")


class BankFactory(DjangoModelFactory):
    class Meta:
        model = Bank
        django_get_or_create = ("short_name",)

    short_name = factory.Sequence(lambda n: f"BANK{n}")
    name = factory.LazyAttribute(lambda o: f"Bank {o.short_name}")


class LoanReferralFactory(DjangoModelFactory):
    class Meta:
        model = LoanReferral

    participant = factory.SubFactory(ParticipantFactory)
    bank = factory.SubFactory(BankFactory)
    kecamatan = factory.LazyAttribute(lambda o: o.participant.kelurahan.kecamatan)
    purpose = "Modal bahan baku"
    amount_requested = Decimal("5000000")
    # Sent to the bank by default: drafts are the department's own and unseen by banks.
    status = LoanReferral.Status.REFERRED
