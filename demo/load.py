"""Write rows fast: COPY on PostgreSQL, large multi-row inserts elsewhere; keys and indexes once.

A `Table` takes plain tuples (the ids are the caller's, so nothing is read back) and
sends them in chunks: on PostgreSQL as COPY text from an in-memory buffer, on SQLite as
one executemany per chunk with the values prepared by the model's fields, as bulk_create
would. Columns the caller does not give get what an insert would give them: now for
auto_now and auto_now_add, else the field's default. No signals are sent and no model
instances made; the writer fills derived fields itself.

`deferred_checks` (PostgreSQL) drops the foreign keys, unique constraints and indexes of
the tables being loaded and adds them back at the end, so every key and every unique
rule is checked once, set-based, instead of row by row at commit. `reset_sequences` moves
each table's id sequence past the ids the caller chose.
"""

import contextlib
import io
from collections.abc import Iterable, Iterator, Sequence

from django.db import connection
from django.utils import timezone

CHUNK = 20_000


def _pg_text(value) -> str:
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
            value = value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return value
    return str(value)


class Table:
    def __init__(self, model, columns: Sequence[str], *, chunk: int = CHUNK):
        self.model = model
        self.table = model._meta.db_table
        fields = {f.attname: f for f in model._meta.concrete_fields}
        self.fields = [fields[name] for name in columns]
        now = timezone.now()
        self.defaults = [
            (f, now if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) else f.get_default())
            for f in model._meta.concrete_fields
            if f.attname not in columns
        ]
        names = [f.column for f in self.fields] + [f.column for f, _value in self.defaults]
        self.quoted = ", ".join(connection.ops.quote_name(name) for name in names)
        self.postgres = connection.vendor == "postgresql"
        self.chunk = chunk
        self.rows: list = []
        self.lines: list[str] = []  # rows already in COPY text (see add_line)
        self.count = 0
        if self.postgres:
            self.suffix = "".join("\t" + _pg_text(value) for _f, value in self.defaults) + "\n"
        else:
            self.suffix_values = tuple(f.get_db_prep_save(value, connection) for f, value in self.defaults)

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.chunk:
            self.flush()

    def add_line(self, line: str) -> None:
        """PostgreSQL only: a row already formatted as COPY text, tab-separated, without the
        default columns and the newline (the hot path of millions of attendance marks)."""
        self.lines.append(line + self.suffix)
        if len(self.lines) >= self.chunk:
            self.flush()

    def extend(self, rows: Iterable[tuple]) -> None:
        for row in rows:
            self.add(row)

    def flush(self) -> None:
        if not self.rows and not self.lines:
            return
        rows, self.rows = self.rows, []
        lines, self.lines = self.lines, []
        self.count += len(rows) + len(lines)
        with connection.cursor() as cursor:
            if self.postgres:
                suffix = self.suffix
                lines += ["\t".join(map(_pg_text, row)) + suffix for row in rows]
                buffer = io.StringIO("".join(lines))
                cursor.cursor.copy_expert(f"COPY {self.table} ({self.quoted}) FROM STDIN", buffer)
            else:
                fields, suffix = self.fields, self.suffix_values
                prepared = [
                    tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True)) + suffix
                    for row in rows
                ]
                marks = ", ".join(["%s"] * (len(fields) + len(suffix)))
                cursor.executemany(f"INSERT INTO {self.table} ({self.quoted}) VALUES ({marks})", prepared)


def next_id(model) -> int:
    """The first id to give to new rows of `model`: past every id there is."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({connection.ops.quote_name(model._meta.pk.column)}) FROM {model._meta.db_table}")
        return (cursor.fetchone()[0] or 0) + 1


def reset_sequences(models: Iterable) -> None:
    """After inserts with chosen ids: the next row the portal adds gets the next free id."""
    if connection.vendor != "postgresql":
        return  # SQLite's AUTOINCREMENT already continues after the largest id
    with connection.cursor() as cursor:
        for model in models:
            table, pk = model._meta.db_table, model._meta.pk.column
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({pk}), 1), MAX({pk}) IS NOT NULL) "
                f"FROM {table}",
                [table, pk],
            )


@contextlib.contextmanager
def deferred_checks(models: Iterable, say=lambda line: None) -> Iterator[None]:
    """PostgreSQL: load `models` without their foreign keys, unique rules and indexes; restore them after."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        # Keys of rows written so far in this transaction are checked now: a table with
        # pending checks cannot be altered. Keys stay checked at once until it commits.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        # Index builds sort millions of keys: in memory rather than in temporary files.
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        cursor.execute("SET LOCAL work_mem = '128MB'")
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype, conindid "
            "FROM pg_constraint WHERE conrelid = ANY(%s::regclass[]) AND contype IN ('f', 'u') ORDER BY conname",
            [tables],
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT i.indisprimary "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
            [tables],
        )
        indexes = cursor.fetchall()
        for table, name, _definition, _type, _index in constraints:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f"DROP INDEX {name}")
    yield
    with connection.cursor() as cursor:
        say(f"  checking keys and unique rules, building {len(indexes)} indexes ...")
        for _name, definition in indexes:
            cursor.execute(definition)
        for kind in ("u", "f"):  # unique rules first: a foreign key may need one
            for table, name, definition, contype, _index in constraints:
                if contype == kind:
                    cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
