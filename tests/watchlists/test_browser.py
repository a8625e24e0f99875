"""In chromium: sign up, confirm from the mail, sign in, watch a certificate from its registry
page; the body suspends it; the alert shows on the alerts page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail

from tests.registry.conftest import Registry
from tests.watchlists.conftest import run_worker, suspend

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "lantern-orbit-sable-93"


def test_watch_a_certificate_and_see_its_suspension(
    page: Any, registry: Registry, personas: Any
) -> None:
    cert = registry.certify(
        registry.client("Widget Works Ltd"), "ACME-9001-000001", expiry=dt.date(2030, 1, 31)
    )

    page.goto("/registry/watch/signup/")
    page.get_by_label("E-mail address").fill("buyer@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Check your mail").wait_for()

    run_worker()
    [message] = mail.outbox
    link = re.search(r"http://\S+/registry/watch/confirm/\S+/", str(message.body))
    assert link
    page.goto(link.group(0))
    page.get_by_text("Your e-mail address is confirmed").wait_for()
    page.get_by_label("User name").fill("buyer@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").last.click()
    page.get_by_role("heading", name="Watching").wait_for()

    page.goto("/registry/verify/?number=acme-9001-000001")
    page.get_by_role("button", name="Watch this certificate").click()
    page.get_by_text("Now watching ACME-9001-000001").wait_for()
    assert page.get_by_role("cell", name=re.compile("Valid")).count() == 1

    suspend(personas, cert)  # the certification body acts; its commit queues the dispatcher
    run_worker()

    page.goto("/registry/watch/alerts/")
    row = page.get_by_role("row", name=re.compile("ACME-9001-000001"))
    assert "Suspended" in row.inner_text()
    assert "active → suspended" in row.inner_text()
