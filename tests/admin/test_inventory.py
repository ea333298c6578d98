"""Inventory visits through the admin go through visit_record and keep the business's latest visit."""

import datetime as dt

from inventory.models import Business, InventoryVisit
from tests.admin.conftest import admin_url, errors_of, form_data


def test_a_visit_added_in_the_admin_updates_the_business(client, petugas_ciputat, places):
    business = places.business_ciputat
    today = dt.date.today()
    client.force_login(petugas_ciputat)
    response = client.post(
        admin_url(InventoryVisit, "add"),
        {"business": business.pk, "visited_on": today.isoformat(), "status": Business.VisitStatus.CLOSED},
    )
    assert response.status_code == 302, errors_of(response)
    visit = InventoryVisit.objects.get(business=business, visited_on=today)
    assert visit.officer == petugas_ciputat
    business.refresh_from_db()
    assert (business.last_visit_status, business.last_visited_on) == (Business.VisitStatus.CLOSED, today)


def test_a_visit_in_the_future_is_refused_in_the_services_words(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    response = client.post(
        admin_url(InventoryVisit, "add"),
        {
            "business": places.business_ciputat.pk,
            "visited_on": tomorrow.isoformat(),
            "status": Business.VisitStatus.RUNNING,
        },
    )
    assert response.status_code == 200
    assert "Tanggal kunjungan tidak boleh di masa depan." in errors_of(response)
    assert not InventoryVisit.objects.filter(visited_on=tomorrow).exists()


def test_an_officer_cannot_record_a_visit_to_a_business_of_another_kecamatan(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    response = client.post(
        admin_url(InventoryVisit, "add"),
        {
            "business": places.business_pamulang.pk,
            "visited_on": dt.date.today().isoformat(),
            "status": Business.VisitStatus.RUNNING,
        },
    )
    assert response.status_code == 200
    assert "business" in response.context["adminform"].form.errors
    assert places.business_pamulang.visits.count() == 1


def test_a_visit_added_on_the_business_page_updates_the_business(client, staf, places):
    business = places.business_ciputat
    today = dt.date.today()
    client.force_login(staf)
    data = form_data(client.get(admin_url(business)))
    n = int(data["visits-TOTAL_FORMS"])
    data.update(
        {
            "visits-TOTAL_FORMS": str(n + 1),
            f"visits-{n}-visited_on": today.isoformat(),
            f"visits-{n}-status": Business.VisitStatus.NOT_RUNNING,
        }
    )
    response = client.post(admin_url(business), data)
    assert response.status_code == 302, errors_of(response)
    business.refresh_from_db()
    assert (business.last_visit_status, business.last_visited_on) == (Business.VisitStatus.NOT_RUNNING, today)
    assert business.visits.get(visited_on=today).officer == staf


def test_deleting_the_latest_visit_falls_back_to_the_one_before(client, admin_user, places):
    business = places.business_ciputat
    earlier = business.visits.get()
    client.force_login(admin_user)
    client.post(
        admin_url(InventoryVisit, "add"),
        {"business": business.pk, "visited_on": dt.date.today().isoformat(), "status": Business.VisitStatus.CLOSED},
    )
    latest = business.visits.exclude(pk=earlier.pk).get()
    assert client.post(admin_url(latest, "delete"), {"post": "yes"}).status_code == 302
    business.refresh_from_db()
    assert (business.last_visit_status, business.last_visited_on) == (earlier.status, earlier.visited_on)
