"""Businesses the field officers know of, and their visits.

Each active KUB has its business; some participants run their own; officers also
found other creative businesses. Visits tell whether each runs: recently running,
recently not running, last seen more than 12 months ago, closed, or never visited
yet. A business's last-visit fields are those of its latest visit, as
inventory.services.business_refresh_last_visit derives them.
"""

import datetime as dt
from decimal import Decimal

from groups.models import BusinessGroup
from inventory.models import Business

from . import vocab
from .records import DenseMap, Plan, PlanBusiness, PlanVisit, apportion, officer_for

RUNNING = Business.VisitStatus.RUNNING
NOT_RUNNING = Business.VisitStatus.NOT_RUNNING
CLOSED = Business.VisitStatus.CLOSED
# Scenario weights per kind of business: what the latest visit found, and when.
SCENARIOS = {
    "kub": {"running": 50, "not_running": 15, "old": 20, "closed": 5, "never": 10},
    "own": {"running": 50, "not_running": 20, "old": 15, "closed": 10, "never": 5},
    "other": {"running": 60, "not_running": 15, "old": 15, "closed": 10, "never": 0},
}
SHARE_OWN_BUSINESS = {"waiting": 0.35, "left": 0.3, "member": 0.04}  # by KUB membership
SHARE_OTHER_BUSINESSES = 0.15  # per participant


def _nib(rng) -> str:
    return str(rng.randrange(10**12, 10**13))


