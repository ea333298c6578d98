"""`text_list(text)`: the values of a group as an array, with a combine function so that
PostgreSQL 15 still aggregates in parallel (its own array_agg and string_agg have none
before version 16). The dashboard's participant pass gathers a few NIKs with it
(reports.dashboard). Nothing on SQLite, where GROUP_CONCAT serves."""

from django.db import migrations

CREATE = """
CREATE AGGREGATE text_list(text) (
    SFUNC = array_append, STYPE = text[], COMBINEFUNC = array_cat, PARALLEL = SAFE
)"""
DROP = "DROP AGGREGATE IF EXISTS text_list(text)"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)
        schema_editor.execute(CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("reports", "0007_importjob_checked_state_preview_reused")]

    operations = [migrations.RunPython(create, drop)]
