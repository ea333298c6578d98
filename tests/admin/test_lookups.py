"""Every admin list answers only what it offers. A lookup in the address that none of its
filters takes (`?nik__startswith=3674…` would answer one row or none, a NIK in ~80 requests)
is refused with 400 before it reaches the database, for every role; the offered filters,
the date hierarchy and Django's own parameters keep working."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from accounts.admin_guard import ChangelistGuardMixin
from financing.models import LoanReferral, LoanReferralEvent
from inventory.models import Business
from participants.models import Participant
from tests.admin.conftest import admin_url
from trainings.models import Trainer

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
IDS = [model._meta.label for model, _ in REGISTRY]
# Staff work in the admin; the administrator opens what staff cannot (users, roles). Field
# officers, leadership and bank liaisons are refused (403): whatever they get, no list.
PERSONAS = ["staf", "petugas_ciputat", "admin_user", "pimpinan", "bank_bri"]
# Values no query of the page would hold: if one shows up in the SQL, the lookup was evaluated.
# Seven digits: the refused query's SQL is searched for these values, and no timestamp (six
# digits of microseconds at most) can hold them; "987654" once matched a session's expiry
# time, ".987654", and failed the test although no probe had run.
PROBES = [("startswith", "3674990"), ("regex", "(a"), ("gte", "9876543")]


def _may_open(model_admin, user) -> bool:
    request = RequestFactory().get("/")
    request.user = user
    return admin.site.has_permission(request) and model_admin.has_view_or_change_permission(request)


def _probes(model):
    """Each field of the model with each probe lookup. (A lookup across a relation that no
    filter names, `participant__nik__…`, Django refuses already.)"""
    for field in model._meta.concrete_fields:
        for lookup, value in PROBES:
            yield f"{field.name}__{lookup}", value


def _offered(client, model) -> tuple[object, set[str]]:
    """The changelist as the user sees it, and every parameter its filters take."""
    response = client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    cl = response.context["cl"]
    return cl, {param for spec in cl.filter_specs for param in spec.expected_parameters()}


def test_every_admin_of_the_site_has_the_changelist_guard():
    assert [
        label
        for label, (_, model_admin) in zip(IDS, REGISTRY, strict=True)
        if not isinstance(model_admin, ChangelistGuardMixin)
    ] == []


def _personas(request, model_admin):
    """(name, user, may open the list) for each persona; the administrator only where staff
    cannot open the list (users, roles): elsewhere the same admin answers both."""
    staf = request.getfixturevalue("staf")
    for who in PERSONAS:
        user = request.getfixturevalue(who)
        if who == "admin_user" and _may_open(model_admin, staf):
            continue
        yield who, user, _may_open(model_admin, user)


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=IDS)
def test_a_lookup_the_list_does_not_offer_is_refused_unevaluated(client, request, places, model, model_admin):
    url = admin_url(model, "changelist")
    markers = [value for _lookup, value in PROBES if value != "(a"]
    for who, user, may_open in _personas(request, model_admin):
        client.force_login(user)
        if not may_open:
            assert client.get(url, {"id__gte": "1"}).status_code in (302, 403), who
            continue
        _cl, offered = _offered(client, model)
        for param, value in _probes(model):
            if param in offered:
                continue  # a date filter's own `__gte`
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(url, {param: value})
            assert response.status_code == 400, f"?{param}= as {who}: {response.status_code}"
            sql = [q["sql"] for q in ctx.captured_queries]
            assert not [q for q in sql if any(m in q for m in markers) or "REGEXP" in q.upper() or " ~ " in q], param


@pytest.mark.parametrize(("model", "model_admin"), REGISTRY, ids=IDS)
def test_every_offered_filter_and_djangos_own_parameters_still_work(client, request, places, model, model_admin):
    url = admin_url(model, "changelist")
    opened = 0
    for who, user, may_open in _personas(request, model_admin):
        if not may_open:
            continue
        opened += 1
        client.force_login(user)
        cl, _offered_params = _offered(client, model)
        links = []
        for spec in cl.filter_specs:
            # Each filter by its first and its last choice (after "all"): a kelurahan filter has 54.
            choices = [choice["query_string"] for choice in spec.choices(cl)][1:]
            links += choices[:1] + choices[-1:]
        links += ["?o=1", "?o=-2.1", "?p=1", "?all=", "?e=1", "?_popup=1", "?_facets=True"]
        if model_admin.date_hierarchy:
            dh = model_admin.date_hierarchy
            links += [
                f"?{dh}__year=2026",
                f"?{dh}__year=2026&{dh}__month=5",
                f"?{dh}__year=2026&{dh}__month=5&{dh}__day=4",
            ]
        for link in links:
            response = client.get(url + link)
            assert response.status_code == 200, f"{link} as {who}: {response.status_code}"
    assert opened


def test_a_nik_cannot_be_guessed_digit_by_digit_from_the_participant_list(client, staf, places):
    participant = places.participant_ciputat
    client.force_login(staf)
    url = admin_url(Participant, "changelist")
    for prefix in (participant.nik[:7], "9" * 7):
        response = client.get(url, {"id": participant.pk, "nik__startswith": prefix})
        # One row or none would tell the digits; a refusal tells nothing.
        assert response.status_code == 400
        assert participant.name not in response.content.decode()


def test_a_regex_on_the_nik_is_refused_not_a_server_error(client, staf, admin_user, places):
    for user in (staf, admin_user):
        client.force_login(user)
        response = client.get(admin_url(Participant, "changelist"), {"nik__regex": "(a"})
        assert response.status_code == 400


@pytest.mark.parametrize(
    ("model", "param"),
    [
        (Participant, "phone__startswith"),
        (Participant, "address__icontains"),
        (Business, "owner_nik__startswith"),
        (Business, "owner_participant__nik__startswith"),
        (Trainer, "phone__startswith"),
        (LoanReferral, "amount_requested__gte"),
        (LoanReferral, "participant__nik__startswith"),
    ],
)
def test_the_probes_of_the_issue_are_refused(client, staf, places, model, param):
    client.force_login(staf)
    assert client.get(admin_url(model, "changelist"), {param: "3674"}).status_code == 400


def test_a_lookup_beside_an_offered_filter_is_refused(client, staf, places):
    # The kecamatan filter takes kelurahan__kecamatan__id__exact, and only that.
    client.force_login(staf)
    url = admin_url(Participant, "changelist")
    kecamatan = places.participant_ciputat.kelurahan.kecamatan
    assert client.get(url, {"kelurahan__kecamatan__id__exact": kecamatan.pk}).status_code == 200
    assert client.get(url, {"kelurahan__kecamatan__name__startswith": "Ci"}).status_code == 400
    assert client.get(url, {"sex__startswith": "L"}).status_code == 400


def test_the_date_hierarchy_bounds_are_taken_only_from_its_own_links(client, staf, places):
    client.force_login(staf)
    url = admin_url(LoanReferralEvent, "changelist")
    assert client.get(url, {"at__year": places.today.year}).status_code == 200
    assert client.get(url, {"at__gte": "2020-01-01"}).status_code == 400
    assert client.get(url, {"at__month": "5"}).status_code == 400


def test_the_refusal_names_the_filter_in_indonesian_and_never_the_value(client, staf, places, caplog):
    client.force_login(staf)
    response = client.get(admin_url(Participant, "changelist"), {"nik__startswith": "3674011"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Daftar ini tidak dapat disaring dengan: nik__startswith." in page
    assert "3674011" not in page
    assert any("nik__startswith" in r.getMessage() for r in caplog.records)
    assert not any("3674011" in r.getMessage() for r in caplog.records)
