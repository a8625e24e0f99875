"""The calculator pages in a real browser (Debian chromium driven by Playwright)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("test-results")


def test_audit_time_by_keyboard_and_mouse(page: Any) -> None:
    page.goto("/calculators/audit-time/")
    page.get_by_label("ISO 9001", exact=False).first.check()
    page.get_by_label("Full-time personnel in scope").fill("65")
    page.get_by_role("button", name="Calculate").click()
    assert page.locator('[data-key="initial_days"]').inner_text() == "5.0"
    assert page.locator('[data-key="stage2_days"]').inner_text() == "3.5"
    assert page.get_by_text("IAF MD 5").first.is_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "audit-time.png"), full_page=True)


def test_audit_time_error_is_shown_next_to_the_form(page: Any) -> None:
    page.goto("/calculators/audit-time/")
    page.get_by_label("ISO 14001", exact=False).first.check()
    page.get_by_label("Full-time personnel in scope").fill("50")
    page.get_by_role("button", name="Calculate").click()
    alert = page.locator("#form-errors")
    assert alert.is_visible()
    assert "complexity" in alert.inner_text().lower()
    page.get_by_label("Environmental complexity (ISO 14001)").select_option("high")
    page.get_by_role("button", name="Calculate").click()
    # Table EMS 1, high, 46-65 persons = 8 days
    assert page.locator('[data-key="initial_days"]').inner_text() == "8.0"


def test_sampling_page(page: Any) -> None:
    page.goto("/calculators/sampling/")
    page.get_by_label("Sites besides the central function").fill("26")
    page.get_by_role("button", name="Calculate").click()
    assert page.locator('[data-key="initial"]').inner_text() == "6"
    assert page.locator('[data-key="surveillance"]').inner_text() == "4"
    assert page.locator('[data-key="recertification"]').inner_text() == "5"


def test_cycle_page_renewal(page: Any) -> None:
    page.goto("/calculators/cycle/")
    page.get_by_label("Certification decision date", exact=True).fill("2024-03-15")
    page.get_by_label("Current certificate expiry").fill("2027-03-14")
    page.get_by_label("Recertification decision date").fill("2027-10-01")
    page.get_by_role("button", name="Calculate").click()
    assert page.locator('[data-key="expiry_date"]').inner_text() == "2027-03-14"
    assert "refused" in page.locator('[data-key="recertification_kind"]').get_attribute("class")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "cycle.png"), full_page=True)
