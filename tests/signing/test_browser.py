"""The public check page in a real browser (Debian chromium driven by Playwright)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from isocert.signing import services
from tests.signing.conftest import make_certificate, token_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("test-results")


@pytest.fixture
def genuine_pdf(personas: Any) -> bytes:
    cert = make_certificate(personas, expiry=timezone.localdate() + dt.timedelta(days=700))
    return services.certificate_pdf_render(certificate=cert)


def pdf_file(data: bytes, name: str = "certificate.pdf") -> dict[str, Any]:
    return {"name": name, "mimeType": "application/pdf", "buffer": data}


def test_a_genuine_certificate_is_confirmed(page: Any, genuine_pdf: bytes) -> None:
    page.goto("/check/")
    page.get_by_label("Certificate PDF").set_input_files(pdf_file(genuine_pdf))
    page.get_by_role("button", name="Check certificate").click()
    verdict = page.locator("#verdict-title")
    assert verdict.inner_text() == "Genuine and valid"
    assert "verdict-renewal" in (verdict.get_attribute("class") or "")
    assert page.get_by_role("cell", name="Widget Works Ltd").first.is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "check-genuine.png"), full_page=True)


def test_an_edited_certificate_is_called_altered(page: Any, genuine_pdf: bytes) -> None:
    edited = bytearray(genuine_pdf)
    edited[genuine_pdf.index(b"stream", 2000) + 40] ^= 1
    page.goto("/check/")
    page.get_by_label("Certificate PDF").set_input_files(pdf_file(bytes(edited)))
    page.get_by_role("button", name="Check certificate").click()
    assert page.locator("#verdict-title").inner_text() == "Altered after signing"
    assert "altered after it was signed" in page.locator(".result").inner_text()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "check-altered.png"), full_page=True)


def test_a_text_file_gets_a_clear_answer(page: Any, db: None) -> None:
    page.goto("/check/")
    page.get_by_label("Certificate PDF").set_input_files(
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"not a certificate"}
    )
    page.get_by_role("button", name="Check certificate").click()
    assert page.locator("#verdict-title").inner_text() == "Not readable"
    assert "This is not a PDF file" in page.locator(".result").inner_text()


def test_submitting_without_a_file_says_so(page: Any, db: None) -> None:
    page.goto("/check/")
    page.get_by_role("button", name="Check certificate").click()
    alert = page.locator("#form-errors")
    assert alert.is_visible() and "required" in alert.inner_text()


def test_the_scanned_link_opens_the_verdict(page: Any, genuine_pdf: bytes) -> None:
    page.goto(f"/v/{token_of(genuine_pdf)}")
    assert page.locator("#verdict-title").inner_text() == "Genuine and valid"
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "verify-token.png"), full_page=True)
