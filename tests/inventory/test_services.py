"""Inventory visits: the business remembers its latest visit; dates and GPS are checked."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from inventory.models import Business, InventoryVisit
from inventory.services import visit_record, visit_submit
from tests.core import images
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db

RUNNING = Business.VisitStatus.RUNNING
NOT_RUNNING = Business.VisitStatus.NOT_RUNNING
CLOSED = Business.VisitStatus.CLOSED


@pytest.fixture
def business(db):
    return BusinessFactory(name="Kerajinan Tutup Botol Pak Joko")


@pytest.fixture
def today():
    return timezone.localdate()


def days_ago(today, n):
    return today - dt.timedelta(days=n)


def record(business, officer, visited_on, status=RUNNING, **kwargs):
    return visit_record(business=business, officer=officer, visited_on=visited_on, status=status, **kwargs)


def test_a_visit_is_recorded_with_its_officer_and_marks_the_business(business, petugas_ciputat, today):
    visit = record(
        business,
        petugas_ciputat,
        days_ago(today, 3),
        latitude=Decimal("-6.312345"),
        longitude=Decimal("106.712345"),
        notes="Produksi 50 buah per minggu.",
        recommend_for_exhibition=True,
    )
    visit.refresh_from_db()
    assert (visit.officer, visit.status, visit.recommend_for_exhibition) == (petugas_ciputat, RUNNING, True)
    assert (visit.latitude, visit.longitude) == (Decimal("-6.312345"), Decimal("106.712345"))
    business.refresh_from_db()
    assert (business.last_visit_status, business.last_visited_on) == (RUNNING, days_ago(today, 3))


def test_a_newer_visit_replaces_the_status(business, petugas_ciputat, today):
    record(business, petugas_ciputat, days_ago(today, 60), RUNNING)
    record(business, petugas_ciputat, days_ago(today, 2), NOT_RUNNING)
    business.refresh_from_db()
    assert (business.last_visit_status, business.last_visited_on) == (NOT_RUNNING, days_ago(today, 2))


def test_an_older_visit_entered_later_does_not_replace_the_latest(business, petugas_ciputat, today):
    record(business, petugas_ciputat, days_ago(today, 2), CLOSED)
    record(business, petugas_ciputat, days_ago(today, 60), RUNNING)
    business.refresh_from_db()
    assert (business.last_visit_status, business.last_visited_on) == (CLOSED, days_ago(today, 2))
    assert business.visits.count() == 2


def test_of_two_visits_on_the_same_day_the_one_entered_last_counts(business, petugas_ciputat, today):
    record(business, petugas_ciputat, days_ago(today, 1), RUNNING)
    record(business, petugas_ciputat, days_ago(today, 1), NOT_RUNNING)
    business.refresh_from_db()
    assert business.last_visit_status == NOT_RUNNING


def test_a_visit_today_is_fine(business, petugas_ciputat, today):
    record(business, petugas_ciputat, today)
    business.refresh_from_db()
    assert business.last_visited_on == today


def test_a_visit_in_the_future_is_refused(business, petugas_ciputat, today):
    with pytest.raises(ValidationError) as caught:
        record(business, petugas_ciputat, today + dt.timedelta(days=1))
    assert "masa depan" in caught.value.message_dict["visited_on"][0]
    assert not InventoryVisit.objects.exists()
    business.refresh_from_db()
    assert business.last_visited_on is None


def test_an_unknown_condition_is_refused(business, petugas_ciputat, today):
    with pytest.raises(ValidationError) as caught:
        record(business, petugas_ciputat, today, "bangkrut")
    assert "status" in caught.value.message_dict
    assert not InventoryVisit.objects.exists()


@pytest.mark.parametrize(
    "gps", [{"latitude": Decimal("-6.3")}, {"longitude": Decimal("106.7")}], ids=["lat-only", "lon-only"]
)
def test_one_coordinate_without_the_other_is_refused(business, petugas_ciputat, today, gps):
    with pytest.raises(ValidationError) as caught:
        record(business, petugas_ciputat, today, **gps)
    assert "lintang dan bujur" in caught.value.messages[0]
    assert not InventoryVisit.objects.exists()


@pytest.mark.parametrize(
    "latitude, longitude",
    [(Decimal("90.5"), Decimal("106.7")), (Decimal("-91"), Decimal("106.7")), (Decimal("-6.3"), Decimal("180.1"))],
)
def test_the_database_refuses_gps_out_of_range(business, petugas_ciputat, today, latitude, longitude):
    with pytest.raises(IntegrityError), transaction.atomic():
        InventoryVisit.objects.create(
            business=business,
            officer=petugas_ciputat,
            visited_on=today,
            status=RUNNING,
            latitude=latitude,
            longitude=longitude,
        )
    assert not InventoryVisit.objects.exists()


def test_the_edges_of_the_gps_range_are_accepted(business, petugas_ciputat, today):
    record(business, petugas_ciputat, today, latitude=Decimal("-90"), longitude=Decimal("180"))
    assert InventoryVisit.objects.count() == 1


@pytest.mark.parametrize(
    "latitude, longitude, field",
    [(Decimal("91"), Decimal("106.7"), "latitude"), (Decimal("-6.3"), Decimal("-181"), "longitude")],
)
def test_the_service_refuses_gps_out_of_range_with_a_message(
    business, petugas_ciputat, today, latitude, longitude, field
):
    # Without this check the officer's phone would get a server error from the constraint.
    with pytest.raises(ValidationError) as caught:
        record(business, petugas_ciputat, today, latitude=latitude, longitude=longitude)
    assert set(caught.value.message_dict) == {field}
    assert not InventoryVisit.objects.exists()


def test_a_submission_is_recorded_once_per_client_id(business, petugas_ciputat, today):
    client_id = uuid.uuid4()
    first, created = visit_submit(
        business=business, officer=petugas_ciputat, client_id=client_id, visited_on=today, status=RUNNING
    )
    again, created_again = visit_submit(
        business=business, officer=petugas_ciputat, client_id=client_id, visited_on=today, status=CLOSED
    )
    assert (created, created_again) == (True, False)
    assert again == first and again.status == RUNNING
    assert InventoryVisit.objects.count() == 1


def test_the_database_refuses_a_second_visit_with_the_same_client_id(business, petugas_ciputat, today):
    client_id = uuid.uuid4()
    record(business, petugas_ciputat, today, client_id=client_id)
    with pytest.raises(IntegrityError), transaction.atomic():
        record(business, petugas_ciputat, today, client_id=client_id)


def test_a_submission_outside_the_officers_kecamatan_is_refused(petugas_pamulang, business, today):
    with pytest.raises(ValidationError):
        visit_submit(
            business=business, officer=petugas_pamulang, client_id=uuid.uuid4(), visited_on=today, status=RUNNING
        )
    assert not InventoryVisit.objects.exists()


def test_a_refused_second_send_leaves_no_photo_behind(business, petugas_ciputat, today, settings):
    client_id = uuid.uuid4()
    record(business, petugas_ciputat, today, client_id=client_id, evidence_photo=images.upload(images.jpeg()))
    stored = sorted(p.name for p in (settings.MEDIA_ROOT).rglob("*") if p.is_file())
    with pytest.raises(IntegrityError), transaction.atomic():
        record(business, petugas_ciputat, today, client_id=client_id, evidence_photo=images.upload(images.jpeg()))
    assert sorted(p.name for p in (settings.MEDIA_ROOT).rglob("*") if p.is_file()) == stored
    assert len(stored) == 2  # the first visit's photo and thumbnail
