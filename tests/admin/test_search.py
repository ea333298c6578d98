"""The admin's search box and pickers keep what is typed (a NIK, a name) out of addresses:
the search is posted and the list shown at ?cari=<token>; autocomplete asks by POST."""

import re

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from core.search import SEARCH_TOKEN
from financing.models import LoanReferral
from groups.models import Product
from participants.models import Participant
from tests.admin.conftest import admin_url

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
SEARCHABLE = [(model, model_admin) for model, model_admin in REGISTRY if model_admin.search_fields]


def _search(client, model, text, **other):
    response = client.post(admin_url(model, "changelist"), {"q": text, **other})
    assert response.status_code == 302, response.status_code
    return response["Location"]


def _rows(response) -> list:
    return list(response.context["cl"].result_list)


def test_a_nik_searched_in_the_participant_list_never_reaches_the_address(client, staf, places):
    wanted = places.participant_ciputat
    client.force_login(staf)
    location = _search(client, Participant, wanted.nik, **{"sex__exact": wanted.sex})

    assert wanted.nik not in location
    assert f"{SEARCH_TOKEN}=" in location and f"sex__exact={wanted.sex}" in location
    response = client.get(location)
    assert _rows(response) == [wanted]
    page = response.content.decode()
    assert f'value="{wanted.nik}"' in page  # the box shows what was typed ...
    # ... and no link of the page (sort, filters, pages, the participant) carries it.
    assert not [href for href in re.findall(r'href="([^"]*)"', page) if wanted.nik in href]


def test_the_first_digits_of_a_nik_find_the_participants_they_begin(client, staf, places):
    client.force_login(staf)
    prefix = places.participant_ciputat.nik[:8]
    rows = _rows(client.get(_search(client, Participant, prefix)))
    assert places.participant_ciputat in rows
    assert all(p.nik.startswith(prefix) for p in rows)


def test_an_empty_search_shows_the_whole_list_again(client, staf, places):
    client.force_login(staf)
    location = _search(client, Participant, "  ", **{SEARCH_TOKEN: "old"})
    assert location == admin_url(Participant, "changelist")
    assert set(_rows(client.get(location))) == {places.participant_ciputat, places.participant_pamulang}


def test_a_search_token_from_another_session_finds_nothing_of_it(client, staf, places):
    client.force_login(staf)
    location = _search(client, Participant, places.participant_ciputat.nik)
    other = Client()
    other.force_login(staf)
    assert set(_rows(other.get(location))) == {places.participant_ciputat, places.participant_pamulang}


@pytest.mark.usefixtures("officers_in_admin")
def test_a_field_officer_searches_only_their_kecamatan(client, petugas_ciputat, places):
    client.force_login(petugas_ciputat)
    assert _rows(client.get(_search(client, Participant, places.participant_pamulang.nik))) == []
    assert _rows(client.get(_search(client, Participant, "Warga"))) == [places.participant_ciputat]


@pytest.mark.usefixtures("officers_in_admin")
def test_someone_who_may_not_open_a_list_cannot_search_it(client, petugas_ciputat, places):
    # Field officers see exhibitions (they record sales at the booth), not loan referrals.
    client.force_login(petugas_ciputat)
    response = client.post(admin_url(LoanReferral, "changelist"), {"q": "x"})
    assert response.status_code == 403


@pytest.mark.parametrize(("model", "model_admin"), SEARCHABLE, ids=[m._meta.label for m, _ in SEARCHABLE])
def test_every_search_box_of_the_admin_posts_with_a_csrf_token(client, admin_user, places, model, model_admin):
    client.force_login(admin_user)
    page = client.get(admin_url(model, "changelist")).content.decode()
    form = re.search(r'<form id="changelist-search"[^>]*>.*?</form>', page, re.S).group(0)
    assert 'method="post"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    location = _search(client, model, "Ciputat")
    assert client.get(location).status_code == 200


def test_an_action_posted_on_a_searched_list_still_runs(client, staf, places):
    client.force_login(staf)
    product = places.product_ciputat
    location = _search(client, Product, product.name)
    response = client.post(
        location,
        {"action": "mark_approved", "_selected_action": [product.pk], "index": "0", "select_across": "0"},
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.curation_status == Product.Curation.APPROVED


def _autocomplete_data(term):
    return {"app_label": "trainings", "model_name": "enrollment", "field_name": "participant", "term": term}


def test_autocomplete_finds_a_participant_by_nik_asked_by_post(client, staf, places):
    client.force_login(staf)
    response = client.post(reverse("admin:autocomplete"), _autocomplete_data(places.participant_ciputat.nik))
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["Warga Ciputat"]


def test_autocomplete_refuses_a_term_in_the_address(client, staf, places):
    client.force_login(staf)
    response = client.get(reverse("admin:autocomplete"), _autocomplete_data(places.participant_ciputat.nik))
    assert response.status_code == 405


def test_autocomplete_needs_the_csrf_token(staf, places):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staf)
    response = client.post(reverse("admin:autocomplete"), _autocomplete_data("Warga"))
    assert response.status_code == 403
