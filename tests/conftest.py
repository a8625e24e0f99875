"""Fixtures shared by the whole suite: a real browser (Debian chromium through Playwright)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def _collected_static_files() -> None:
    """Pages render with the production static storage (hashed names), so collect once per run."""
    from django.conf import settings

    if not settings.configured:  # the rules tests may run without Django at all
        return
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture
def personas(db: None) -> Any:
    """Two certification bodies and one person per role (see tests/personas.py)."""
    from tests.personas import build_personas

    return build_personas()


@pytest.fixture(scope="session")
def live_server() -> Iterator[Any]:
    """pytest-django's live server, but static files come from whitenoise as in production.

    The stock fixture wraps the app in Django's development static handler, which does not know the
    hashed names of the production storage, so pages would render without their stylesheet.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda app: app  # whitenoise middleware serves /static/
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(
                "CI=true but /usr/bin/chromium is missing: the browser tests must run in CI"
            )
        pytest.skip("Debian chromium is not installed; `make browser` (as root) installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser tab whose relative URLs go to the live test server."""
    context = browser.new_context(base_url=live_server.url, locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()
