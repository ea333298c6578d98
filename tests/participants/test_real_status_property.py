"""Property: whatever sequence of writes, the kept status says what the definition says.

A seeded random sequence of the changes the definition reads (visits recorded, edited and
deleted; memberships starting, ending, deleted; businesses changing owner or KUB, created
and deleted; a KUB deleted with its memberships), each written the way some path writes it
(a service, a model save, a queryset delete, a cascade). After every step the participants
the kept value calls real equal those the live definition calls real, today and 13 months
later, when the visits of today have aged out with no write at all.
"""

import datetime as dt
import random

import pytest
from django.utils import timezone

from groups.models import BusinessGroup, Membership
from inventory.models import Business, InventoryVisit
from inventory.services import visit_record
from participants.models import Participant
from participants.outcomes import real_entrepreneur_live_q, real_entrepreneur_q
from participants.real_status import participants_real_until_differences
from tests.factories import BusinessGroupFactory, ParticipantFactory, UserFactory, kelurahan_of

pytestmark = pytest.mark.django_db

STEPS = 200
STATUSES = [InventoryVisit.Status.RUNNING] * 3 + [InventoryVisit.Status.NOT_RUNNING, InventoryVisit.Status.CLOSED]


def real_sets(today):
    kept = set(Participant.objects.filter(real_entrepreneur_q(today=today)).values_list("pk", flat=True))
    live = set(Participant.objects.filter(real_entrepreneur_live_q(today=today)).values_list("pk", flat=True))
    return kept, live


class World:
    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today = rng, today
        self.officer = UserFactory(username="petugas.acak")
        self.kelurahan = kelurahan_of("Ciputat")
        self.people = [ParticipantFactory() for _ in range(120)]
        self.groups = [BusinessGroupFactory() for _ in range(12)]
        self.log: list[str] = []
        for person in self.rng.sample(self.people, 70):
            self.join(person)
        for _ in range(40):
            self.new_business()

    # Helpers --------------------------------------------------------------------------

    def day(self) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(0, 500))

    def pick(self, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        return queryset.model.objects.get(pk=self.rng.choice(pks)) if pks else None

    def maybe_group(self):
        return self.rng.choice(self.groups + [None])

    def maybe_owner(self):
        return self.rng.choice(self.people + [None] * 20)

    def join(self, person, group=None):
        if Membership.objects.filter(participant=person, left_on__isnull=True).exists():
            return
        group = group or self.rng.choice(self.groups)
        Membership.objects.create(group=group, participant=person, joined_on=dt.date(2024, 1, 1))

    def new_business(self):
        business = Business.objects.create(
            name="Usaha acak", kelurahan=self.kelurahan, group=self.maybe_group(), owner_participant=self.maybe_owner()
        )
        for _ in range(self.rng.randint(0, 2)):
            self.record_visit(business)

    def record_visit(self, business=None):
        business = business or self.pick(Business.objects.all())
        if business is None:
            return
        if self.rng.random() < 0.5:
            visit_record(
                business=business, officer=self.officer, visited_on=self.day(), status=self.rng.choice(STATUSES)
            )
        else:
            InventoryVisit.objects.create(business=business, visited_on=self.day(), status=self.rng.choice(STATUSES))

    # The changes ----------------------------------------------------------------------

    def visit(self):
        self.record_visit()

    def edit_visit(self):
        visit = self.pick(InventoryVisit.objects.all())
        if visit:
            visit.status = self.rng.choice(STATUSES)
            if self.rng.random() < 0.5:
                visit.visited_on = self.day()
            visit.save()

    def delete_visit(self):
        visit = self.pick(InventoryVisit.objects.all())
        if visit is None:
            return
        if self.rng.random() < 0.5:
            visit.delete()
        else:
            InventoryVisit.objects.filter(business=visit.business_id).delete()

    def start_membership(self):
        self.join(self.rng.choice(self.people))

    def end_membership(self):
        membership = self.pick(Membership.objects.filter(left_on__isnull=True))
        if membership:
            membership.left_on = self.today
            membership.save(update_fields=["left_on"])

    def delete_membership(self):
        membership = self.pick(Membership.objects.all())
        if membership:
            membership.delete()

    def move_membership(self):
        membership = self.pick(Membership.objects.filter(left_on__isnull=True))
        if membership:
            membership.group = self.rng.choice(self.groups)
            membership.save()

    def change_owner(self):
        business = self.pick(Business.objects.all())
        if business:
            business.owner_participant = self.maybe_owner()
            business.save(update_fields=["owner_participant"] if self.rng.random() < 0.5 else None)

    def change_group(self):
        business = self.pick(Business.objects.all())
        if business:
            business.group = self.maybe_group()
            business.save()

    def create_business(self):
        self.new_business()

    def delete_business(self):
        business = self.pick(Business.objects.all())
        if business is None:
            return
        if self.rng.random() < 0.5:
            business.delete()
        else:
            Business.objects.filter(pk=business.pk).delete()

    def delete_group(self):
        if len(self.groups) <= 3:
            return
        group = self.groups.pop(self.rng.randrange(len(self.groups)))
        BusinessGroup.objects.filter(pk=group.pk).delete()

    CHANGES = {
        "visit": 6,
        "edit_visit": 3,
        "delete_visit": 2,
        "start_membership": 3,
        "end_membership": 2,
        "delete_membership": 1,
        "move_membership": 1,
        "change_owner": 2,
        "change_group": 2,
        "create_business": 1,
        "delete_business": 1,
        "delete_group": 0.2,
    }

    def step(self) -> str:
        name = self.rng.choices(list(self.CHANGES), weights=list(self.CHANGES.values()))[0]
        getattr(self, name)()
        return name


@pytest.mark.parametrize("seed", [8, 2016])
def test_the_kept_status_equals_the_definition_after_every_random_change(seed):
    today = timezone.localdate()
    later = today + dt.timedelta(days=396)  # 13 months on
    world = World(random.Random(seed), today)
    seen_real, seen_ageing = False, False
    for number in range(STEPS):
        change = world.step()
        kept, live = real_sets(today)
        assert kept == live, f"step {number} ({change}): kept {sorted(kept - live)} live {sorted(live - kept)}"
        kept_later, live_later = real_sets(later)
        assert kept_later == live_later, f"step {number} ({change}), 13 months on"
        seen_real |= bool(kept)
        seen_ageing |= bool(kept - kept_later)
    assert participants_real_until_differences() == 0
    # The sequence exercised what it claims to: people were real, and some stopped being so by ageing.
    assert seen_real and seen_ageing
