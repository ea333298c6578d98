"""A fingerprint of everything seed_demo writes: per table, its row count and a hash of its rows.

Rows are hashed in primary-key order (the order they were written in; many-to-many rows
sorted) without their ids:
a foreign key becomes the position of the row it points to in its own table, so two
databases whose sequences started at different numbers still give the same fingerprint.
Datetimes after CUTOFF are the moment of seeding ("now", e.g. a batch's created_at) and
hash as the word "now"; the demo is seeded with --today FINGERPRINT_TODAY, long before.
Only the columns listed in the expected fingerprint are hashed, so a column another
change adds later does not change the hash of the others.

The expected values (tests/demo/seed_fingerprint.json, one fingerprint per size) were made
with the generator as it stood before seeding was rewritten for speed (commit 0328f60: the
whole plan held in memory, bulk_create in chunks), on SQLite, and checked equal on
PostgreSQL. Regenerate one size (here 300; the file also holds 3000) with:

    rm -f /tmp/fp.sqlite3; export DATABASE_URL=sqlite:////tmp/fp.sqlite3 DEBUG=1
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python manage.py seed_demo --bulk --participants 300 --seed 2016 --today 2025-06-30
    .venv/bin/python -m tests.demo.fingerprint   # prints it; paste it under "300"

Only regenerate when the demo is meant to change: the file is what proves a rewrite of the
writer stores the same rows.
"""

import datetime as dt
import hashlib
import json
from decimal import Decimal

FINGERPRINT_TODAY = dt.date(2025, 6, 30)
CUTOFF = dt.datetime(2025, 10, 1, tzinfo=dt.UTC)
APPS = ("accounts", "regions", "participants", "trainings", "groups", "inventory", "exhibitions", "financing")
SKIP = {("accounts_user", "password")}  # salted: differs on every run


def _models() -> dict:
    from django.apps import apps

    return {
        m._meta.db_table: m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.app_label in APPS or m._meta.db_table == "auth_group"
    }


def _columns(model) -> list[str]:
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.primary_key and (model._meta.db_table, f.attname) not in SKIP
    ]


def _value(value, rank: dict | None):
    if rank is not None and value is not None:
        return rank[value]
    if isinstance(value, dt.datetime):
        return "now" if value >= CUTOFF else value.astimezone(dt.UTC).isoformat()
    if isinstance(value, (dt.date, dt.time, Decimal)):
        return str(value)
    return value


def fingerprint(columns: dict[str, list[str]] | None = None) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hash, "columns": [...]}} of every table of the project's apps.

    With `columns`, only those tables and columns (the ones an expected fingerprint lists)."""
    models = _models()
    ranks: dict[str, dict] = {}

    def rank(model) -> dict:
        table = model._meta.db_table
        if table not in ranks:
            pks = model._base_manager.order_by("pk").values_list("pk", flat=True)
            ranks[table] = {pk: i for i, pk in enumerate(pks)}
        return ranks[table]

    out = {}
    tables = sorted(columns) if columns is not None else sorted(models)
    for table in tables:
        model = models[table]
        names = columns[table] if columns is not None else _columns(model)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        targets = [rank(fields[n].related_model) if fields[n].is_relation else None for n in names]
        rows = (
            json.dumps([_value(v, r) for v, r in zip(row, targets, strict=True)])
            for row in model._base_manager.order_by("pk").values_list(*names).iterator(chunk_size=5000)
        )
        if model._meta.auto_created:
            rows = sorted(rows)  # ManyToMany .set() adds its rows in the order of a set of ids
        digest = hashlib.sha256()
        count = 0
        for row in rows:
            digest.update(row.encode() + b"\n")
            count += 1
        out[table] = {"rows": count, "sha256": digest.hexdigest(), "columns": names}
    return out


if __name__ == "__main__":
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tangsel_portal.settings")
    django.setup()
    print(json.dumps(fingerprint(), indent=1))
