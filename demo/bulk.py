"""Seed at scale: plan and write in one stream, rows as plain tuples, checks and derived fields once.

The same rows as write.Writer stores from a whole plan, in the same order (so the same
ids on an empty database), but:

- participants, enrollments, attendance and visits are written while the plan is being
  made (demo.stream keeps only what later planners read), so memory stays low;
- ids are chosen here (`load.next_id` + position in the plan), so nothing is read back;
- rows go out through `load.Table`: COPY on PostgreSQL, executemany elsewhere; backdated
  creation stamps are written in the row, never updated afterwards;
- on PostgreSQL, foreign keys, unique rules and indexes are added back once at the end
  (`load.deferred_checks`), then the derived fields are filled set-based (`derive`), then
  the rules the database cannot state are checked by query (`check`).
"""

import datetime as dt
import time
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection

from exhibitions.models import Exhibition, ExhibitionEntry, ExhibitionSale
from financing.models import Bank, LoanReferral, LoanReferralEvent
from groups.models import BusinessGroup, Membership, Product
from inventory.models import Business, InventoryVisit
from participants.models import Participant
from participants.training_facts import participants_refresh_training_facts
from trainings.models import Attendance, Enrollment, Trainer, TrainingBatch, TrainingSession, Venue

from .load import Table, deferred_checks, next_id, reset_sequences
from .people import check_person
from .records import MARKS, Geography, Plan
from .stream import EnrollmentStore, ParticipantStore, Sink
from .write import WEEK, create_reference

TrainerCraft = Trainer.craft_types.through
LOADED = [
    Participant,
    Trainer,
    TrainerCraft,
    Venue,
    TrainingBatch,
    TrainingSession,
    Enrollment,
    Attendance,
    BusinessGroup,
    Membership,
    Product,
    Business,
    InventoryVisit,
    LoanReferral,
    LoanReferralEvent,
]


