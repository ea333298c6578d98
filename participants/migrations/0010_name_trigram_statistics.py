"""Name search at a million participants (issue 9): the trigram index of 0003 was there and
matched the ORM's `UPPER(name::text)`, but the planner seldom chose it. With the default
statistics (100 histogram bounds) it guessed 19,193 names match "%HERU%" (6,176 do), and at
that many rows a parallel index-only scan of the whole B-tree on name, filtered row by row,
looked cheaper than fetching the matches: 160–190 ms instead of 45 ms. A thousand bounds on
the indexed expression bring the guess to 6,839, and the trigram index is chosen. PostgreSQL
only; ANALYZE so the new target counts from now on, not from the next autovacuum."""

from django.db import migrations

INDEX = "participant_name_trgm_idx"


def raise_target(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS 1000")
    schema_editor.execute("ANALYZE participants_participant")


def reset_target(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER INDEX {INDEX} ALTER COLUMN 1 SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("participants", "0009_training_facts")]

    operations = [migrations.RunPython(raise_target, reset_target, elidable=False)]
