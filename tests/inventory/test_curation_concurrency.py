"""Curation under real concurrency on PostgreSQL: two nominations of one business at once
make one curation; a select and a reject at once leave an unbroken history."""

import pytest
from django.db import connection

from inventory.curation import curation_move, curation_nominate
from inventory.models import Business, Curation, CurationStep
from tests.conftest import need
from tests.factories import BusinessFactory
from tests.groups.test_concurrency import at_the_same_moment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

S = Curation.Status


@pytest.fixture(autouse=True)
def _postgres_only():
    need(connection.vendor == "postgresql", "the race tests need PostgreSQL (set DATABASE_URL)")


@pytest.mark.parametrize("round_", range(3))
def test_two_nominations_at_once_make_one_curation(staf, petugas_ciputat, round_):
    business = BusinessFactory()
    outcomes = at_the_same_moment(
        lambda: curation_nominate(user=staf, business=Business.objects.get(pk=business.pk)),
        lambda: curation_nominate(user=petugas_ciputat, business=Business.objects.get(pk=business.pk)),
    )
    assert all(isinstance(o, Curation) for o in outcomes), outcomes
    assert Curation.objects.filter(business=business).count() == 1
    assert CurationStep.objects.filter(curation__business=business).count() == 1


@pytest.mark.parametrize("round_", range(3))
def test_a_select_and_a_reject_at_once_keep_an_unbroken_history(staf, admin_user, round_):
    item = curation_nominate(user=staf, business=BusinessFactory())
    item = curation_move(curation=item, to_status=S.CURATED, user=staf)
    at_the_same_moment(
        lambda: curation_move(curation=Curation.objects.get(pk=item.pk), to_status=S.SELECTED, user=staf),
        lambda: curation_move(
            curation=Curation.objects.get(pk=item.pk), to_status=S.REJECTED, user=admin_user, reason="Tidak lolos."
        ),
    )
    item.refresh_from_db()
    steps = list(item.steps.order_by("at", "pk").values_list("from_status", "to_status"))
    # Each move starts where the one before ended: no decision was made on a stale status.
    assert all(before[1] == after[0] for before, after in zip(steps, steps[1:], strict=False)), steps
    assert steps[-1][1] == item.status
    # Whichever came first, the rejection stands: a selection after it is refused, and a
    # selected one may still be rejected.
    assert item.status == S.REJECTED and item.reason == "Tidak lolos."
