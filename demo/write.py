"""Store a whole plan through the services (the default demo size; bulk.py stores the same rows fast).

KUB members join and leave through groups.services, visits go through
inventory.services.visit_record, referrals move through financing.services, completion is
recomputed by trainings.services.batch_recompute, and each result is checked against the
plan. Participants, batches, sessions, enrollments, attendance, products and businesses are
bulk-inserted: their services add nothing a plan does not already respect. bulk_create
sends no model signals (core.derived, each app's signals.py), so completion is recomputed
here once per batch.
"""

import datetime as dt
import time
from base64 import b32decode
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import User
from accounts.second_factor import TOTP_NAME
from exhibitions.models import Exhibition, ExhibitionEntry, ExhibitionSale
from financing.models import Bank, LoanReferral, LoanReferralEvent
from financing.services import referral_create, referral_transition
from groups.models import BusinessGroup, Product
from groups.services import group_add_member, group_create, group_remove_member
from inventory.models import Business, InventoryVisit
from inventory.services import visit_record
from participants.models import Participant
from regions.models import Kecamatan, Kelurahan
from trainings.models import Attendance, CraftType, Enrollment, Trainer, TrainingBatch, TrainingSession, Venue
from trainings.services import batch_recompute

from . import vocab
from .people import check_person
from .records import MARKS, Plan

CHUNK = 5000
WEEK = dt.timedelta(days=7)

# username, role, first name, last name, scope
DEMO_USERS = [
    ("admin", roles.ADMIN, "Admin", "Tangsel Kreatif", {}),
    ("staf", roles.STAFF, "Rina", "Marlina", {}),
    ("petugas.ciputat", roles.FIELD_OFFICER, "Dedi", "Supriyadi", {"kecamatan": "Ciputat"}),
    ("petugas.pamulang", roles.FIELD_OFFICER, "Yuli", "Astuti", {"kecamatan": "Pamulang"}),
    ("bank.bri", roles.BANK_LIAISON, "Andi", "Pratama", {"bank": "BRI"}),
    ("pimpinan", roles.LEADERSHIP, "Hendra", "Gunawan", {}),
]


def chunks(items: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


@dataclass
class Reference:
    kecamatan: list  # Kecamatan in the plan's order
    kelurahan_ids: dict[str, int]  # code -> id
    banks: dict[str, Bank]  # short name -> bank
    users: dict[str, User]  # username -> user
    crafts: list[CraftType]


# The second factor of the demo users whose role requires one, published in the README: add it
# to an authenticator app, or print the current code with `manage.py demo_code`. demo.E002
# (check --deploy) refuses any device with this secret.
DEMO_TOTP_SECRET = "TANGSELKREATIFDEMOTWOFACTORSTEPX"
DEMO_TOTP_KEY_HEX = b32decode(DEMO_TOTP_SECRET).hex()


def create_reference(geography, *, contact_name: Callable[[], str]) -> Reference:
    """Banks, the demo users and the craft types; `contact_name` names each bank's contact in turn."""
    by_code = {k.code: k for k in Kecamatan.objects.all()}
    kecamatan = [by_code[code] for code, _name in geography.kecamatan]
    kelurahan_ids = dict(Kelurahan.objects.values_list("code", "pk"))
    banks = {}
    for name, short, branch in vocab.BANKS:
        banks[short] = Bank.objects.create(
            name=name, short_name=short, branch=branch, contact_name=contact_name(), contact_phone=""
        )
    users = {}
    kecamatan_by_name = {k.name: k for k in kecamatan}
    # One hash for the one shared demo password: hashing is slow on purpose, six times is seconds.
    password = make_password(settings.DEMO_PASSWORD)
    for username, role, first, last, scope in DEMO_USERS:
        user = User(username=username, first_name=first, last_name=last, is_staff=True, password=password)
        user.is_superuser = role == roles.ADMIN
        user.bank = banks.get(scope.get("bank"))
        user.save()
        user.groups.add(Group.objects.get(name=role))
        if "kecamatan" in scope:
            user.kecamatan.add(kecamatan_by_name[scope["kecamatan"]])
        if role in settings.OTP_REQUIRED_ROLES:
            # The published demo secret (README "Signing in"): the demo shows the second step.
            TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=DEMO_TOTP_KEY_HEX, confirmed=True)
        users[username] = user
    crafts = [CraftType.objects.create(name=name, description=text) for name, text, _p in vocab.CRAFTS]
    return Reference(kecamatan, kelurahan_ids, banks, users, crafts)


