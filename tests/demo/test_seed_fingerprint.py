"""seed_demo stores the same rows, for the same seed, as the generator did before it was made fast.

The expected fingerprints come from the earlier generator (see tests/demo/fingerprint.py for
how they were made and how to regenerate them); run on SQLite and on PostgreSQL.
"""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from participants.models import Participant
from participants.real_status import participants_real_until_differences

from .fingerprint import FINGERPRINT_TODAY, fingerprint
from .test_seed_demo import DEMO_SETTINGS

EXPECTED = json.loads((Path(__file__).parent / "seed_fingerprint.json").read_text())


@pytest.fixture(autouse=True)
def _debug_on(settings):
    settings.DEBUG = True


@pytest.mark.django_db
@override_settings(**DEMO_SETTINGS)
@pytest.mark.parametrize("size", ["300", "3000"])
def test_bulk_seeding_stores_the_rows_the_earlier_generator_stored(size):
    out = StringIO()
    call_command(
        "seed_demo",
        "--bulk",
        "--participants",
        size,
        "--seed",
        "2016",
        "--today",
        FINGERPRINT_TODAY.isoformat(),
        stdout=out,
    )
    expected = EXPECTED[size]
    got = fingerprint({table: entry["columns"] for table, entry in expected.items()})
    rows = {table: entry["rows"] for table, entry in got.items()}
    assert rows == {table: entry["rows"] for table, entry in expected.items()}
    assert got == expected
    # The kept real-entrepreneur status, filled set-based, is what its own refresh gives.
    assert Participant.objects.exclude(real_until=None).exists()
    assert participants_real_until_differences() == 0


def _schema(tables: list[str]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = ANY(%s::regclass[]) UNION ALL SELECT tablename, indexname, indexdef FROM pg_indexes "
            "WHERE tablename = ANY(%s) ORDER BY 1, 2, 3",
            [tables, tables],
        )
        return cursor.fetchall()


@pytest.mark.django_db
@override_settings(**DEMO_SETTINGS)
def test_on_postgresql_every_key_unique_rule_and_index_is_back_after_bulk_seeding():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: keys and indexes are dropped and added back there")
    from demo.bulk import LOADED

    tables = [model._meta.db_table for model in LOADED]
    before = _schema(tables)
    assert any(name == "membership_one_active_group" for _table, name, _definition in before)
    call_command("seed_demo", "--bulk", "--seed", "2016", "--today", FINGERPRINT_TODAY.isoformat(), stdout=StringIO())
    assert _schema(tables) == before


@pytest.mark.django_db(transaction=True)
@override_settings(**DEMO_SETTINGS)
def test_on_postgresql_bulk_seeding_leaves_the_tables_vacuumed():
    """Until a table is vacuumed PostgreSQL cannot answer a count from an index alone (its
    visibility map is empty), and autovacuum may be off: the seeder vacuums once it has committed."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only: VACUUM and visibility maps")
    call_command(
        "seed_demo",
        "--bulk",
        "--participants",
        "300",
        "--seed",
        "2016",
        "--today",
        FINGERPRINT_TODAY.isoformat(),
        stdout=StringIO(),
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT relallvisible FROM pg_class WHERE relname = %s", [Participant._meta.db_table])
        (all_visible,) = cursor.fetchone()
    assert all_visible > 0
