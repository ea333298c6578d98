"""KUBs formed from the completers of each kecamatan, their members over time, and their products.

After each round the completers of a kecamatan who are not yet in a KUB wait in a
pool; every 10 of them form a KUB a few weeks later (one that would form after today
is still forming, with the members who joined so far). Now and then staff admit a
participant who did not complete training, with a written reason. Later some members
leave and a waiting completer takes their place; a few leftover pools start a KUB that
is still forming.
"""

import datetime as dt
from collections import Counter, defaultdict

from groups.models import BusinessGroup, Membership, Product
from groups.services import kub_size

from . import vocab
from .records import DenseMap, Plan, PlanKub, PlanMembership, PlanProduct, day_map

SHARE_OPT_OUT = 0.02  # completers who never want a KUB
SHARE_OVERRIDE = 0.04  # KUBs that admit one member who did not complete training
SHARE_WITH_LEAVER = 0.2
SHARE_LEFTOVER_FORMING = 0.45
OVERRIDE_REASON = (
    "Sudah bertahun-tahun membuat {craft} di rumah dan mengajari tetangga; tidak lulus karena sakit, "
    "disetujui Kabid Perindustrian."
)
OFFICERS = [Membership.Role.KETUA, Membership.Role.SEKRETARIS, Membership.Role.BENDAHARA]


class _Groups:
    def __init__(self, plan: Plan):
        self.plan = plan
        self.rng = plan.rng("groups")
        self.size = kub_size()
        self.state = DenseMap(len(plan.participants))  # participant -> pool | member | left | optout
        self.ready_on = day_map(len(plan.participants))  # participant -> end of the batch they completed
        self.pools: dict[int, list[tuple[int, int]]] = defaultdict(list)  # kecamatan -> (participant, batch)
        self.failed: dict[int, list[int]] = defaultdict(list)  # kecamatan -> did not complete
        self.members: dict[int, list[int]] = defaultdict(list)  # kub -> membership indices
        self.names: set[tuple[int, str]] = set()
        self.failed_seen: dict[int, int] = defaultdict(int)  # how far outsider() has looked in failed[k]
        self.overrides = self.leavers = 0

    def take_completers(self, batch_index: int, enrollments) -> None:
        batch = self.plan.batches[batch_index]
        for e in enrollments:
            p = e.participant
            if not e.completed:
                if p not in self.ready_on:
                    self.failed[batch.kecamatan].append(p)
                continue
            self.ready_on.setdefault(p, batch.end)
            if p not in self.state:
                self.state[p] = "optout" if self.rng.random() < SHARE_OPT_OUT else "pool"
                if self.state[p] == "pool":
                    self.pools[batch.kecamatan].append((p, batch_index))

    def name(self, k: int, kelurahan: str) -> str:
        kel_name = self.plan.kelurahan_names[kelurahan]
        for _attempt in range(6):
            name = f"KUB {self.rng.choice(vocab.KUB_WORDS)} {kel_name}"
            if (k, name) not in self.names:
                break
        else:
            base, n = name, 2
            while (k, f"{base} {n}") in self.names:
                n += 1
            name = f"{base} {n}"
        self.names.add((k, name))
        return name

    def form(self, k: int, founders: list[tuple[int, int | None]], joined: list[dt.date], reason: str = "") -> int:
        """A KUB of `founders` (participant, batch); the first is ketua, then sekretaris, bendahara."""
        plan = self.plan
        batches = Counter(b for _p, b in founders if b is not None)
        source = min(batches, key=lambda b: (-batches[b], b))
        ketua = founders[0][0]
        kelurahan = plan.participants[ketua].kelurahan
        kub_index = len(plan.kubs)
        complete = len(founders) == self.size
        plan.kubs.append(
            PlanKub(
                name=self.name(k, kelurahan),
                kecamatan=k,
                kelurahan=kelurahan,
                craft=plan.batches[source].craft,
                source_batch=source,
                formed_on=max(joined) if complete else None,
            )
        )
        for i, ((p, b), day) in enumerate(zip(founders, joined, strict=True)):
            role = OFFICERS[i] if i < len(OFFICERS) else Membership.Role.ANGGOTA
            self.add(kub_index, p, role, day, reason if b is None else "")
        return kub_index

    def add(self, kub: int, participant: int, role: str, joined_on: dt.date, reason: str = "") -> None:
        self.members[kub].append(len(self.plan.memberships))
        self.plan.memberships.append(PlanMembership(kub, participant, role, joined_on, override_reason=reason))
        self.state[participant] = "member"

    def outsider(self, k: int) -> int | None:
        """The first participant of kecamatan k who did not complete training and is in no KUB."""
        failed = self.failed[k]
        while self.failed_seen[k] < len(failed):
            p = failed[self.failed_seen[k]]
            if p not in self.state and p not in self.ready_on:
                return p
            self.failed_seen[k] += 1
        return None

    def form_after_round(self, k: int, round_end: dt.date) -> None:
        rng, today, size = self.rng, self.plan.today, self.size
        pool = self.pools[k]
        rng.shuffle(pool)
        while len(pool) >= size:
            founders, rest = pool[:size], pool[size:]
            formed_on = round_end + dt.timedelta(days=rng.randint(14, 42))
            if formed_on > today:
                # Still forming: some have joined, the others are still thinking about it.
                joined_count = rng.randint(5, size - 1)
                first_day = min(round_end + dt.timedelta(days=10), today)
                days = [first_day + dt.timedelta(days=rng.randint(0, (today - first_day).days)) for _ in founders]
                self.form(k, founders[:joined_count], days[:joined_count])
                self.pools[k] = pool = founders[joined_count:] + rest
                return
            reason = ""
            outsider = self.outsider(k)
            # The first chance is always taken, so every demo shows an exception with its reason.
            if outsider is not None and (not self.overrides or rng.random() < SHARE_OVERRIDE):
                self.overrides += 1
                rest = rest + [founders[-1]]
                founders = founders[:-1] + [(outsider, None)]
                reason = OVERRIDE_REASON.format(craft=vocab.CRAFTS[self.plan.batches[founders[0][1]].craft][0].lower())
            self.form(k, founders, [formed_on] * size, reason)
            self.pools[k] = pool = rest

    def replace_leavers(self) -> None:
        rng, plan, today = self.rng, self.plan, self.plan.today
        for kub_index, kub in enumerate(plan.kubs):
            if kub.formed_on is None:
                continue
            age = (today - kub.formed_on).days
            if age < 150 or (self.leavers and rng.random() >= SHARE_WITH_LEAVER):
                continue
            active = [m for m in self.members[kub_index] if plan.memberships[m].left_on is None]
            plain = [m for m in active if plan.memberships[m].role == Membership.Role.ANGGOTA]
            officers = [m for m in active if plan.memberships[m].role != Membership.Role.KETUA and m not in plain]
            leaver = plan.memberships[rng.choice(officers if rng.random() < 0.2 else plain)]
            left_on = kub.formed_on + dt.timedelta(days=rng.randint(60, age - 40))
            pool = self.pools[kub.kecamatan]
            waiting = next((entry for entry in pool if self.ready_on[entry[0]] <= left_on), None)
            if waiting is None:
                continue
            pool.remove(waiting)
            self.leavers += 1
            leaver.left_on = left_on
            self.state[leaver.participant] = "left"
            self.add(kub_index, waiting[0], leaver.role, left_on + dt.timedelta(days=rng.randint(7, 30)))

    def leftover_forming(self) -> None:
        rng, today = self.rng, self.plan.today
        for k in range(len(self.plan.geography.kecamatan)):
            pool = self.pools[k]
            if len(pool) < 4 or rng.random() >= SHARE_LEFTOVER_FORMING:
                continue
            count = min(len(pool), rng.randint(4, self.size - 2))
            founders, self.pools[k] = pool[:count], pool[count:]
            joined = [
                max(self.ready_on[p] + dt.timedelta(days=7), today - dt.timedelta(days=rng.randint(5, 60)))
                for p, _b in founders
            ]
            self.form(k, founders, [min(day, today) for day in joined])