class Writer:
    def __init__(self, plan: Plan, *, say: Callable[[str], None]):
        self.plan = plan
        self.say = say
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.started = time.monotonic()

    def aware(self, day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.zone)

    def done(self, what: str, count: int) -> None:
        self.say(f"  {what}: {count:,} ({time.monotonic() - self.started:.1f} s)")

    def run(self) -> None:
        self.reference()
        self.participants()
        self.trainings()
        self.groups()
        self.inventory()
        self.exhibitions()
        self.referrals()

    # Reference data and demo users -------------------------------------------------

    def reference(self) -> None:
        plan = self.plan
        ref = create_reference(plan.geography, contact_name=lambda: plan.people.name("P"))
        self.kecamatan, self.kelurahan_ids = ref.kecamatan, ref.kelurahan_ids
        self.banks, self.users, self.crafts = ref.banks, ref.users, ref.crafts
        self.trainers = Trainer.objects.bulk_create(Trainer(name=t.name, phone=t.phone) for t in plan.trainers)
        Trainer.craft_types.through.objects.bulk_create(
            Trainer.craft_types.through(trainer_id=trainer.pk, crafttype_id=self.crafts[c].pk)
            for trainer, t in zip(self.trainers, plan.trainers, strict=True)
            for c in t.crafts
        )
        self.venues = Venue.objects.bulk_create(
            Venue(name=v.name, kecamatan=self.kecamatan[v.kecamatan], address=v.address, capacity=v.capacity)
            for v in plan.venues
        )
        self.done("users, banks, crafts, trainers, venues", len(self.users) + len(self.trainers) + len(self.venues))

    def user_id(self, username: str) -> int:
        return self.users[username].pk

    def backdate(self, model, fields: list[str], values: Iterable[tuple[int, dt.datetime]]) -> None:
        """Set creation stamps (auto_now_add, which inserts cannot set) to when the plan says it happened."""
        by_value = defaultdict(list)
        for pk, value in values:
            by_value[value].append(pk)
        for value, pks in by_value.items():
            for part in chunks(pks, 900):
                model.objects.filter(pk__in=part).update(**dict.fromkeys(fields, value))

    # Participants and trainings ----------------------------------------------------

    def participants(self) -> None:
        self.participant_ids = []
        total = len(self.plan.participants)
        for chunk in chunks(self.plan.participants):
            rows = []
            for p in chunk:
                check_person(p.person)
                rows.append(
                    Participant(
                        nik=p.person.nik,
                        name=p.person.name,
                        sex=p.person.sex,
                        birth_date=p.person.birth_date,
                        phone=p.person.phone,
                        address=p.person.address,
                        kelurahan_id=self.kelurahan_ids[p.kelurahan],
                        consent_given=True,
                        consent_at=self.aware(p.registered_on, 9, 30),
                        registered_by_id=self.user_id(p.registered_by),
                    )
                )
            self.participant_ids += [row.pk for row in Participant.objects.bulk_create(rows)]
            self.done(f"participants {len(self.participant_ids):,}/{total:,}", len(rows))
        self.backdate(
            Participant,
            ["created_at", "updated_at"],
            (
                (pk, self.aware(p.registered_on, 9, 30))
                for pk, p in zip(self.participant_ids, self.plan.participants, strict=True)
            ),
        )

    def trainings(self) -> None:
        plan = self.plan
        staf = self.user_id("staf")
        self.batches = TrainingBatch.objects.bulk_create(
            TrainingBatch(
                name=b.name,
                craft_type=self.crafts[b.craft],
                kecamatan=self.kecamatan[b.kecamatan],
                venue=self.venues[b.venue],
                trainer=self.trainers[b.trainer],
                start_date=b.start,
                end_date=b.end,
                capacity=b.capacity,
                status=b.status,
                created_by_id=staf,
            )
            for b in plan.batches
        )
        self.session_ids: list[list[int]] = []
        for chunk in chunks(list(zip(self.batches, plan.batches, strict=True)), 1000):
            sessions = TrainingSession.objects.bulk_create(
                TrainingSession(
                    batch=batch,
                    date=day,
                    start_time=b.start_time,
                    end_time=b.end_time,
                    topic=f"Pertemuan {i + 1}",
                    trainer=self.trainers[b.trainer],
                    venue=self.venues[b.venue],
                )
                for batch, b in chunk
                for i, day in enumerate(b.sessions)
            )
            it = iter(sessions)
            self.session_ids += [[next(it).pk for _day in b.sessions] for _batch, b in chunk]
        self.done("batches and sessions", len(self.batches) + sum(map(len, self.session_ids)))

        enrolled, attended, total = 0, 0, len(plan.enrollments)
        enrollment_ids = []
        for chunk in chunks(plan.enrollments):
            rows = Enrollment.objects.bulk_create(
                Enrollment(
                    batch=self.batches[e.batch],
                    participant_id=self.participant_ids[e.participant],
                    enrolled_by_id=self.user_id(plan.participants[e.participant].registered_by),
                    attendance_rate=e.rate,
                    completed=e.completed,
                )
                for e in chunk
            )
            marks = (
                Attendance(
                    session_id=self.session_ids[e.batch][i],
                    enrollment_id=row.pk,
                    status=MARKS[mark],
                    recorded_by_id=self.user_id(plan.participants[e.participant].registered_by),
                    from_paper=e.batch % 4 == 0,
                )
                for row, e in zip(rows, chunk, strict=True)
                for i, mark in enumerate(e.marks)
            )
            for part in chunks(marks):
                attended += len(Attendance.objects.bulk_create(part))
            enrolled += len(rows)
            enrollment_ids += [row.pk for row in rows]
            self.done(f"enrollments {enrolled:,}/{total:,}, attendance", attended)
        registered = [p.registered_on for p in plan.participants]
        self.backdate(
            Enrollment,
            ["enrolled_at"],
            (
                (pk, self.aware(max(registered[e.participant], plan.batches[e.batch].start - WEEK)))
                for pk, e in zip(enrollment_ids, plan.enrollments, strict=True)
            ),
        )
        # Bulk inserts bypass trainings.signals: completion is recomputed here once per batch.
        for batch in self.batches:
            batch_recompute(batch=batch)
        stored = list(Enrollment.objects.order_by("pk").values_list("completed", flat=True))
        if stored != [e.completed for e in plan.enrollments]:
            raise AssertionError("completion flags differ from trainings.services.batch_recompute")

    # KUBs and products -------------------------------------------------------------

    def groups(self) -> None:
        plan = self.plan
        staf = self.users["staf"]
        self._groups_through_services()
        first_joined = {}
        for m in plan.memberships:
            first_joined[m.kub] = min(m.joined_on, first_joined.get(m.kub, m.joined_on))
        self.backdate(
            BusinessGroup,
            ["created_at"],
            ((group.pk, self.aware(first_joined[i], 10)) for i, group in enumerate(self.groups_)),
        )
        self.done("KUBs and memberships", len(plan.kubs) + len(plan.memberships))
        self.products = Product.objects.bulk_create(
            Product(
                group=self.groups_[p.kub],
                name=p.name,
                description=p.description,
                craft_type=self.crafts[p.craft],
                price=Decimal(p.price),
                curation_status=p.curation,
                curation_note=p.note,
                curated_by=staf if p.curated_on else None,
                curated_at=self.aware(p.curated_on, 10) if p.curated_on else None,
            )
            for p in plan.products
        )
        self.done("products", len(self.products))

    def _groups_through_services(self) -> None:
        plan, staf = self.plan, self.users["staf"]
        self.groups_ = []
        events: dict[int, list] = {}
        for i, m in enumerate(plan.memberships):
            events.setdefault(m.kub, []).append((m.joined_on, 1, i))
            if m.left_on:
                events[m.kub].append((m.left_on, 0, i))
        participants = Participant.objects.in_bulk(self.participant_ids)
        for kub_index, k in enumerate(plan.kubs):
            group = group_create(
                name=k.name,
                kecamatan=self.kecamatan[k.kecamatan],
                craft_type=self.crafts[k.craft],
                user=staf,
                kelurahan=Kelurahan.objects.get(pk=self.kelurahan_ids[k.kelurahan]),
                source_batch=self.batches[k.source_batch],
            )
            memberships = {}
            for day, joins, i in sorted(events.get(kub_index, [])):
                m = plan.memberships[i]
                if joins:
                    memberships[i] = group_add_member(
                        group=group,
                        participant=participants[self.participant_ids[m.participant]],
                        user=staf,
                        role=m.role,
                        joined_on=day,
                        override_reason=m.override_reason,
                    )
                else:
                    group_remove_member(membership=memberships[i], user=staf, left_on=day)
            group.refresh_from_db()
            if (group.status, group.active_member_count) != (k.status, k.active_members):
                raise AssertionError(f"{k.name}: services say {group.status}, the plan {k.status}")
            # group_refresh_status dates a KUB's forming on the day it reached 10; the demo backdates it.
            BusinessGroup.objects.filter(pk=group.pk).update(formed_on=k.formed_on)
            self.groups_.append(group)

    # Inventory -----------------------------------------------------------------------

    def inventory(self) -> None:
        plan = self.plan
        self.businesses = []
        for chunk in chunks(plan.businesses):
            self.businesses += Business.objects.bulk_create(
                Business(
                    name=b.name,
                    group=self.groups_[b.kub] if b.kub is not None else None,
                    owner_participant_id=self.participant_ids[b.owner] if b.owner is not None else None,
                    owner_name=b.owner_name,
                    owner_nik=b.owner_nik,
                    kelurahan_id=self.kelurahan_ids[b.kelurahan],
                    craft_type=self.crafts[b.craft] if b.craft is not None else None,
                    nib=b.nib,
                    address=b.address,
                    phone=b.phone,
                    created_by_id=self.user_id(b.created_by),
                )
                for b in chunk
            )
        for v in plan.visits:
            visit_record(
                business=self.businesses[v.business],
                officer=self.users[v.officer],
                visited_on=v.visited_on,
                status=v.status,
                notes=v.notes,
                latitude=v.latitude,
                longitude=v.longitude,
                recommend_for_exhibition=v.recommend,
            )
        stored = Business.objects.order_by("pk").values_list("last_visit_status", "last_visited_on")
        if list(stored) != [(b.last_status, b.last_visited_on) for b in plan.businesses]:
            raise AssertionError("last visits differ from inventory.services")
        self.backdate(
            Business,
            ["created_at"],
            ((row.pk, self.aware(b.found_on, 11)) for row, b in zip(self.businesses, plan.businesses, strict=True)),
        )
        visit_ids = InventoryVisit.objects.order_by("pk").values_list("pk", flat=True)
        self.backdate(
            InventoryVisit,
            ["created_at"],
            ((pk, self.aware(v.visited_on, 15)) for pk, v in zip(visit_ids, plan.visits, strict=True)),
        )
        self.done("businesses and visits", len(self.businesses) + len(plan.visits))

    # Exhibitions and referrals --------------------------------------------------------

    def exhibitions(self) -> None:
        entries = 0
        for e in self.plan.exhibitions:
            exhibition = Exhibition.objects.create(
                name=e.name,
                kind=e.kind,
                location=e.location,
                city=e.city,
                start_date=e.start,
                end_date=e.end,
                description=e.description,
                booth_count=e.booth_count,
            )
            for planned in e.entries:
                entry = ExhibitionEntry.objects.create(
                    exhibition=exhibition,
                    group=self.groups_[planned.kub],
                    status=planned.status,
                    booth=planned.booth,
                    notes=planned.notes,
                )
                entry.products.set([self.products[i] for i in planned.products])
                ExhibitionSale.objects.bulk_create(
                    ExhibitionSale(
                        entry=entry,
                        product=self.products[product],
                        sold_on=day,
                        quantity=quantity,
                        amount=Decimal(amount),
                        payment_method=method,
                    )
                    for product, day, quantity, amount, method in planned.sales
                )
                entries += 1
        self.done("exhibitions and entries", len(self.plan.exhibitions) + entries)

    def referrals(self) -> None:
        self._referrals_through_services()
        self.done("loan referrals", len(self.plan.referrals))

    def _applicant(self, r) -> dict:
        if r.participant is not None:
            return {"participant": Participant.objects.get(pk=self.participant_ids[r.participant])}
        return {"group": self.groups_[r.kub]}

    def _referrals_through_services(self) -> None:
        for r in self.plan.referrals:
            first = r.steps[0]
            referral = referral_create(
                bank=self.banks[r.bank],
                purpose=r.purpose,
                amount_requested=Decimal(r.amount_requested),
                user=self.users[first.by],
                **self._applicant(r),
            )
            for step in r.steps[1:]:
                referral = referral_transition(
                    referral=referral,
                    to_status=step.status,
                    user=self.users[step.by],
                    note=step.note,
                    amount_approved=Decimal(step.amount_approved) if step.amount_approved else None,
                    amount_disbursed=Decimal(step.amount_disbursed) if step.amount_disbursed else None,
                )
            # The services stamp each step with now; the demo spreads them over the months they took.
            events = list(referral.events.order_by("pk"))
            for event, step in zip(events, r.steps, strict=True):
                LoanReferralEvent.objects.filter(pk=event.pk).update(at=step.at)
            LoanReferral.objects.filter(pk=referral.pk).update(created_at=first.at, status_changed_at=r.steps[-1].at)
