"""Bulk-load helpers shared by ``isocert synth`` and the search-index bulk mode (both engines)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection


def secondary_indexes(tables: Sequence[str]) -> list[tuple[str, str]]:
    """``(name, CREATE statement)`` of the indexes of ``tables`` that can be dropped and built again
    (not primary keys, unique or other constraints)."""
    if not tables:
        return []
    marks = ", ".join(["%s"] * len(tables))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                f"AND tbl_name IN ({marks}) ORDER BY name",
                list(tables),
            )
        else:
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "  # noqa: S608
                f"AND tablename IN ({marks}) "
                "AND indexname NOT IN (SELECT conname FROM pg_constraint) ORDER BY indexname",
                list(tables),
            )
        return [(name, sql) for name, sql in cursor.fetchall()]


def drop_indexes(indexes: Sequence[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')


def create_indexes(indexes: Sequence[tuple[str, str]]) -> None:
    with connection.cursor() as cursor:
        if indexes and connection.vendor == "postgresql":
            # PostgreSQL builds no index on a table with deferred foreign-key checks pending in
            # this transaction: run them now (they pass: the rows were written consistent).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for _name, sql in indexes:
            cursor.execute(sql)


def sqlite_cache(kib: int) -> int:
    """Set SQLite's page cache of this connection to ``kib`` KiB; returns the previous setting."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size={-abs(int(kib))}")
    return previous
