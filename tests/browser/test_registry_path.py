"""The registry's path for a newcomer on the demo data (what ``make run`` serves), in chromium:
verify a demo certificate, find its holder by a misspelt name, bulk-verify the sample supplier file
and get a spreadsheet back, then watch the certificate, see the body suspend it, and read the alert.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.office.demo import MIN_CLIENTS, PASSWORD, demo_logins
from isocert.registry.verification import coverage_forget, printed_number

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VERIFIER_PASSWORD = "lantern-orbit-sable-93"
SHOTS = Path("test-results")  # screenshots of the way, for people to look at


def run_worker() -> None:
    """The task worker that ``isocert serve`` runs beside the web server: mail and dispatch."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def misspelt(name: str) -> str:
    """The name with one letter of its longest word left out, as a hurried buyer types it."""
    word = max(name.split(), key=len)
    return name.replace(word, word[:2] + word[3:], 1)


@pytest.fixture
def demo() -> Iterator[None]:
    coverage_forget()
    call_command("demo", "--clients", str(MIN_CLIENTS), stdout=StringIO())
    mail.outbox.clear()
    yield
    coverage_forget()


def test_a_newcomer_verifies_searches_bulk_checks_and_watches(
    demo: None, page: Any, browser: Any, live_server: Any, tmp_path: Path
) -> None:
    decider = next(login for login in demo_logins() if login.role.startswith("Certification dec"))
    cert = (
        Certificate.objects.filter(
            status=CertificateStatus.ACTIVE,
            client__confidential=False,
            certification_body__acronym=decider.body,
        )
        .select_related("client")
        .order_by("pk")
        .first()
    )
    assert cert is not None
    number = printed_number(cert.number, cert.revision)
    holder = cert.client.name

    # 1. Verify a demo certificate, typed carelessly (lower case, spaces for dashes).
    page.goto("/registry/")
    page.get_by_label("Certificate number").fill(number.lower().replace("-", " "))
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("heading", name="Valid", exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(holder)
    page.screenshot(path=SHOTS / "registry-verify.png", full_page=True)

    # 2. Find the holder with a typo in its name.
    page.goto("/registry/")
    page.get_by_label("Organisation name or identifier").fill(misspelt(holder))
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=holder).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(holder)
    expect(page.get_by_role("main")).to_contain_text(number)

    # 3. Bulk-verify the sample supplier file; the answer comes back as a spreadsheet.
    page.goto("/registry/")
    page.get_by_role("link", name=re.compile("Verify a list of suppliers")).click()
    with page.expect_download() as sample:
        page.get_by_role("link", name="Sample supplier file (CSV)").click()
    sample_path = tmp_path / "suppliers.csv"
    sample.value.save_as(sample_path)
    page.get_by_label("Supplier file (CSV or Excel .xlsx)").set_input_files(str(sample_path))
    page.get_by_role("button", name="Check the suppliers").click()
    expect(page.get_by_role("heading", name="Supplier check: suppliers.csv")).to_be_visible()
    page.screenshot(path=SHOTS / "registry-bulk-result.png", full_page=True)
    with page.expect_download() as result:
        page.get_by_role("link", name="Download as Excel (.xlsx)").click()
    sheet = load_workbook(io.BytesIO(Path(result.value.path()).read_bytes())).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    verdicts = {
        row[header.index("Verdict")] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    assert "Valid" in verdicts and "Not found" in verdicts
    assert sheet.max_row - 1 == len(sample_path.read_text(encoding="utf-8-sig").splitlines()) - 1

    # 4. Sign up to watch, confirm from the mail, watch the certificate.
    page.goto("/registry/watch/signup/")
    page.get_by_label("E-mail address").fill("buyer@example.com")
    page.get_by_label("Password", exact=True).fill(VERIFIER_PASSWORD)
    page.get_by_label("Password again").fill(VERIFIER_PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    page.get_by_role("heading", name="Check your mail").wait_for()
    run_worker()
    link = re.search(r"http://\S+/registry/watch/confirm/\S+/", str(mail.outbox[-1].body))
    assert link, mail.outbox[-1].body
    page.goto(link.group(0))
    page.get_by_label("User name").fill("buyer@example.com")
    page.get_by_label("Password").fill(VERIFIER_PASSWORD)
    page.get_by_role("button", name="Sign in").last.click()
    page.goto(f"/registry/verify/?number={number}")
    page.get_by_role("button", name="Watch this certificate").click()
    page.get_by_text(f"Now watching {number}").wait_for()

    # 5. The body's decision maker suspends it in the back office (their own browser).
    office = browser.new_context(base_url=live_server.url, locale="en-GB")
    try:
        tab = office.new_page()
        tab.goto("/accounts/login/")
        tab.get_by_label("User name").fill(decider.username)
        tab.get_by_label("Password").fill(PASSWORD)
        tab.get_by_role("button", name="Sign in").click()
        expect(tab).to_have_url(re.compile(r"/office/$"))
        tab.goto(f"/office/certificates/{cert.pk}/")
        tab.get_by_label("Reason for suspension").fill("Surveillance audit not held in time")
        deadline = timezone.localdate() + dt.timedelta(days=90)
        tab.get_by_label("Resolve by").fill(deadline.isoformat())
        tab.get_by_role("button", name="Suspend").click()
        expect(tab.get_by_role("status")).to_contain_text("suspended")
    finally:
        office.close()

    # 6. The worker dispatches the alert; the watcher sees it and has a mail.
    run_worker()
    page.goto("/registry/watch/alerts/")
    row = page.get_by_role("row", name=re.compile(re.escape(number)))
    expect(row.first).to_contain_text("Suspended")
    page.screenshot(path=SHOTS / "registry-alerts.png", full_page=True)
    assert any(number in str(message.subject) + str(message.body) for message in mail.outbox)