class BulkSeeder:
    def __init__(self, *, seed: int, participants: int, today: dt.date, say: Callable[[str], None]):
        self.seed, self.size, self.today, self.say = seed, participants, today, say
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.started = time.monotonic()

    def aware(self, day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=self.zone)

    def done(self, what: str, count: int) -> None:
        self.say(f"  {what}: {count:,} ({time.monotonic() - self.started:.1f} s, peak {_peak_mb()} MB)")

    def run(self) -> Plan:
        from .seed import make_plan

        geography = Geography.from_db()
        # Bank contacts are named last, after every other person of the plan (as write.Writer does).
        ref = create_reference(geography, contact_name=lambda: "")
        self.kecamatan_ids = [k.pk for k in ref.kecamatan]
        self.kelurahan_ids, self.crafts = ref.kelurahan_ids, [c.pk for c in ref.crafts]
        self.banks = {short: bank.pk for short, bank in ref.banks.items()}
        self.users = {username: user.pk for username, user in ref.users.items()}
        self.base = {model: next_id(model) for model in LOADED}
        self.tables = {}
        with deferred_checks(LOADED, say=self.say):
            self._open_streamed_tables()
            plan = Plan(seed=self.seed, today=self.today, geography=geography)
            plan.participants = ParticipantStore(self._participant)
            plan.enrollments = EnrollmentStore(self._enrollment)
            plan.visits = Sink(self._visit)
            self.plan = plan
            make_plan(seed=self.seed, participants=self.size, today=self.today, geography=geography, plan=plan)
            for table in self.tables.values():
                table.flush()
            self.done(
                f"planned; participants, enrollments, attendance and visits written ({self.size:,} participants)",
                sum(t.count for t in self.tables.values()),
            )
            for bank in self.banks.values():
                Bank.objects.filter(pk=bank).update(contact_name=plan.people.name("P"))
            self.trainings()
            self.groups()
            self.inventory()
            self.exhibitions()
            self.referrals()
        reset_sequences(LOADED)
        self.done("keys, unique rules and indexes in place", 0)
        self.derive()
        self.check()
        self.done("derived fields filled and rules checked", 0)
        if connection.vendor == "postgresql":
            # Fresh tables have no statistics: until autovacuum catches up, PostgreSQL plans as
            # if they were empty (it estimated 237 active memberships among 83,679).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.done("statistics gathered (ANALYZE)", 0)
        return plan

    def id(self, model, index: int) -> int:
        return self.base[model] + index

    def table(self, model, columns: list[str]) -> Table:
        self.tables[model] = Table(model, ["id", *columns])
        return self.tables[model]

    # Streamed while planning -----------------------------------------------------------

    def _open_streamed_tables(self) -> None:
        self.participant_rows = self.table(
            Participant,
            ["nik", "name", "sex", "birth_date", "phone", "address", "kelurahan_id", "consent_given", "consent_at"]
            + ["registered_by_id", "created_at", "updated_at"],
        )
        self.enrollment_rows = self.table(
            Enrollment,
            ["batch_id", "participant_id", "enrolled_by_id", "attendance_rate", "completed", "enrolled_at"],
        )
        self.attendance_rows = self.table(
            Attendance, ["session_id", "enrollment_id", "status", "recorded_by_id", "from_paper"]
        )
        self.visit_rows = self.table(
            InventoryVisit,
            ["business_id", "officer_id", "visited_on", "status", "latitude", "longitude", "notes"]
            + ["recommend_for_exhibition", "created_at"],
        )
        self.session_offsets = [0]  # per batch: how many sessions the batches before it have
        self.attendance_count = 0

    def _participant(self, index: int, p) -> None:
        check_person(p.person)
        person, registered = p.person, self.aware(p.registered_on, 9, 30)
        self.participant_rows.add(
            (
                self.id(Participant, index),
                person.nik,
                person.name,
                person.sex,
                person.birth_date,
                person.phone,
                person.address,
                self.kelurahan_ids[p.kelurahan],
                True,
                registered,
                self.users[p.registered_by],
                registered,
                registered,
            )
        )
        if index and index % 100_000 == 0:
            self.done("participants planned and written", index)

    def _session_id(self, batch: int, i: int) -> int:
        offsets, batches = self.session_offsets, self.plan.batches
        while len(offsets) <= batch:
            offsets.append(offsets[-1] + len(batches[len(offsets) - 1].sessions))
        return self.base[TrainingSession] + offsets[batch] + i

    def _enrollment(self, index: int, e) -> None:
        store, batch = self.plan.participants, self.plan.batches[e.batch]
        registered_on = dt.date.fromordinal(store.registered_on[e.participant])
        by = self.users[store.registered_by[e.participant]]
        enrollment = self.id(Enrollment, index)
        self.enrollment_rows.add(
            (
                enrollment,
                self.id(TrainingBatch, e.batch),
                self.id(Participant, e.participant),
                by,
                e.rate,
                e.completed,
                self.aware(max(registered_on, batch.start - WEEK)),
            )
        )
        paper = e.batch % 4 == 0
        first = self.base[Attendance] + self.attendance_count
        session = self._session_id(e.batch, 0)  # a batch's sessions have consecutive ids
        rows = self.attendance_rows
        if rows.postgres:
            tail = f"\t{enrollment}\t%s\t{by}\t{'t' if paper else 'f'}"
            for i, mark in enumerate(e.marks):
                rows.add_line(f"{first + i}\t{session + i}" + tail % MARKS[mark])
        else:
            for i, mark in enumerate(e.marks):
                rows.add((first + i, session + i, enrollment, MARKS[mark], by, paper))
        self.attendance_count += len(e.marks)

    def _visit(self, index: int, v) -> None:
        self.visit_rows.add(
            (self.id(InventoryVisit, index), self.id(Business, v.business), self.users[v.officer], v.visited_on)
            + (v.status, v.latitude, v.longitude, v.notes, v.recommend, self.aware(v.visited_on, 15))
        )

    # Written from the plan once it is made -------------------------------------------

    def trainings(self) -> None:
        plan, staf = self.plan, self.users["staf"]
        trainers = self.table(Trainer, ["name", "phone"])
        trainers.extend((self.id(Trainer, i), t.name, t.phone) for i, t in enumerate(plan.trainers))
        crafts = self.table(TrainerCraft, ["trainer_id", "crafttype_id"])
        pairs = ((self.id(Trainer, i), self.crafts[c]) for i, t in enumerate(plan.trainers) for c in t.crafts)
        crafts.extend((self.id(TrainerCraft, n), *pair) for n, pair in enumerate(pairs))
        venues = self.table(Venue, ["name", "kecamatan_id", "address", "capacity"])
        venues.extend(
            (self.id(Venue, i), v.name, self.kecamatan_ids[v.kecamatan], v.address, v.capacity)
            for i, v in enumerate(plan.venues)
        )
        batches = self.table(
            TrainingBatch,
            ["name", "craft_type_id", "kecamatan_id", "venue_id", "trainer_id", "start_date", "end_date"]
            + ["capacity", "status", "created_by_id"],
        )
        sessions = self.table(
            TrainingSession, ["batch_id", "date", "start_time", "end_time", "topic", "trainer_id", "venue_id"]
        )
        for i, b in enumerate(plan.batches):
            batch, trainer, venue = self.id(TrainingBatch, i), self.id(Trainer, b.trainer), self.id(Venue, b.venue)
            batches.add(
                (batch, b.name, self.crafts[b.craft], self.kecamatan_ids[b.kecamatan], venue, trainer)
                + (b.start, b.end, b.capacity, b.status, staf)
            )
            for n, day in enumerate(b.sessions):
                topic = f"Pertemuan {n + 1}"
                sessions.add((self._session_id(i, n), batch, day, b.start_time, b.end_time, topic, trainer, venue))
        for table in (trainers, crafts, venues, batches, sessions):
            table.flush()
        self.done("trainers, venues, batches and sessions", sessions.count + batches.count)

    def groups(self) -> None:
        plan, staf = self.plan, self.users["staf"]
        first_joined: dict[int, dt.date] = {}
        for m in plan.memberships:
            first_joined[m.kub] = min(m.joined_on, first_joined.get(m.kub, m.joined_on))
        # Status and member count are derived from the memberships afterwards (derive).
        kubs = self.table(
            BusinessGroup,
            ["name", "kecamatan_id", "kelurahan_id", "craft_type_id", "source_batch_id", "formed_on"]
            + ["created_by_id", "created_at"],
        )
        kubs.extend(
            (self.id(BusinessGroup, i), k.name, self.kecamatan_ids[k.kecamatan], self.kelurahan_ids[k.kelurahan])
            + (self.crafts[k.craft], self.id(TrainingBatch, k.source_batch), k.formed_on, staf)
            + (self.aware(first_joined[i], 10),)
            for i, k in enumerate(plan.kubs)
        )
        members = self.table(
            Membership, ["group_id", "participant_id", "role", "joined_on", "left_on", "override_reason", "added_by_id"]
        )
        members.extend(
            (self.id(Membership, i), self.id(BusinessGroup, m.kub), self.id(Participant, m.participant), m.role)
            + (m.joined_on, m.left_on, m.override_reason, staf)
            for i, m in enumerate(plan.memberships)
        )
        products = self.table(
            Product,
            ["group_id", "name", "description", "craft_type_id", "price", "curation_status", "curation_note"]
            + ["curated_by_id", "curated_at"],
        )
        products.extend(
            (self.id(Product, i), self.id(BusinessGroup, p.kub), p.name, p.description, self.crafts[p.craft])
            + (Decimal(p.price), p.curation, p.note)
            + ((staf, self.aware(p.curated_on, 10)) if p.curated_on else (None, None))
            for i, p in enumerate(plan.products)
        )
        for table in (kubs, members, products):
            table.flush()
        self.done("KUBs, memberships and products", kubs.count + members.count + products.count)

    def inventory(self) -> None:
        plan = self.plan
        # The last visit of each business is derived from its visits afterwards (derive).
        businesses = self.table(
            Business,
            ["name", "group_id", "owner_participant_id", "owner_name", "owner_nik", "kelurahan_id", "craft_type_id"]
            + ["nib", "address", "phone", "created_by_id", "created_at"],
        )
        businesses.extend(
            (
                self.id(Business, i),
                b.name,
                self.id(BusinessGroup, b.kub) if b.kub is not None else None,
                self.id(Participant, b.owner) if b.owner is not None else None,
                b.owner_name,
                b.owner_nik,
                self.kelurahan_ids[b.kelurahan],
                self.crafts[b.craft] if b.craft is not None else None,
                b.nib,
                b.address,
                b.phone,
                self.users[b.created_by],
                self.aware(b.found_on, 11),
            )
            for i, b in enumerate(plan.businesses)
        )
        businesses.flush()
        self.done("businesses and visits", businesses.count + self.visit_rows.count)

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
                    group_id=self.id(BusinessGroup, planned.kub),
                    status=planned.status,
                    booth=planned.booth,
                    notes=planned.notes,
                )
                entry.products.set([self.id(Product, i) for i in planned.products])
                ExhibitionSale.objects.bulk_create(
                    ExhibitionSale(
                        entry=entry,
                        product_id=self.id(Product, product),
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
        plan = self.plan
        referrals = self.table(
            LoanReferral,
            ["participant_id", "group_id", "bank_id", "kecamatan_id", "purpose", "amount_requested"]
            + ["amount_approved", "amount_disbursed", "status", "status_changed_at", "created_by_id", "created_at"],
        )
        events = self.table(LoanReferralEvent, ["referral_id", "from_status", "to_status", "by_id", "at", "note"])
        event = 0
        for i, r in enumerate(plan.referrals):
            referral = self.id(LoanReferral, i)
            referrals.add(
                (
                    referral,
                    self.id(Participant, r.participant) if r.participant is not None else None,
                    self.id(BusinessGroup, r.kub) if r.kub is not None else None,
                    self.banks[r.bank],
                    self.kecamatan_ids[r.kecamatan],
                    r.purpose,
                    Decimal(r.amount_requested),
                    _last(r.steps, "amount_approved"),
                    _last(r.steps, "amount_disbursed"),
                    r.steps[-1].status,
                    r.steps[-1].at,
                    self.users[r.steps[0].by],
                    r.steps[0].at,
                )
            )
            for n, step in enumerate(r.steps):
                before = r.steps[n - 1].status if n else ""
                events.add(
                    (self.id(LoanReferralEvent, event), referral, before, step.status, self.users[step.by])
                    + (step.at, step.note)
                )
                event += 1
        referrals.flush()
        events.flush()
        self.done("loan referrals", referrals.count)

    # Once every row is in ----------------------------------------------------------------

    def derive(self) -> None:
        """Every derived field that bulk writes leave unset, filled set-based: the one place for them."""
        with connection.cursor() as cursor:
            # groups.services.group_refresh_status: active at exactly KUB size, else forming.
            cursor.execute(
                "UPDATE groups_businessgroup SET active_member_count = m.n, "
                "status = CASE WHEN m.n = %s THEN %s ELSE %s END "
                "FROM (SELECT group_id, COUNT(*) AS n FROM groups_membership WHERE left_on IS NULL "
                "GROUP BY group_id) AS m WHERE groups_businessgroup.id = m.group_id",
                [settings.TANGSEL_KUB_SIZE, BusinessGroup.Status.ACTIVE, BusinessGroup.Status.FORMING],
            )
            # inventory.services.business_refresh_last_visit: the latest visit's day and status.
            cursor.execute(
                "UPDATE inventory_business SET last_visited_on = v.visited_on, last_visit_status = v.status "
                "FROM (SELECT business_id, visited_on, status, ROW_NUMBER() OVER "
                "(PARTITION BY business_id ORDER BY visited_on DESC, id DESC) AS n FROM inventory_inventoryvisit) AS v "
                "WHERE v.n = 1 AND inventory_business.id = v.business_id"
            )
            # The kept real-entrepreneur status (participants.real_status) reads the two above, so
            # last: the newest running last visit of a business the participant owns or of their
            # active KUB's, plus the window. participants_refresh_real_until() gives the same
            # (tests/demo/test_seed_fingerprint.py) but row by row: over ten minutes at a million.
            window = settings.TANGSEL_REAL_ENTREPRENEUR_WINDOW_DAYS
            plus_window = (
                "x.newest + %s" if connection.vendor == "postgresql" else "date(x.newest, '+' || %s || ' days')"
            )
            cursor.execute(
                f"UPDATE participants_participant SET real_until = {plus_window} FROM (SELECT pid, MAX(day) AS newest "
                "FROM (SELECT owner_participant_id AS pid, last_visited_on AS day FROM inventory_business "
                "WHERE last_visit_status = 'running' AND last_visited_on IS NOT NULL "
                "AND owner_participant_id IS NOT NULL UNION ALL "
                "SELECT m.participant_id, b.last_visited_on FROM groups_membership m "
                "JOIN inventory_business b ON b.group_id = m.group_id WHERE m.left_on IS NULL "
                "AND b.last_visit_status = 'running' AND b.last_visited_on IS NOT NULL) AS seen GROUP BY pid) AS x "
                "WHERE participants_participant.id = x.pid",
                [window],
            )
        # The kept training facts (participants.training_facts), one set-based UPDATE.
        participants_refresh_training_facts()

    def check(self) -> None:
        """The KUB rules, checked once by query (the database holds the one-active-KUB rule itself)."""
        size = settings.TANGSEL_KUB_SIZE
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM groups_businessgroup g LEFT JOIN (SELECT group_id, COUNT(*) AS n, "
                "SUM(CASE WHEN role = 'ketua' THEN 1 ELSE 0 END) AS ketua FROM groups_membership "
                "WHERE left_on IS NULL GROUP BY group_id) m ON m.group_id = g.id "
                "WHERE (g.status = %s AND (m.n <> %s OR m.ketua <> 1)) OR (g.status = %s AND m.n >= %s) "
                "OR COALESCE(m.n, 0) <> g.active_member_count",
                [BusinessGroup.Status.ACTIVE, size, BusinessGroup.Status.FORMING, size],
            )
            broken = cursor.fetchone()[0]
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT participant_id FROM groups_membership WHERE left_on IS NULL "
                "GROUP BY participant_id HAVING COUNT(*) > 1) AS twice"
            )
            twice = cursor.fetchone()[0]
        if broken or twice:
            raise AssertionError(f"{broken} KUBs break the size or ketua rule; {twice} people are in two KUBs")


def _peak_mb() -> int:
    """Peak resident memory of this process so far (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) // 1024 for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return 0


def _last(steps, attribute: str) -> Decimal | None:
    values = [getattr(step, attribute) for step in steps if getattr(step, attribute) is not None]
    return Decimal(values[-1]) if values else None
