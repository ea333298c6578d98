"""The visit form at /inventaris/<pk>/kunjungan/: what a phone sends, a photo and its thumbnail,
the position with its accuracy, errors in Indonesian with the typed values kept, and one visit
per submission however often it is sent."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import InventoryVisit
from tests.core import images
from tests.factories import BusinessFactory, kelurahan_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def business(db):
    return BusinessFactory(name="Kaligrafi Kulit Telur Bu Siti", kelurahan=kelurahan_of("Ciputat"))


def url(business) -> str:
    return reverse("inventory:visit", kwargs={"pk": business.pk})


def data(**overrides) -> dict:
    return {
        "client_id": str(uuid.uuid4()),
        "visited_on": timezone.localdate().isoformat(),
        "status": "running",
        "active_members": "4",
        "monthly_output": "120",
        "monthly_turnover": "3500000",
        "products_seen": "Kaligrafi bingkai kecil, gantungan kunci",
        "latitude": "-6.312345678",
        "longitude": "106.712345678",
        "location_accuracy": "12",
        "location_source": "gps",
        "notes": "Produksi naik menjelang HUT kota.",
        "recommend_for_exhibition": "on",
        **overrides,
    }


def test_the_form_asks_for_a_camera_photo_and_carries_a_client_id(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    html = client.get(url(business)).content.decode()
    assert 'accept="image/*"' in html and 'capture="environment"' in html
    assert 'name="client_id"' in html and "data-client-id" in html
    assert 'name="location_accuracy"' in html and "js/visit-form.js" in html
    assert html.count('name="status"') == 3  # running, not running, closed: radios a thumb can hit


def test_an_officer_records_a_visit_with_a_photo_and_the_phones_position(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    response = client.post(url(business), {**data(), "evidence_photo": images.upload(images.jpeg(size=(1200, 900)))})
    visit = InventoryVisit.objects.get()
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("inventory:detail", kwargs={"pk": business.pk}) + f"?kunjungan={visit.pk}#kunjungan-{visit.pk}"
    )
    assert visit.officer == petugas_ciputat
    assert (visit.status, visit.active_members, visit.monthly_output) == ("running", 4, 120)
    assert visit.monthly_turnover == Decimal("3500000")
    assert visit.products_seen.startswith("Kaligrafi bingkai")
    assert (visit.latitude, visit.longitude) == (Decimal("-6.312346"), Decimal("106.712346"))
    assert (visit.location_accuracy, visit.location_source) == (12, "gps")
    assert visit.recommend_for_exhibition
    assert visit.evidence_photo.name.startswith("visits/")
    assert visit.evidence_thumbnail.name.startswith("visit-thumbs/")
    thumbnail = images.decode(visit.evidence_thumbnail.read())
    assert max(thumbnail.size) == 320 and thumbnail.size == (320, 240)
    business.refresh_from_db()
    assert (business.last_visit_status, business.last_visited_on) == ("running", timezone.localdate())


def test_typed_coordinates_are_recorded_without_an_accuracy(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    client.post(
        url(business), data(latitude="-6,3101", longitude="106,7202", location_accuracy="", location_source="typed")
    )
    visit = InventoryVisit.objects.get()
    assert (visit.latitude, visit.longitude) == (Decimal("-6.310100"), Decimal("106.720200"))
    assert (visit.location_accuracy, visit.location_source) == (None, "typed")


def test_a_visit_without_a_position_is_recorded(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    client.post(url(business), data(latitude="", longitude="", location_accuracy="12", location_source="gps"))
    visit = InventoryVisit.objects.get()
    assert (visit.latitude, visit.location_accuracy, visit.location_source) == (None, None, "")


def test_a_missing_status_is_refused_in_indonesian_and_the_typed_values_stay(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    sent = data(status="")
    response = client.post(url(business), sent)
    assert response.status_code == 200
    assert not InventoryVisit.objects.exists()
    html = response.content.decode()
    assert "Pilih kondisi usaha saat dikunjungi." in html
    assert "Produksi naik menjelang HUT kota." in html
    assert 'value="120"' in html
    assert f'value="{sent["client_id"]}"' in html  # the same submission, once corrected


def test_a_future_date_and_a_latitude_alone_are_refused(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    response = client.post(url(business), data(visited_on=tomorrow))
    assert "tidak boleh di masa depan" in response.content.decode()
    response = client.post(url(business), data(longitude=""))
    assert "lintang dan bujur bersama-sama" in response.content.decode()
    response = client.post(url(business), data(latitude="-95"))
    assert "latitude" in response.context["form"].errors
    assert not InventoryVisit.objects.exists()


def test_a_file_that_is_not_a_picture_is_refused(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    fake = images.upload(b"<?php echo 1; ?>", name="foto.jpg")
    response = client.post(url(business), {**data(), "evidence_photo": fake})
    assert "evidence_photo" in response.context["form"].errors
    assert not InventoryVisit.objects.exists()


def test_the_same_submission_sent_twice_records_one_visit_and_shows_the_first(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    sent = data()
    first = client.post(url(business), {**sent, "evidence_photo": images.upload(images.jpeg())})
    again = client.post(
        url(business), {**sent, "notes": "dikirim ulang", "evidence_photo": images.upload(images.jpeg())}
    )
    visit = InventoryVisit.objects.get()
    assert again["Location"] == first["Location"]
    assert visit.notes == "Produksi naik menjelang HUT kota."
    assert visit.client_id == uuid.UUID(sent["client_id"])
    page = client.get(again["Location"])
    assert "sudah tercatat sebelumnya" in page.content.decode()


def test_two_submissions_with_different_ids_are_two_visits(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    client.post(url(business), data())
    client.post(url(business), data())
    assert InventoryVisit.objects.count() == 2


def test_a_client_id_of_another_business_is_refused(client, petugas_ciputat, business):
    other = BusinessFactory(kelurahan=kelurahan_of("Ciputat"))
    client.force_login(petugas_ciputat)
    sent = data()
    client.post(url(other), sent)
    response = client.post(url(business), sent)
    assert response.status_code == 200
    assert "sudah dipakai untuk usaha lain" in response.content.decode()
    assert list(InventoryVisit.objects.values_list("business", flat=True)) == [other.pk]


def test_a_phone_without_javascript_still_records_its_visit(client, petugas_ciputat, business):
    client.force_login(petugas_ciputat)
    client.post(url(business), data(client_id=""))
    assert InventoryVisit.objects.get().client_id is not None


def test_an_officer_cannot_record_a_visit_in_another_kecamatan(client, petugas_pamulang, business):
    client.force_login(petugas_pamulang)
    assert client.post(url(business), data()).status_code == 404
    assert not InventoryVisit.objects.exists()