def plan_groups(plan: Plan) -> None:
    groups = _Groups(plan)
    if hasattr(plan.enrollments, "of_batch"):  # a streamed plan (demo.stream): read batch by batch
        by_batch = plan.enrollments.of_batch
    else:
        grouped = defaultdict(list)
        for e in plan.enrollments:
            grouped[e.batch].append(e)
        by_batch = grouped.__getitem__
    rounds = defaultdict(list)
    for b, batch in enumerate(plan.batches):
        if batch.status == "finished":
            rounds[batch.round].append(b)
    for r in sorted(rounds):
        for b in rounds[r]:
            groups.take_completers(b, by_batch(b))
        round_end = max(plan.batches[b].end for b in rounds[r])
        for k in sorted({plan.batches[b].kecamatan for b in rounds[r]}):
            groups.form_after_round(k, round_end)
    groups.replace_leavers()
    groups.leftover_forming()

    for kub_index, kub in enumerate(plan.kubs):
        kub.active_members = sum(1 for m in groups.members[kub_index] if plan.memberships[m].left_on is None)
        # groups.services.group_refresh_status: active at exactly KUB size, else forming.
        kub.status = BusinessGroup.Status.ACTIVE if kub.active_members == groups.size else BusinessGroup.Status.FORMING
    _plan_products(plan)


def _plan_products(plan: Plan) -> None:
    rng, today = plan.rng("products"), plan.today
    weights = {
        Product.Curation.APPROVED: 55,
        Product.Curation.SUBMITTED: 15,
        Product.Curation.DRAFT: 15,
        Product.Curation.REJECTED: 15,
    }
    for kub_index, kub in enumerate(plan.kubs):
        templates = vocab.CRAFTS[kub.craft][2]
        if kub.status == BusinessGroup.Status.ACTIVE:
            count = rng.randint(1, min(4, len(templates)))
        else:
            count = rng.randint(0, 1)
        for name, low, high in rng.sample(templates, count):
            if kub.status == BusinessGroup.Status.ACTIVE:
                curation = rng.choices(list(weights), weights=list(weights.values()))[0]
            else:
                curation = Product.Curation.DRAFT
            curated_on, note = None, ""
            if curation in (Product.Curation.APPROVED, Product.Curation.REJECTED):
                days = max(10, (today - kub.formed_on).days)
                curated_on = min(today, kub.formed_on + dt.timedelta(days=rng.randint(10, days)))
                notes = vocab.CURATION_NOTES_APPROVED if curation == Product.Curation.APPROVED else None
                note = rng.choice(notes or vocab.CURATION_NOTES_REJECTED)
            plan.products.append(
                PlanProduct(
                    kub=kub_index,
                    name=name,
                    description=f"Buatan anggota {kub.name}. {vocab.CRAFTS[kub.craft][1]}",
                    craft=kub.craft,
                    price=round(rng.uniform(low, high) / 5000) * 5000,
                    curation=curation,
                    note=note,
                    curated_on=curated_on,
                )
            )
