"""Webhook plumbing: where a webhook may point, how a message is signed, and one HTTP attempt.

The signature is ``X-Isocert-Signature: sha256=<hex>``, the HMAC-SHA256 with the verifier's secret of
``<timestamp>.<raw body>``, where ``<timestamp>`` is the ``X-Isocert-Timestamp`` header (Unix
seconds). Signing the timestamp lets a receiver refuse old messages replayed at it
(docs/watchlists.md shows how to check both).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from isocert import __version__
from isocert.core.errors import Refused

TIMEOUT_SECONDS = 5.0
SIGNATURE_HEADER = "X-Isocert-Signature"
TIMESTAMP_HEADER = "X-Isocert-Timestamp"
DELIVERY_HEADER = "X-Isocert-Delivery"

ALLOW_LOCAL_TARGETS = False
"""Let webhooks point at loopback and private addresses; also allowed whenever ``settings.DEBUG`` is
on or ``ISOCERT_SECURE`` is off (plain-HTTP local use and the test suite)."""


def local_targets_allowed() -> bool:
    return ALLOW_LOCAL_TARGETS or settings.DEBUG or not settings.SECURE


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for ``body`` sent at ``timestamp``."""
    message = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _refuse(message: str) -> Refused:
    return Refused(message, details={"field": "webhook_url"})


def url_check(url: str) -> str:
    """The URL stripped, or ``Refused``: only https (http too for local use), a host name, no
    credentials, and in production no loopback, private, link-local or reserved address."""
    url = (url or "").strip()
    parts = urlsplit(url)
    local = local_targets_allowed()
    schemes = ("https", "http") if local else ("https",)
    if parts.scheme not in schemes:
        raise _refuse(
            _("A webhook URL must start with https://.")
            if not local
            else _("A webhook URL must start with https:// or http://.")
        )
    if not parts.hostname:
        raise _refuse(_("The webhook URL names no host."))
    if parts.username or parts.password:
        raise _refuse(_("The webhook URL must not carry a user name or password."))
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise _refuse(_("The webhook URL has an invalid port.")) from None
    if not local:
        _public_host(parts.hostname, port)
    return url


def _public_host(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise _refuse(_("The webhook host %(host)s cannot be found.") % {"host": host}) from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if not address.is_global:
            raise _refuse(
                _("The webhook host %(host)s is a private or local address (%(ip)s).")
                % {"host": host, "ip": str(address)}
            )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a hop: it could lead to an address the URL check refused."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirects)


@dataclass(frozen=True)
class Outcome:
    status_code: int | None
    error: str
    duration_ms: int

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def post(*, url: str, body: bytes, secret: str, delivery_id: int) -> Outcome:
    """POST ``body`` once, signed now; never raises (a failure is an outcome)."""
    started = time.monotonic()

    def took() -> int:
        return int((time.monotonic() - started) * 1000)

    try:
        url_check(url)
    except Refused as exc:
        return Outcome(None, exc.message[:300], took())
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above: http(s) only)
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": f"isocert/{__version__} webhooks",
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: sign(secret, timestamp, body),
            DELIVERY_HEADER: str(delivery_id),
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            response.read(1024)
            return Outcome(response.status, "", took())
    except urllib.error.HTTPError as exc:
        return Outcome(exc.code, str(exc.reason)[:300], took())
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(None, (str(reason) or type(exc).__name__)[:300], took())
