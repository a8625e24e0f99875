"""The SQLite cache file: Django's cache API, shared by every handle (process) on the same file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import time_machine

from isocert.core.cache import SQLiteCache


def handle(path: Path) -> SQLiteCache:
    return SQLiteCache(str(path), {"TIMEOUT": 300})


def test_the_cache_api(tmp_path: Path) -> None:
    cache = handle(tmp_path / "cache.sqlite3")
    assert cache.get("missing", "default") == "default"
    cache.set("stats", {"groups": [(1, "GB", False, "valid", 3)]}, 60)
    assert cache.get("stats") == {"groups": [(1, "GB", False, "valid", 3)]}
    assert cache.add("stats", "other") is False
    assert cache.add("n", 1) is True
    assert cache.incr("n") == 2 and cache.incr("n", 5) == 7
    with pytest.raises(ValueError):
        cache.incr("missing")
    assert cache.has_key("n") and cache.delete("n") and not cache.has_key("n")
    cache.clear()
    assert cache.get("stats") is None


def test_entries_expire(tmp_path: Path) -> None:
    cache = handle(tmp_path / "cache.sqlite3")
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=dt.UTC), tick=False) as clock:
        cache.set("a", "x", 10)
        cache.add("n", 1, 10)
        clock.shift(9)
        assert cache.get("a") == "x" and cache.touch("a", 10)
        clock.shift(2)
        assert cache.get("a") == "x"  # touched
        with pytest.raises(ValueError):
            cache.incr("n")  # expired
        assert cache.add("n", 1, 10) is True  # an expired entry can be added again
        assert cache.count("c", 10) == 1 and cache.count("c", 10) == 2
        clock.shift(11)
        assert cache.count("c", 10) == 1


def test_two_handles_share_one_file(tmp_path: Path) -> None:
    first, second = handle(tmp_path / "c.sqlite3"), handle(tmp_path / "c.sqlite3")
    first.set("k", [1, 2])
    assert second.get("k") == [1, 2]
    first.add("n", 1)
    assert second.incr("n") == 2 and first.incr("n") == 3
