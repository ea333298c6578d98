"""The participant list does the same work at any size (issue 9): a capped count, status
flags for the rows shown only, and the SQL of its page query checked for per-row subqueries."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import BusinessFactory, EnrollmentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

URL = reverse("participants:list")


def page_sql(client, params=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params or {}).status_code == 200
    return [q["sql"] for q in queries.captured_queries if "participants_participant" in q["sql"]]


@override_settings(TANGSEL_LIST_COUNT_CAP=50)
def test_above_the_cap_the_list_says_more_than_and_offers_the_pages_up_to_it(client, staf):
    ParticipantFactory.create_batch(56)
    client.force_login(staf)

    response = client.get(URL)

    page = response.context["page"]
    assert (page.paginator.count, page.paginator.capped, page.paginator.num_pages) == (50, True, 2)
    text = " ".join(response.content.decode().split())
    assert "Lebih dari 50 peserta; yang ditampilkan 50 pertama." in text
    assert "Halaman 1 dari 2 pertama" in text
    # A page beyond the cap shows the last one counted, not an error.
    assert client.get(URL, {"page": 9}).context["page"].number == 2


@override_settings(TANGSEL_LIST_COUNT_CAP=20)
def test_below_the_cap_the_count_is_exact(client, staf):
    ParticipantFactory.create_batch(7)
    client.force_login(staf)

    page = client.get(URL).context["page"]

    assert (page.paginator.count, page.paginator.capped) == (7, False)


@pytest.mark.parametrize("status", ["", "lulus", "usaha-nyata"])
def test_no_query_counts_every_row_and_the_page_query_holds_no_per_row_subquery(client, staf, status):
    for _ in range(3):
        EnrollmentFactory(participant=ParticipantFactory(), completed=True)
    owner = ParticipantFactory()
    BusinessFactory(owner_participant=owner, last_visit_status="running", last_visited_on=timezone.localdate())
    client.force_login(staf)

    statements = page_sql(client, {"status": status} if status else {})

    counts = [sql for sql in statements if "COUNT(" in sql.upper()]
    assert len(counts) == 1 and re.search(r"LIMIT \d+", counts[0]), counts  # SELECT COUNT(*) FROM (… LIMIT n)
    paged = [sql for sql in statements if re.search(r"LIMIT \d+( OFFSET \d+)?$", sql) and "COUNT(" not in sql.upper()]
    assert len(paged) == 1
    if not status:  # a status filter is a filter; without one, the page query is a plain select
        assert paged[0].upper().count("SELECT") == 1, paged[0]
    # The flags come in one query for the rows shown, by primary key.
    flags = [sql for sql in statements if " IN (" in sql and "EXISTS" in sql.upper()]
    assert len(flags) == 1
