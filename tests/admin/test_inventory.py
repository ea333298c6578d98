"""Inventory visits through the admin go through visit_record and keep the business's latest visit."""

import datetime as dt

import pytest

from inventory.models import Business, InventoryVisit
from tests import factories
from tests.admin.conftest import admin_url, errors_of, form_data
from tests.core import images


def test_a_visit_added_in_the_admin_updates_the_business(client, staf, places):
    business = places.business_ciputat
    today = dt.date.today()
    client.force_login(staf)
    response = client.post(
        admin_url(InventoryVisit, "add"),
        {"business": business.pk, "visited_on": today.isoformat(), "status": Business.VisitStatus.CLOSED},
    )
    assert response.status_code == 302, errors_of(response)
    visit = InventoryVisit.objects.get(business=business, visited_on=today)
    assert visit.officer == staf
    business.refresh_from_db()
    assert (business.last_visit_status, business.last_visited_on) == (Business.VisitStatus.CLOSED, today)


def test_a_visit_in_the_future_is_refused_in_the_services_words(client, staf, places):
    client.force_login(staf)
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


@pytest.mark.usefixtures("officers_in_admin")  # the admin's scoping, should an officer be let in
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


def _new_business_with_visit(client, visited_on, **visit):
    data = form_data(client.get(admin_url(Business, "add")))
    data.update(
        {
            "name": "Kerajinan Tutup Botol Baru",
            "kelurahan": str(factories.kelurahan_of("Ciputat").pk),
            "visits-TOTAL_FORMS": "1",
            "visits-0-visited_on": visited_on.isoformat(),
            "visits-0-status": Business.VisitStatus.RUNNING,
            **visit,
        }
    )
    return client.post(admin_url(Business, "add"), data)


def test_a_business_added_with_its_first_visit_in_one_form_is_saved_with_it(client, staf):
    client.force_login(staf)
    photo = images.upload(images.polyglot())
    response = _new_business_with_visit(client, dt.date.today(), **{"visits-0-evidence_photo": photo})
    assert response.status_code == 302, errors_of(response)
    business = Business.objects.get(name="Kerajinan Tutup Botol Baru")
    visit = business.visits.get()
    assert (visit.officer, business.created_by) == (staf, staf)
    assert (business.last_visit_status, business.last_visited_on) == (Business.VisitStatus.RUNNING, dt.date.today())
    with visit.evidence_photo.open("rb") as f:
        assert b"<?php" not in f.read()


def test_a_new_business_with_a_visit_in_the_future_is_refused_in_the_services_words(client, staf):
    client.force_login(staf)
    response = _new_business_with_visit(client, dt.date.today() + dt.timedelta(days=1))
    assert response.status_code == 200
    assert "Tanggal kunjungan tidak boleh di masa depan." in errors_of(response)
    assert not Business.objects.filter(name="Kerajinan Tutup Botol Baru").exists()


def test_a_new_business_missing_its_kelurahan_shows_the_form_again_with_its_visit(client, staf):
    client.force_login(staf)
    response = _new_business_with_visit(client, dt.date.today(), kelurahan="")
    assert response.status_code == 200
    assert "kelurahan" in response.context["adminform"].form.errors
    assert response.context["inline_admin_formsets"][0].formset.forms[0]["status"].value() == "running"
    assert not Business.objects.filter(name="Kerajinan Tutup Botol Baru").exists()


def test_the_admin_keeps_the_owners_real_entrepreneur_status(client, staf, places):
    """A business added with a running visit makes its owner real; a new owner in the change form takes it over."""
    seller, buyer = places.participant_ciputat, places.participant_pamulang
    client.force_login(staf)
    response = _new_business_with_visit(client, dt.date.today(), owner_participant=str(seller.pk))
    assert response.status_code == 302, errors_of(response)
    business = Business.objects.get(name="Kerajinan Tutup Botol Baru")
    until = dt.date.today() + dt.timedelta(days=365)
    seller.refresh_from_db()
    assert seller.real_until == until

    data = form_data(client.get(admin_url(business)))
    data["owner_participant"] = str(buyer.pk)
    response = client.post(admin_url(business), data)
    assert response.status_code == 302, errors_of(response)
    seller.refresh_from_db()
    buyer.refresh_from_db()
    assert (seller.real_until, buyer.real_until) == (None, until)
