"""Every page bench/pages.py measures costs the same number of queries at two data sizes, and
no page counts every row of a table that grows with the participants (issue 9 point 7).

The pages are bench/pages.py's own list (one list, so the benchmark and this test cannot
drift apart), on the demo data `seed_demo` makes at two sizes, each seeded inside a savepoint
that is rolled back before the next. A regression that adds a query per row, or a full
COUNT(*) of participants, enrolments, attendance, memberships, businesses or visits, fails
here without a million rows.
"""

import importlib.util
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from tests.demo.test_seed_demo import DEMO_SETTINGS

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
SIZES = (150, 600)
# Tables whose rows grow with the participants: counting all of them per page is what a
# million rows cannot afford (a capped count reads at most LIST_COUNT_CAP + 1 rows).
GROWING = (
    "participants_participant",
    "trainings_enrollment",
    "trainings_attendance",
    "groups_membership",
    "inventory_business",
    "inventory_inventoryvisit",
)
_COUNT = re.compile(r'SELECT COUNT\(\*\) AS "__count" FROM "(\w+)"')


def _bench_pages():
    spec = importlib.util.spec_from_file_location("bench_pages", ROOT / "bench" / "pages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_ONE_PARENT = re.compile(r'"\w+_id" = \d+')  # the rows of one batch, one session, one KUB…


def _unbounded_counts(statements: list[str]) -> list[str]:
    """COUNT(*) statements over a growing table with no LIMIT inside (Django's plain count) and
    not narrowed to the rows of one parent (a batch's roster is bounded by the batch)."""
    found = []
    for sql in statements:
        match = _COUNT.search(sql)
        if match and match.group(1) in GROWING and "LIMIT" not in sql.upper() and not _ONE_PARENT.search(sql):
            found.append(sql)
    return found


def _measure(bench, size: int) -> dict[str, tuple[int, list[str]]]:
    """Seed `size` participants, then each page's status, query count and unbounded counts."""
    call_command("seed_demo", "--bulk", "--participants", str(size), "--seed", "2016", stdout=StringIO())
    client = bench.client_for("staf")
    found = {}
    for label, url, params in bench.pages(client):
        client.get(url, params)  # a first request fills per-process caches (content types, targets)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        assert response.status_code == 200, (label, response.status_code)
        statements = [q["sql"] for q in queries.captured_queries]
        found[label] = (len(statements), _unbounded_counts(statements))
    return found


@override_settings(**DEMO_SETTINGS)
def test_every_measured_page_costs_the_same_queries_at_two_sizes_and_counts_no_growing_table_whole():
    bench = _bench_pages()
    by_size = {}
    for size in SIZES:
        savepoint = transaction.savepoint()
        try:
            by_size[size] = _measure(bench, size)
        finally:
            transaction.savepoint_rollback(savepoint)

    small, large = (by_size[s] for s in SIZES)
    assert small.keys() == large.keys()
    differing = {label: (small[label][0], large[label][0]) for label in small if small[label][0] != large[label][0]}
    assert not differing, f"query counts differ between {SIZES[0]} and {SIZES[1]} participants: {differing}"
    unbounded = {label: counts for label, (_, counts) in large.items() if counts}
    assert not unbounded, f"pages counting every row of a growing table: {sorted(unbounded)}"
