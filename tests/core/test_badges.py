"""The warnings of every page (data-subject requests due, incidents to notify) cost one query
together, are read once per request, and show a change at the next page load (core.badges)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core import badges
from privacy import services
from records.models import Incident
from tests import factories

pytestmark = pytest.mark.django_db


def _right(hours_ago: int):
    return services.request_create(
        participant=factories.ParticipantFactory(),
        kind="access",
        channel="letter",
        received_at=timezone.now() - dt.timedelta(hours=hours_ago),
        user=None,
    )


def _incident(hours_ago: int):
    return Incident.objects.create(
        discovered_at=timezone.now() - dt.timedelta(hours=hours_ago),
        description="Laptop petugas hilang",
        data_affected="NIK peserta",
        people_affected=3,
        measures="Akun dikunci",
    )


def _request_of(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_both_warnings_in_one_query_once_per_request(staf, django_assert_num_queries):
    _right(hours_ago=80)  # late
    _right(hours_ago=60)  # due within 24 hours
    _right(hours_ago=1)  # not yet
    _incident(hours_ago=60)  # its 72-hour deadline within a day
    _incident(hours_ago=10)
    staf.has_perm("privacy.view_rightsrequest")  # the permissions, read before (one query of their own)
    request = _request_of(staf)

    with django_assert_num_queries(1):
        assert badges.due(request) == {"rights": 2, "incidents": 1}
        assert badges.due(request) == {"rights": 2, "incidents": 1}


def test_a_field_officer_sees_neither_and_costs_no_query(petugas_ciputat, django_assert_num_queries):
    _right(hours_ago=80)
    _incident(hours_ago=60)
    petugas_ciputat.has_perm("privacy.view_rightsrequest")
    with django_assert_num_queries(0):
        assert badges.due(_request_of(petugas_ciputat)) == {}


def test_the_page_shows_both_with_one_query_for_them_and_a_new_one_at_the_next_load(client, staf):
    _right(hours_ago=80)
    _incident(hours_ago=60)
    client.force_login(staf)
    url = reverse("participants:list")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert 'id="rights-due-badge">1<' in html and 'id="incidents-due"' in html and "1 insiden" in html
    warnings = [q["sql"] for q in queries.captured_queries if "records_incident" in q["sql"]]
    assert len(warnings) == 1 and "privacy_rightsrequest" in warnings[0]

    _right(hours_ago=70)
    _incident(hours_ago=50)
    html = client.get(url).content.decode()
    assert 'id="rights-due-badge">2<' in html and "2 insiden" in html
