"""The inventory work list's order is an index on PostgreSQL (migration 0008): a page is read
from it, not sorted from every business (487 ms at a million participants)."""

import pytest
from django.db import connection, transaction

from inventory import selectors
from tests.conftest import need
from tests.factories import BusinessFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]


def test_the_first_page_of_the_work_list_is_read_in_index_order_without_a_sort(staf):
    need(connection.vendor == "postgresql", "the NULLS FIRST index is PostgreSQL's (set DATABASE_URL)")
    for i in range(30):
        BusinessFactory(name=f"Usaha {i:02d}")
    sql, params = selectors.business_list(user=staf).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # The tables are tiny here: forbid a sort so that only an index in the list's own
        # order (never visited first, then name, then id) can give the rows.
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql} LIMIT 25", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "business_work_list_idx" in plan, plan
    assert "Sort" not in plan, plan
