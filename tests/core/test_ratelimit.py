"""Rate limits on the public face: 429 with Retry-After past the limit, per client, in fixed windows,
shared by every server process through the cache (the SQLite file by default, Redis when set)."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings

from isocert.core.ratelimit import (
    Rate,
    SharedCounters,
    client_address,
    parse_rate,
    shared_counters,
)
from isocert.env import ConfigError
from tests.core.test_serve import free_port, get

START = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.UTC)  # a window boundary for any window <= 60 s


@pytest.fixture(autouse=True)
def _no_counts() -> Iterator[None]:
    cache.clear()
    shared_counters().reset()
    yield
    shared_counters().reset()


def limited(requests: int, seconds: int = 60, proxies: int = 0) -> override_settings:
    return override_settings(
        ISOCERT_RATE_LIMIT=Rate(requests, seconds), ISOCERT_TRUSTED_PROXIES=proxies
    )


def test_the_rate_reads_requests_per_seconds() -> None:
    assert parse_rate("300/60") == Rate(300, 60)
    assert parse_rate(" 5/1 ") == Rate(5, 1)
    assert parse_rate("off") is None
    with pytest.raises(ValueError):
        parse_rate("0/60")
    with pytest.raises(ValueError):
        parse_rate("many")


def test_a_bad_rate_stops_the_service_naming_the_variable(tmp_path: Path) -> None:
    env = {**os.environ, "ISOCERT_DATA_DIR": str(tmp_path), "ISOCERT_RATE_LIMIT": "lots"}
    proc = subprocess.run(
        [sys.executable, "-m", "isocert", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode != 0
    assert "ISOCERT_RATE_LIMIT" in proc.stderr
    assert ConfigError.__name__ in proc.stderr


def test_pages_past_the_limit_get_429_with_retry_after(client, db) -> None:
    with time_machine.travel(START + dt.timedelta(seconds=15), tick=False), limited(3):
        for _ in range(3):
            assert client.get("/registry/").status_code == 200
        response = client.get("/registry/search/")
    assert response.status_code == 429
    assert response["Retry-After"] == "45"  # seconds to the end of the minute
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert "<h1>Too many requests</h1>" in body and "45 seconds" in body


def test_the_api_answers_429_in_the_one_error_shape(client, db) -> None:
    with time_machine.travel(START, tick=False), limited(2):
        assert client.get("/api/v1/verdicts").status_code == 200
        assert client.get("/api/v1/certificates/X-1").status_code == 200
        response = client.get("/api/v1/verdicts")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "60"
    assert response["Cache-Control"] == "no-store"
    assert response.json() == {
        "error": "rate_limited",
        "message": "Too many requests from your address. Try again in 60 seconds.",
        "details": {"retry_after": 60},
    }


def test_supplier_file_uploads_have_their_own_stricter_limit(client, db) -> None:
    """Each upload may hold 10,000 rows: past ``ISOCERT_BULK_RATE_LIMIT`` the next is refused
    before the file is read, while ordinary lookups go on."""
    with (
        time_machine.travel(START, tick=False),
        override_settings(ISOCERT_BULK_RATE_LIMIT=Rate(2, 3600)),
    ):
        for _ in range(2):
            assert client.post("/api/v1/bulk-verify").status_code == 422  # counted: no file
        refused = client.post("/api/v1/bulk-verify")
        page = client.post("/registry/bulk/")
        lookup = client.get("/api/v1/verdicts")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    assert refused.json()["error"] == "rate_limited"
    assert page.status_code == 429
    assert lookup.status_code == 200


def test_the_window_resets(client, db) -> None:
    with limited(2, seconds=10), time_machine.travel(START, tick=False) as clock:
        assert [client.get("/api/v1/verdicts").status_code for _ in range(3)] == [200, 200, 429]
        clock.shift(9)
        response = client.get("/api/v1/verdicts")
        assert response.status_code == 429 and response["Retry-After"] == "1"
        clock.shift(1)
        assert [client.get("/api/v1/verdicts").status_code for _ in range(3)] == [200, 200, 429]


def test_the_limit_is_per_client_address(client, db) -> None:
    with time_machine.travel(START, tick=False), limited(1):
        assert client.get("/api/v1/verdicts", REMOTE_ADDR="192.0.2.1").status_code == 200
        assert client.get("/api/v1/verdicts", REMOTE_ADDR="192.0.2.1").status_code == 429
        assert client.get("/api/v1/verdicts", REMOTE_ADDR="192.0.2.2").status_code == 200


def test_forwarded_for_is_ignored_without_trusted_proxies(client, db) -> None:
    with time_machine.travel(START, tick=False), limited(1):
        assert (
            client.get("/api/v1/verdicts", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
        )
        # a client cannot escape its limit by making up the header
        assert (
            client.get("/api/v1/verdicts", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 429
        )


def test_forwarded_for_names_the_client_behind_trusted_proxies(client, db) -> None:
    with time_machine.travel(START, tick=False), limited(1, proxies=1):
        assert (
            client.get("/api/v1/verdicts", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 200
        )
        assert (
            client.get("/api/v1/verdicts", HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429
        )
        assert (
            client.get("/api/v1/verdicts", HTTP_X_FORWARDED_FOR="198.51.100.2").status_code == 200
        )
        # what the client wrote before our proxy's entry does not count
        forged = "203.0.113.9, 198.51.100.2"
        assert client.get("/api/v1/verdicts", HTTP_X_FORWARDED_FOR=forged).status_code == 429


def test_the_client_address_counts_hops_from_the_right(rf) -> None:
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 2.2.2.2, 10.0.0.1")
    assert client_address(request, 0) == "10.0.0.2"
    assert client_address(request, 1) == "10.0.0.1"
    assert client_address(request, 2) == "2.2.2.2"
    assert client_address(request, 5) == "1.1.1.1"  # fewer hops than proxies: the leftmost
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.2"), 2) == "10.0.0.2"


def test_health_static_and_the_site_outside_the_registry_are_not_limited(client, db) -> None:
    with time_machine.travel(START, tick=False), limited(1):
        for _ in range(3):
            assert client.get("/health").status_code == 200
            assert client.get("/calculators/cycle/").status_code == 200


def test_signed_in_staff_are_not_limited_on_the_back_office_api(client, personas) -> None:
    client.force_login(personas.lead)
    with time_machine.travel(START, tick=False), limited(1):
        codes = [client.get("/api/v1/office/clients/").status_code for _ in range(3)]
        assert 429 not in codes
        assert client.get("/api/v1/verdicts").status_code == 200
        assert client.get("/api/v1/verdicts").status_code == 429  # the public API is limited


# --- several server processes share one counter ---------------------------------------------------

LIMIT = 20
WINDOW = 3600


def _status(url: str) -> int:
    try:
        return get(url)[0]
    except urllib.error.HTTPError as exc:
        return exc.code


def _hammer_two_workers(tmp_path: Path, extra_env: dict[str, str]) -> list[int]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "ISOCERT_CACHE_URL"}
    env.update(
        {
            "ISOCERT_DATA_DIR": str(tmp_path),
            "ISOCERT_SECURE": "0",
            "ISOCERT_RATE_LIMIT": f"{LIMIT}/{WINDOW}",
            **extra_env,
        }
    )
    proc = subprocess.Popen(
        [
            *(sys.executable, "-m", "isocert", "serve", "--port", str(port), "--workers", "2"),
            *("--no-worker", "--no-collectstatic"),
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while _status_or_none(f"{base}/health") != 200:  # not counted
            if time.monotonic() > deadline or proc.poll() is not None:
                out = proc.stdout.read().decode() if proc.stdout else ""
                pytest.fail(f"server did not start:\n{out}")
            time.sleep(0.2)
        with concurrent.futures.ThreadPoolExecutor(16) as pool:
            return list(pool.map(_status, [f"{base}/api/v1/verdicts"] * (LIMIT * 4)))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
        if proc.stdout:
            proc.stdout.close()


def _status_or_none(url: str) -> int | None:
    try:
        return _status(url)
    except OSError:
        return None


def _allowed(tmp_path: Path, extra_env: dict[str, str]) -> list[int]:
    for _attempt in range(2):  # a run that straddles two windows is repeated
        window = int(time.time() // WINDOW)
        codes = _hammer_two_workers(tmp_path, extra_env)
        if int(time.time() // WINDOW) == window:
            return codes
    return codes


def test_two_server_processes_share_the_counter_in_the_default_cache(tmp_path: Path) -> None:
    codes = _allowed(tmp_path, {})
    assert codes.count(200) == LIMIT
    assert codes.count(429) == LIMIT * 3


def test_two_server_processes_share_the_counter_in_redis(tmp_path: Path) -> None:
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url).flushdb()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379 (CI starts it)")
    codes = _allowed(tmp_path / "data", {"ISOCERT_CACHE_URL": url})
    assert codes.count(200) == LIMIT
    assert codes.count(429) == LIMIT * 3
    redis.Redis.from_url(url).flushdb()


def test_shared_counters_count_exactly_across_threads(tmp_path: Path) -> None:
    counters = SharedCounters(tmp_path / "counters")
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _i: counters.count("192.0.2.1", 7), range(400)))
    assert sorted(results) == list(range(1, 401))
    assert counters.count("192.0.2.1", 8) == 1  # a new window starts again
    assert counters.count("192.0.2.2", 8) == 1
    # another handle on the same file (another process) sees the same counts
    assert SharedCounters(tmp_path / "counters").count("192.0.2.2", 8) == 2
