"""Builders for watchlist tests: confirmed verifiers, certificates from the registry helper, the
real task worker and a real local HTTP receiver for webhooks."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from isocert.certification.models import Certificate
from isocert.certification.services import certificate_suspend
from isocert.core.permissions import actor_for
from isocert.registry.verification import coverage_forget
from isocert.watchlists.models import Verifier
from tests.personas import make_user
from tests.registry.conftest import Registry

NOW = dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_now(request: pytest.FixtureRequest) -> Iterator[None]:
    """Time stands at NOW, except in the browser, whose cookies must not look years old."""
    coverage_forget()
    if request.node.get_closest_marker("browser"):
        yield
        return
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def registry(personas: Any) -> Registry:
    return Registry(personas)


def make_verifier(name: str, **extra: Any) -> Verifier:
    user = make_user(name)
    return Verifier.objects.create(
        user=user, confirmed_at=timezone.now(), site_url="http://testserver", **extra
    )


@pytest.fixture
def verifier(db: None) -> Verifier:
    return make_verifier("vera")


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def suspend(personas: Any, cert: Certificate, reason: str = "Surveillance refused") -> Certificate:
    return certificate_suspend(
        actor=actor_for(personas.decider),
        certificate=cert,
        reason=reason,
        deadline=timezone.localdate() + dt.timedelta(days=60),
    )


@dataclass
class Receiver:
    """A real HTTP server on localhost that records what it is sent and answers ``status``."""

    url: str
    status: int = 200
    received: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    box = Receiver(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            box.received.append({"headers": dict(self.headers), "body": body})
            self.send_response(box.status)
            self.end_headers()
            self.wfile.write(json.dumps({"ok": box.status < 300}).encode())

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    box.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield box
    server.shutdown()
    server.server_close()
