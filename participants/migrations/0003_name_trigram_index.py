"""Name search at a million participants (issue 9): `name__icontains` is `UPPER(name) LIKE
UPPER('%…%')`, which no B-tree serves; a trigram GIN index on UPPER(name) does. PostgreSQL
only (pg_trgm ships with it); SQLite (`make run`) keeps scanning, which suits its size.
Not in the model's Meta: Django cannot express it there without django.contrib.postgres."""

from django.db import migrations

INDEX = "participant_name_trgm_idx"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON participants_participant USING gin (UPPER(name) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("participants", "0002_nik_prefix_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
