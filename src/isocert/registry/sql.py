"""Plain SQL statements for the registry's read paths, run as cheaply as each engine allows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections

_QMARK = re.compile(r"(?<!%)%s")
_qmarked: dict[str, str] = {}


def _sqlite_sql(sql: str) -> str:
    """``sql`` with SQLite's ``?`` placeholders (as Django's SQLite cursor converts it), remembered."""
    converted = _qmarked.get(sql)
    if converted is None:
        if len(_qmarked) > 2_000:
            _qmarked.clear()
        converted = _qmarked[sql] = _QMARK.sub("?", sql).replace("%%", "%")
    return converted


def sql_rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of a plain SQL statement (``%s`` placeholders, both engines).

    On SQLite, when queries are not being recorded (``DEBUG``, tests capturing queries), the
    statement runs on the DB-API connection with its ``?`` form remembered: the same rows and the
    same errors, without Django's cursor wrapper and placeholder conversion per statement.
    """
    conn = connections[DEFAULT_DB_ALIAS]
    if conn.vendor == "sqlite" and not conn.queries_logged:
        conn.close_if_health_check_failed()
        conn.ensure_connection()
        with conn.wrap_database_errors:
            conn.validate_thread_sharing()
            return conn.connection.execute(_sqlite_sql(sql), params).fetchall()
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
