"""A business's latest visit stays right whatever writes its visits: pages, admin, cascades, plain ORM."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from inventory.models import Business, InventoryVisit
from inventory.services import visit_record
from tests.factories import BusinessFactory, InventoryVisitFactory

pytestmark = pytest.mark.django_db

RUNNING = Business.VisitStatus.RUNNING
NOT_RUNNING = Business.VisitStatus.NOT_RUNNING
CLOSED = Business.VisitStatus.CLOSED
EARLIER, LATER = dt.date(2026, 3, 1), dt.date(2026, 5, 1)


def latest(business):
    business.refresh_from_db()
    return business.last_visit_status, business.last_visited_on


@pytest.fixture
def business(db):
    return BusinessFactory(name="Kerajinan Tutup Botol Pak Joko")


def test_a_visit_created_with_the_orm_marks_the_business(business):
    InventoryVisit.objects.create(business=business, visited_on=LATER, status=NOT_RUNNING)
    assert latest(business) == (NOT_RUNNING, LATER)


def test_deleting_the_latest_visit_with_the_orm_falls_back_to_the_one_before(business):
    InventoryVisitFactory(business=business, visited_on=EARLIER, status=RUNNING)
    newest = InventoryVisitFactory(business=business, visited_on=LATER, status=CLOSED)
    assert latest(business) == (CLOSED, LATER)

    newest.delete()

    assert latest(business) == (RUNNING, EARLIER)


def test_deleting_every_visit_with_a_queryset_leaves_the_business_unvisited(business):
    InventoryVisitFactory(business=business, visited_on=EARLIER, status=RUNNING)
    InventoryVisitFactory(business=business, visited_on=LATER, status=RUNNING)
    assert latest(business) == (RUNNING, LATER)

    InventoryVisit.objects.filter(business=business).delete()

    assert latest(business) == ("", None)


def test_correcting_a_visit_with_save_updates_the_business(business):
    visit = InventoryVisitFactory(business=business, visited_on=LATER, status=RUNNING)
    visit.status = NOT_RUNNING
    visit.save()
    assert latest(business) == (NOT_RUNNING, LATER)


def test_a_visit_moved_to_another_business_refreshes_both(business):
    other = BusinessFactory(name="Usaha Lain")
    visit = InventoryVisitFactory(business=business, visited_on=LATER, status=RUNNING)

    visit.business = other
    visit.save()

    assert latest(business) == ("", None)
    assert latest(other) == (RUNNING, LATER)


def test_the_service_hands_back_the_business_already_up_to_date(business, petugas_ciputat):
    visit = visit_record(business=business, officer=petugas_ciputat, visited_on=LATER, status=CLOSED)
    assert (visit.business.last_visit_status, visit.business.last_visited_on) == (CLOSED, LATER)


def test_deleting_a_business_deletes_its_visits_without_touching_the_doomed_business(business):
    InventoryVisitFactory(business=business, visited_on=LATER, status=RUNNING)
    changes = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Business), object_id=business.pk, action=LogEntry.Action.UPDATE
    )
    before = changes.count()

    business.delete()

    assert not InventoryVisit.objects.exists()
    assert changes.count() == before  # no last-visit refresh written for a business being deleted
