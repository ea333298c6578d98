"""One visit per phone submission under real concurrency on PostgreSQL: two requests carrying
the same client id at the same moment make one visit, and both answer with it."""

import threading
import uuid

import pytest
from django.db import connection, connections
from django.utils import timezone

from inventory.models import Business, InventoryVisit
from inventory.services import visit_submit
from tests.conftest import need
from tests.factories import BusinessFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 5


@pytest.fixture(autouse=True)
def _postgres_only():
    need(connection.vendor == "postgresql", "the race tests need PostgreSQL (set DATABASE_URL)")


def at_the_same_moment(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # the test inspects what each call raised
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung: a lock was never released"
    return outcomes


def test_a_double_tap_at_the_same_moment_records_one_visit(petugas_ciputat):
    for _ in range(ROUNDS):
        business = BusinessFactory()
        client_id = uuid.uuid4()

        def submit(pk=business.pk, client_id=client_id):
            return visit_submit(
                business=Business.objects.get(pk=pk),
                officer=petugas_ciputat,
                client_id=client_id,
                visited_on=timezone.localdate(),
                status="running",
            )

        outcomes = at_the_same_moment(submit, submit)
        assert not [o for o in outcomes if isinstance(o, Exception)], outcomes
        visits = {visit.pk for visit, _created in outcomes}
        assert len(visits) == 1
        assert sorted(created for _visit, created in outcomes) == [False, True]
        assert InventoryVisit.objects.filter(business=business).count() == 1