def plan_inventory(plan: Plan, size: int) -> None:
    rng = plan.rng("inventory")
    starts: list[tuple[str, dt.date]] = []  # per business: scenario kind and the day it started
    today = plan.today

    ketua = {}
    for m in plan.memberships:
        if m.role == "ketua" and m.left_on is None:
            ketua[m.kub] = m.participant
    for kub_index, kub in enumerate(plan.kubs):
        if kub.status != BusinessGroup.Status.ACTIVE:
            continue
        head = plan.participants[ketua[kub_index]]
        plan.businesses.append(
            PlanBusiness(
                name=kub.name,
                kelurahan=kub.kelurahan,
                kecamatan=kub.kecamatan,
                craft=kub.craft,
                kub=kub_index,
                nib=_nib(rng) if rng.random() < 0.5 else "",
                address=head.person.address,
                phone=head.person.phone,
                created_by=officer_for(kub.kecamatan, plan.geography),
            )
        )
        starts.append(("kub", kub.formed_on + dt.timedelta(days=rng.randint(7, 30))))

    # Participants' own businesses: more often those outside a KUB.
    state = DenseMap(len(plan.participants))
    for m in plan.memberships:
        state[m.participant] = "member" if m.left_on is None else state.get(m.participant, "left")
    # participant -> (end of the first batch they completed, its craft), as one number
    crafts = len(vocab.CRAFTS)
    completed_first = DenseMap(
        len(plan.participants),
        encode=lambda value: value[0].toordinal() * crafts + value[1],
        decode=lambda number: (dt.date.fromordinal(number // crafts), number % crafts),
    )
    for e in plan.enrollments:
        if e.completed and e.participant not in completed_first:
            batch = plan.batches[e.batch]
            completed_first[e.participant] = (batch.end, batch.craft)
    for p, (day, craft) in completed_first.items():
        if rng.random() >= SHARE_OWN_BUSINESS[state.get(p, "waiting")]:
            continue
        participant = plan.participants[p]
        first_name = participant.person.name.split()[0]
        honorific = "Bu" if participant.person.sex == "P" else "Pak"
        plan.businesses.append(
            PlanBusiness(
                name=f"{vocab.CRAFT_SHORT[craft]} {honorific} {first_name}",
                kelurahan=participant.kelurahan,
                kecamatan=participant.kecamatan,
                craft=craft,
                owner=p,
                nib=_nib(rng) if rng.random() < 0.3 else "",
                address=participant.person.address,
                phone=participant.person.phone,
                created_by=officer_for(participant.kecamatan, plan.geography),
            )
        )
        starts.append(("own", min(today, day + dt.timedelta(days=rng.randint(20, 120)))))

    # Other creative businesses the officers found on their rounds.
    for _ in range(round(size * SHARE_OTHER_BUSINESSES)):
        k = rng.randrange(len(plan.geography.kecamatan))
        owner = plan.people.person(k)
        own_craft = rng.random() < 0.5
        craft = rng.randrange(len(vocab.CRAFTS)) if own_craft else None
        label = vocab.CRAFT_SHORT[craft] if own_craft else rng.choice(vocab.OTHER_CRAFTS)
        plan.businesses.append(
            PlanBusiness(
                name=f"{label} {owner.name.split()[0]}",
                kelurahan=rng.choice(plan.geography.kelurahan[k])[0],
                kecamatan=k,
                craft=craft,
                owner_name=owner.name,
                owner_nik=owner.nik if rng.random() < 0.8 else "",
                nib=_nib(rng) if rng.random() < 0.4 else "",
                address=owner.address,
                phone=owner.phone,
                created_by=officer_for(k, plan.geography),
            )
        )
        starts.append(("other", today - dt.timedelta(days=rng.randint(120, 900))))

    scenarios = _kub_scenarios(plan, rng, [started for kind, started in starts if kind == "kub"])
    for b, (kind, started) in enumerate(starts):
        plan.businesses[b].found_on = started
        if kind == "kub":
            scenario = scenarios[b]
        else:
            weights = SCENARIOS[kind]
            scenario = rng.choices(list(weights), weights=list(weights.values()))[0]
            if scenario == "old" and not _can_be_old(today, started):
                scenario = "running"
        _plan_visits(plan, rng, b, scenario, started)


def _can_be_old(today: dt.date, started: dt.date) -> bool:
    return (today - started).days >= 410


def _kub_scenarios(plan: Plan, rng, starts: list[dt.date]) -> list[str]:
    """Scenarios dealt like cards rather than drawn, so every size has KUBs running and not."""
    weights = SCENARIOS["kub"]
    counts = dict(zip(weights, apportion(len(starts), list(weights.values())), strict=True))
    can_be_old = [i for i, started in enumerate(starts) if _can_be_old(plan.today, started)]
    old = set(rng.sample(can_be_old, min(counts.pop("old"), len(can_be_old))))
    deck = [scenario for scenario, count in counts.items() for _ in range(count)]
    deck += ["running"] * (len(starts) - len(old) - len(deck))
    rng.shuffle(deck)
    return ["old" if i in old else deck.pop() for i in range(len(starts))]


def _plan_visits(plan: Plan, rng, b: int, scenario: str, started: dt.date) -> None:
    today = plan.today
    business = plan.businesses[b]
    first_possible = started + dt.timedelta(days=7)
    if scenario == "never" or first_possible > today:
        return
    if scenario == "old":
        last = today - dt.timedelta(days=rng.randint(380, min(600, (today - first_possible).days)))
        final = rng.choice([RUNNING, RUNNING, NOT_RUNNING])
    else:
        last = today - dt.timedelta(days=rng.randint(3, min(330, max(3, (today - first_possible).days))))
        final = {"running": RUNNING, "not_running": NOT_RUNNING, "closed": CLOSED}[scenario]
    last = max(last, first_possible)
    days = [last]
    while len(days) < 4 and rng.random() < 0.55:
        earlier = days[-1] - dt.timedelta(days=rng.randint(60, 200))
        if earlier < first_possible:
            break
        days.append(earlier)
    days.reverse()
    lat0, lon0 = vocab.KECAMATAN_CENTRES[business.kecamatan]
    for i, day in enumerate(days):
        if i == len(days) - 1:
            status = final
        else:
            status = RUNNING if rng.random() < 0.75 else NOT_RUNNING
        plan.visits.append(
            PlanVisit(
                business=b,
                officer=officer_for(business.kecamatan, plan.geography),
                visited_on=day,
                status=status,
                latitude=Decimal(f"{lat0 + rng.gauss(0, 0.006):.6f}"),
                longitude=Decimal(f"{lon0 + rng.gauss(0, 0.006):.6f}"),
                notes=rng.choice(vocab.VISIT_NOTES[status]),
                recommend=status == RUNNING and rng.random() < 0.35,
            )
        )
    business.last_status, business.last_visited_on = final, days[-1]
