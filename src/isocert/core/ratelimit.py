"""Per-client rate limits on the public face: the registry pages, the PDF check, QR links and the API.

A fixed-window counter per client address, shared by every server process: in a memory-mapped
counter file in the data directory on one machine (a few microseconds a request), in Redis when
``ISOCERT_CACHE_URL`` points the cache there (several machines; one round trip a request). Past the limit the answer is 429 with
``Retry-After`` (seconds to the end of the window) and ``Cache-Control: no-store``: the one JSON
error shape under ``/api/``, a small page elsewhere.

django-ratelimit was considered: it is built around view decorators, and its per-key window offset is
not exposed, so it cannot say ``Retry-After``; and its ``incr`` + ``add`` on a Django cache cost
two or three round trips a request (on one machine, a shared SQLite cache file measured 0.1 ms a
request with 0.5 to 10 ms waits for its write lock under load; the counter file costs microseconds).

The client is the connecting address, unless ``ISOCERT_TRUSTED_PROXIES`` says how many reverse
proxies in front of the service append to ``X-Forwarded-For``: then the address that many hops from
the right end of that header (what the nearest untrusted hop connected from).
"""

from __future__ import annotations

import fcntl
import hashlib
import math
import mmap
import os
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from isocert.core.errors import error_body

LIMITED_PREFIXES = ("/registry/", "/check/", "/v/", "/api/v1/")
"""The public face: what anyone can ask without signing in. ``/health`` (for monitors) is outside;
``/api/v1/health`` is an API call like any other."""
BACK_OFFICE_PREFIXES = ("/api/v1/office/",)
"""Back-office API paths, exempt for a signed-in user (limits are for the public face)."""
BULK_PREFIXES = ("/registry/bulk/", "/api/v1/bulk-verify")
"""Uploads here check up to 10,000 rows each: a POST also counts against ``ISOCERT_BULK_RATE_LIMIT``."""


@dataclass(frozen=True)
class Rate:
    requests: int
    seconds: int


def parse_rate(text: str) -> Rate | None:
    """``"300/60"`` → 300 requests per 60 seconds; ``"off"`` (or empty) → no limit."""
    text = text.strip().lower()
    if text in ("", "off", "0", "none"):
        return None
    requests, _sep, seconds = text.partition("/")
    rate = Rate(int(requests), int(seconds or "60"))
    if rate.requests < 1 or rate.seconds < 1:
        raise ValueError(f"rate must be <requests>/<seconds> with both at least 1, not {text!r}")
    return rate


def client_address(request: HttpRequest, trusted_proxies: int) -> str:
    """The client's address: the connecting peer, or with ``trusted_proxies`` reverse proxies in
    front, the address the outermost of them saw (earlier entries can be forged by the client)."""
    if trusted_proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if hops:
            return hops[-min(trusted_proxies, len(hops))]
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def is_limited_path(request: HttpRequest) -> bool:
    path = request.path
    if not path.startswith(LIMITED_PREFIXES):
        return False
    if path.startswith(BACK_OFFICE_PREFIXES):  # the session is read only here
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)
    return True


class SharedCounters:
    """Fixed-window counters in a memory-mapped file, shared by the server processes of one machine.

    A table of ``SLOTS`` slots (key hash, window, count; 1.5 MB) with a few probes per key; a lock
    on the file (and one per process for its threads) guards the read-add-write, a few microseconds.
    When every probed slot is taken by other clients in the same window, the oldest claim is
    overwritten: that client's count restarts (only under tens of thousands of clients a window).
    """

    SLOTS = 1 << 16
    PROBES = 8
    SLOT = struct.Struct("<QQQ")

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pid = 0
        self._thread_lock = threading.Lock()
        self._fd = -1
        self._map: mmap.mmap | None = None
        self.data_dir: Any = None

    def _mapped(self) -> mmap.mmap:
        if self._map is None or self._pid != os.getpid():  # opened anew in each server process
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            size = self.SLOTS * self.SLOT.size
            if os.fstat(fd).st_size < size:
                os.ftruncate(fd, size)
            self._fd, self._map, self._pid = fd, mmap.mmap(fd, size), os.getpid()
        return self._map

    def count(self, key: str, window: int) -> int:
        """Add one to ``key``'s counter in ``window`` (a number > 0) and return it."""
        digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")
        digest = digest or 1
        with self._thread_lock:
            table = self._mapped()
            fcntl.lockf(self._fd, fcntl.LOCK_EX)
            try:
                free = None
                for probe in range(self.PROBES):
                    offset = ((digest + probe) % self.SLOTS) * self.SLOT.size
                    slot_key, slot_window, n = self.SLOT.unpack_from(table, offset)
                    if slot_key == digest and slot_window == window:
                        self.SLOT.pack_into(table, offset, digest, window, n + 1)
                        return int(n + 1)
                    if free is None and slot_window != window:
                        free = offset
                if free is None:
                    free = (digest % self.SLOTS) * self.SLOT.size
                self.SLOT.pack_into(table, free, digest, window, 1)
                return 1
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN)

    def reset(self) -> None:
        with self._thread_lock:
            table = self._mapped()
            fcntl.lockf(self._fd, fcntl.LOCK_EX)
            try:
                table[:] = bytes(len(table))
            finally:
                fcntl.lockf(self._fd, fcntl.LOCK_UN)


