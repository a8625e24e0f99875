"""The main path of the back office in a real browser: from a client's application to a valid
certificate, each step by the person whose job it is (planner, lead auditor, client, technical
reviewer, decision maker), through the pages only."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from isocert.audits.models import Finding
from tests.personas import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("test-results")


def day(offset: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def tab_as(browser: Any, live_server: Any) -> Iterator[Callable[[Any], Any]]:
    """Open a separate browser whose session is a user's (signed in by the test client); every
    one is closed after the test, so no request of it outlives the live server."""
    contexts: list[Any] = []

    def open_tab(user: Any) -> Any:
        client = Client()
        client.force_login(user)
        context = browser.new_context(base_url=live_server.url, locale="en-GB")
        contexts.append(context)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        tab = context.new_page()
        tab.set_default_timeout(10_000)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def sign_in(page: Any, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/office/$"))


def saved(page: Any, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def plan_and_staff(page: Any, start: str, end: str) -> None:
    """On an audit page, as the planner: dates, the lead auditor, start."""
    page.get_by_label("First day").fill(start)
    page.get_by_label("Last day").fill(end)
    page.get_by_role("button", name="Save the plan").click()
    saved(page, "Audit dates and days saved.")
    page.get_by_label("Person").select_option(label="lead")
    page.get_by_label("Role on the team").select_option(label="Lead auditor")
    page.get_by_role("button", name="Assign").click()
    saved(page, "Team member assigned.")
    page.get_by_role("button", name="Start the audit").click()
    saved(page, "Audit started.")


def submit_report(page: Any, text: str, recommendation: str) -> None:
    page.get_by_role("textbox", name="Audit report").fill(text)
    page.get_by_label("Recommendation").select_option(label=recommendation)
    page.get_by_role("button", name="Submit the report").click()
    saved(page, "Audit report submitted.")


def test_application_to_valid_certificate(
    page: Any, tab_as: Callable[[Any], Any], personas: Any
) -> None:
    p = personas
    SHOTS.mkdir(exist_ok=True)

    # The planner signs in through the form and records the application of Widget Works.
    sign_in(page, "planner")
    page.get_by_role("link", name="Applications", exact=True).click()
    page.get_by_role("link", name="New application").click()
    page.get_by_label("Client").select_option(label="Widget Works Ltd")
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Standard 1", exact=True).select_option("ISO 9001:2015")
    page.get_by_label("Scope of certification requested").fill(
        "Design and manufacture of steel widgets"
    )
    page.get_by_label("IAF codes").fill("17")
    page.get_by_label("Full-time personnel").fill("60")
    page.get_by_role("button", name="Record the application").click()
    saved(page, "Application recorded")
    expect(page.get_by_role("heading", level=1)).to_have_text("Application — Widget Works Ltd")
    # IAF MD 5 table QMS: 46-65 persons = 5 days, stage 2 = 70 % of them (rounded to half days)
    expect(page.locator('[data-key="initial_days"]')).to_have_text("5.0")
    expect(page.locator('[data-key="stage2_days"]')).to_have_text("3.5")
    page.screenshot(path=str(SHOTS / "main-path-application.png"), full_page=True)

    # Contract review: accept, which opens the audit programme with stage 1 and stage 2.
    page.get_by_label("Accept: open the audit programme").check()
    page.get_by_role("button", name="Record the review").click()
    saved(page, "Contract review recorded.")
    page.get_by_role("link", name="Audit programme, cycle 1").click()
    programme_url = page.url

    # Stage 1: planned, staffed with the lead auditor, started; the lead submits the report.
    page.get_by_role("link", name="Stage 1", exact=True).click()
    stage1_url = page.url
    plan_and_staff(page, day(-30), day(-29))
    lead = tab_as(p.lead)
    lead.goto(stage1_url)
    submit_report(
        lead,
        "Documentation reviewed; ready for stage 2.",
        "Recommend certification (or its continuation)",
    )
    expect(lead.get_by_text("Report submitted").first).to_be_visible()

    # Stage 2: planned and started by the planner.
    page.goto(programme_url)
    page.get_by_role("link", name="Stage 2", exact=True).click()
    stage2_url = page.url
    plan_and_staff(page, day(-10), day(-8))

    # The lead auditor raises a minor nonconformity.
    lead.goto(stage2_url)
    lead.get_by_label("Kind").select_option(label="Minor nonconformity")
    lead.get_by_label("Clause of the standard").fill("7.5.3")
    lead.get_by_label("Statement").fill("Drawings of external origin are not controlled.")
    lead.get_by_label("Objective evidence").fill("Drawing DR-114 rev B in use; rev C issued.")
    lead.get_by_role("button", name="Record the finding").click()
    saved(lead, "Finding recorded.")
    finding = Finding.objects.get(audit__programme__client=p.client)
    expect(lead.get_by_role("link", name=str(finding.pk), exact=True)).to_be_visible()

    # The client answers with correction, root cause and corrective action.
    auditee = tab_as(p.client_user)
    auditee.goto(f"/office/findings/{finding.pk}/")
    auditee.get_by_label("Correction (what was done at once)").fill("Rev B withdrawn from cell 3.")
    auditee.get_by_label("Root cause").fill("Nobody owned the issue of customer drawings.")
    auditee.get_by_label("Corrective action (so that it does not happen again)").fill(
        "Document controller issues every customer drawing; weekly check."
    )
    auditee.get_by_label("Done by").fill(day(30))
    auditee.get_by_role("button", name="Send the response").click()
    saved(auditee, "Response recorded.")

    # The lead accepts the plan and submits the stage 2 report.
    lead.get_by_role("link", name=str(finding.pk), exact=True).click()
    lead.get_by_role("button", name="Accept", exact=True).click()
    saved(lead, "Action plan accepted.")
    lead.goto(stage2_url)
    submit_report(
        lead,
        "All clauses sampled; one minor nonconformity with an accepted plan.",
        "Recommend once the corrective actions are accepted or verified",
    )
    expect(lead.get_by_text("Action plan accepted").first).to_be_visible()
    lead.screenshot(path=str(SHOTS / "main-path-audit.png"), full_page=True)

    # The planner signs out; the technical reviewer signs in through the form and recommends.
    page.get_by_role("button", name="Sign out planner").click()
    sign_in(page, "reviewer")
    page.goto("/office/decisions/queue/")
    row = page.locator("tr", has_text="Stage 2")
    row.get_by_role("link", name="Review").click()
    page.get_by_label("Recommend certification").check()
    page.get_by_role("button", name="Record the review").click()
    saved(page, "Technical review recorded.")

    # The decision maker grants certification; the certificate is issued and valid.
    decider = tab_as(p.decider)
    decider.goto("/office/decisions/queue/")
    expect(decider.locator("tr", has_text="Stage 2").get_by_text("ready")).to_be_visible()
    decider.locator("tr", has_text="Stage 2").get_by_role("link", name="Decide").click()
    decider.get_by_label("Decision").select_option(label="Grant initial certification")
    decider.screenshot(path=str(SHOTS / "main-path-decision-form.png"), full_page=True)
    decider.get_by_role("radio", name="Granted").check()
    decider.get_by_role("button", name="Record the decision").click()
    saved(decider, "Decision recorded.")
    decider.get_by_role("link", name=re.compile(r"^ACME-9001-\d{6}$")).click()
    heading = decider.get_by_role("heading", level=1)
    expect(heading).to_contain_text(re.compile(r"Certificate ACME-9001-\d{6}"))
    expect(heading.locator(".badge")).to_have_text("Valid")
    expect(decider.get_by_role("row", name=re.compile("Holder"))).to_contain_text(
        "Widget Works Ltd"
    )
    decider.screenshot(path=str(SHOTS / "main-path-certificate.png"), full_page=True)
