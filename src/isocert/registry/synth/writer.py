"""Bulk rows into tables, fast on both engines: ``executemany`` on SQLite, ``COPY`` on PostgreSQL.

Rows are tuples of plain values (ints, strings, booleans, ``None``; dates and timestamps as text)
in the order of the columns a ``Table`` names; every other column gets the model field's default,
so a field added later with a default needs no change here (one without a default is refused).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models import JSONField


class MissingColumn(RuntimeError):
    """A column has no value and no default: the bulk writer cannot fill it."""


class Table:
    """A model's table, the columns rows give (by attname), and the defaults of the rest."""

    def __init__(self, model: type[models.Model], columns: Sequence[str]) -> None:
        self.model = model
        self.name = model._meta.db_table
        fields = {f.attname: f for f in model._meta.local_concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise MissingColumn(f"{self.name} has no column(s) {unknown}")
        rest = [f for name, f in fields.items() if name not in columns]
        defaults: list[Any] = []
        for field in rest:
            if field.has_default():
                value = field.get_default()
                if isinstance(field, JSONField):
                    value = json.dumps(value)
                else:
                    value = field.get_db_prep_save(value, connection)
            elif field.null:
                value = None
            elif field.blank and isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                raise MissingColumn(
                    f"{self.name}.{field.column} is required and has no default; "
                    "isocert synth must be taught to fill it"
                )
            defaults.append(value)
        self.columns = [fields[c].column for c in columns] + [f.column for f in rest]
        self.defaults = tuple(defaults)

    def insert(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        full = [row + self.defaults for row in rows] if self.defaults else rows
        raw = connection.connection
        cols = ", ".join(self.columns)
        if connection.vendor == "postgresql":
            sql = f"COPY {self.name} ({cols}) FROM STDIN"
            with raw.cursor() as cursor, cursor.copy(sql) as copy:
                for row in full:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * len(self.columns))
            raw.executemany(f"INSERT INTO {self.name} ({cols}) VALUES ({marks})", full)  # noqa: S608


def next_id(model: type[models.Model]) -> int:
    """The first free primary key of ``model``; call inside the transaction that inserts rows.

    SQLite: the write transaction holds the database lock, so nobody else takes keys meanwhile.
    PostgreSQL: the table is locked against other writers (readers go on) until the commit, and
    ``sequence_catch_up`` moves the table's sequence past the keys used before the commit.
    """
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608
        return int(cursor.fetchone()[0]) + 1


def sequence_catch_up(model: type[models.Model]) -> None:
    """PostgreSQL: set the table's sequence to its largest key (rows were written with keys)."""
    if connection.vendor != "postgresql":
        return
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE(MAX({pk}), 1), MAX({pk}) IS NOT NULL) "  # noqa: S608
            f"FROM {table}",
            [table, pk],
        )


def timestamp_text(moment: Any) -> str:
    """A UTC ``datetime`` as the engine stores it (what Django reads back unchanged)."""
    if connection.vendor == "postgresql":
        return moment.isoformat()
    return str(connection.ops.adapt_datetimefield_value(moment))