_counters: SharedCounters | None = None


def shared_counters() -> SharedCounters:
    """This machine's counter file, ``$ISOCERT_DATA_DIR/ratelimit.counters``."""
    global _counters
    if _counters is None or _counters.data_dir is not settings.DATA_DIR:
        _counters = SharedCounters(Path(settings.DATA_DIR) / "ratelimit.counters")
        _counters.data_dir = settings.DATA_DIR
    return _counters


def _redis_client(backend: RedisCache) -> Any:
    """The backend's redis-py client, kept: Django builds a new one on every call, which costs more
    than the round trip."""
    client = getattr(backend, "_isocert_client", None)
    if client is None:
        client = backend._cache.get_client(write=True)  # type: ignore[attr-defined]
        backend._isocert_client = client  # type: ignore[attr-defined]
    return client


def count(key: str, window: int, seconds: int) -> int:
    """Count one request of ``key`` in ``window``: in Redis when the cache is Redis (several
    machines), else in the shared counter file of this machine."""
    if settings.CACHES["default"]["BACKEND"].endswith(".RedisCache"):
        backend = caches["default"]
        assert isinstance(backend, RedisCache)
        cache_key = backend.make_and_validate_key(f"rl:{seconds}:{window}:{key}")
        pipe = _redis_client(backend).pipeline(transaction=False)
        pipe.set(cache_key, 0, ex=seconds + 1, nx=True)
        pipe.incr(cache_key)
        return int(pipe.execute()[1])
    return shared_counters().count(f"{seconds}:{key}", window)


def hit(key: str, rate: Rate, now: float | None = None) -> tuple[int, int]:
    """Count one request of ``key``: the number so far in this window and the seconds left in it."""
    now = time.time() if now is None else now
    window = int(now // rate.seconds)
    n = count(key, window, rate.seconds)
    retry_after = max(1, math.ceil((window + 1) * rate.seconds - now))
    return n, retry_after


def too_many(request: HttpRequest, retry_after: int) -> HttpResponse:
    message = _("Too many requests from your address. Try again in %(n)d seconds.") % {
        "n": retry_after
    }
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            error_body("rate_limited", message, {"retry_after": retry_after}), status=429
        )
    else:
        response = HttpResponse(
            render_to_string(
                "core/429.html", {"message": message, "retry_after": retry_after}, request
            ),
            status=429,
        )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware:
    """Counts public requests per client and answers 429 past ``ISOCERT_RATE_LIMIT``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rate: Rate | None = settings.ISOCERT_RATE_LIMIT
        if rate is not None and is_limited_path(request):
            address = client_address(request, settings.ISOCERT_TRUSTED_PROXIES)
            count, retry_after = hit(address, rate)
            if count > rate.requests:
                return too_many(request, retry_after)
            bulk: Rate | None = settings.ISOCERT_BULK_RATE_LIMIT
            if (
                bulk is not None
                and request.method == "POST"
                and request.path.startswith(BULK_PREFIXES)
            ):
                count, retry_after = hit(f"bulk:{address}", bulk)
                if count > bulk.requests:
                    return too_many(request, retry_after)
        return self.get_response(request)
