"""A Django cache in a small SQLite file, shared by every server process on one machine.

Django's local-memory cache is per process, so ``isocert serve`` (several gunicorn workers) would count
each client's requests once per worker. This backend keeps entries in one SQLite file (WAL, no fsync:
it is a cache) so that all processes see the same counters, at a few tens of microseconds a call and
with nothing to install. ``incr`` is one atomic UPDATE, so counters are exact across processes.
Set ``ISOCERT_CACHE_URL=redis://…`` to use Redis instead (several machines).
"""

from __future__ import annotations

import pickle
import random
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

SCHEMA = (
    "CREATE TABLE IF NOT EXISTS cache ("
    " key TEXT PRIMARY KEY, value BLOB, expires REAL NOT NULL) WITHOUT ROWID"
)
NEVER = 1e18
LOCK_WAIT_SECONDS = 10.0
CULL_EVERY = 1000
"""About one write in this many also deletes the expired entries."""


class SQLiteCache(BaseCache):
    """``LOCATION`` is the path of the SQLite file; integers are stored as integers so that
    ``incr`` is done by SQLite, anything else is pickled."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()

    # --- connection ------------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=LOCK_WAIT_SECONDS, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=OFF")
            db.execute(SCHEMA)
            # from now on _run waits for the write lock in short naps: SQLite's own busy handler
            # sleeps 1, 2, 5, 10 … ms, far longer than a write here holds the lock (~20 µs)
            db.execute("PRAGMA busy_timeout=0")
            self._local.db = db
        return db

    def _run(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        """Execute one statement, retrying while another process holds the write lock."""
        db = self._db()
        deadline = 0.0
        while True:
            try:
                return db.execute(sql, params)
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                now = time.monotonic()
                if not deadline:
                    deadline = now + LOCK_WAIT_SECONDS
                elif now > deadline:
                    raise
                time.sleep(random.uniform(0.00002, 0.0002))

    def _expiry(self, timeout: Any) -> float:
        timeout = self.get_backend_timeout(timeout)
        return NEVER if timeout is None else float(timeout)

    @staticmethod
    def _dump(value: Any) -> Any:
        if type(value) is int and -(2**63) <= value < 2**63:
            return value
        return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def _load(stored: Any) -> Any:
        return pickle.loads(stored) if isinstance(stored, bytes) else stored  # noqa: S301 (our own file)

    def _maybe_cull(self) -> None:
        if random.randrange(CULL_EVERY) == 0:
            self._run("DELETE FROM cache WHERE expires <= ?", (time.time(),))

    # --- the cache API -----------------------------------------------------------------------------
    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> bool:
        key = self.make_and_validate_key(key, version=version)
        self._maybe_cull()
        row = self._run(
            "INSERT INTO cache (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE cache.expires <= ? RETURNING 1",
            (key, self._dump(value), self._expiry(timeout), time.time()),
        ).fetchone()
        return row is not None

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        row = self._run(
            "SELECT value FROM cache WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return default if row is None else self._load(row[0])

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._maybe_cull()
        self._run(
            "INSERT OR REPLACE INTO cache (key, value, expires) VALUES (?, ?, ?)",
            (key, self._dump(value), self._expiry(timeout)),
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cur = self._run(
            "UPDATE cache SET expires = ? WHERE key = ? AND expires > ?",
            (self._expiry(timeout), key, time.time()),
        )
        return cur.rowcount > 0

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        row = self._run(
            "UPDATE cache SET value = value + ? WHERE key = ? AND expires > ? "
            "AND typeof(value) = 'integer' RETURNING value",
            (delta, key, time.time()),
        ).fetchone()
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return int(row[0])

    def count(self, key: Any, timeout: float, version: int | None = None) -> int:
        """Add one to the counter at ``key`` and return it; a missing or expired counter starts at
        one and lives ``timeout`` seconds. One atomic statement (the rate limiter's hot path)."""
        key = self.make_and_validate_key(key, version=version)
        now = time.time()
        row = self._run(
            "INSERT INTO cache (key, value, expires) VALUES (?, 1, ?) "
            "ON CONFLICT (key) DO UPDATE SET "
            " value = CASE WHEN cache.expires > ? THEN cache.value + 1 ELSE 1 END,"
            " expires = CASE WHEN cache.expires > ? THEN cache.expires ELSE excluded.expires END "
            "RETURNING value",
            (key, now + timeout, now, now),
        ).fetchone()
        return int(row[0])

    def delete(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._run("DELETE FROM cache WHERE key = ?", (key,)).rowcount > 0

    def has_key(self, key: Any, version: int | None = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        row = self._run(
            "SELECT 1 FROM cache WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return row is not None

    def clear(self) -> None:
        self._run("DELETE FROM cache")

    def close(self, **kwargs: Any) -> None:
        """Connections stay open for the life of the thread (Django calls this after each request)."""
