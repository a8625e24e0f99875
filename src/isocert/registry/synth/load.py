"""The database side of a bulk load: settings and indexes around it, statistics after it."""

from __future__ import annotations

from django.db import connection, transaction

from isocert.registry.bulk import create_indexes, drop_indexes, secondary_indexes, sqlite_cache


class bulk_load:
    """Settings for a bulk load. Both engines: the secondary indexes of the loaded tables are
    dropped during the load and built again afterwards (one sorted build is much faster than
    millions of scattered inserts). SQLite also: foreign keys hold by construction (not checked),
    no syncs, the rollback journal in memory instead of the WAL, a 1 GB page cache.

    Everything comes back even when the load fails; a killed process can leave a damaged SQLite
    file or missing indexes: synthetic data belongs in a throw-away database."""

    def __init__(self, tables: list[str]) -> None:
        self.tables = tables
        self.indexes: list[tuple[str, str]] = []
        self.pragmas = False

    def __enter__(self) -> bulk_load:
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                if not connection.in_atomic_block:  # (these cannot change inside a transaction)
                    self.pragmas = True
                    for pragma in (
                        "PRAGMA foreign_keys=OFF",
                        "PRAGMA synchronous=OFF",
                        "PRAGMA temp_store=MEMORY",
                        "PRAGMA journal_mode=MEMORY",
                    ):
                        cursor.execute(pragma)
            sqlite_cache(1_000_000)
        self.indexes = secondary_indexes(self.tables)
        drop_indexes(self.indexes)
        return self

    def __exit__(self, *exc: object) -> None:
        if connection.vendor == "postgresql" and connection.in_atomic_block:
            # deferred foreign-key checks still pending in this transaction block CREATE INDEX
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        with transaction.atomic():
            create_indexes(self.indexes)
        if self.pragmas:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA journal_mode=WAL")
                cursor.execute("PRAGMA synchronous=NORMAL")
                cursor.execute("PRAGMA foreign_keys=ON")


def analyze() -> None:
    """Fresh planner statistics after a bulk load (sampled on SQLite, so it is quick)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=2000")
            cursor.execute("ANALYZE")
            cursor.execute(
                "INSERT INTO registry_searchname_fts(registry_searchname_fts) VALUES ('optimize')"
            )
        else:
            cursor.execute("ANALYZE")
