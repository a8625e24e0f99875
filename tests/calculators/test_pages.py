"""The calculator pages, through the Django test client: results, errors and no database reads."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def cell(html: str, key: str) -> str:
    marker = f'data-key="{key}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def test_audit_time_page_shows_result_and_clauses(
    client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        res = client.get(
            "/calculators/audit-time/", {"go": "1", "standards": "ISO 9001", "personnel": "65"}
        )
    html = res.content.decode()
    assert res.status_code == 200
    assert cell(html, "initial_days") == "5.0"
    assert cell(html, "stage1_days") == "1.5"
    assert "IAF MD 5" in html


def test_audit_time_page_blank_form(client: Client) -> None:
    res = client.get("/calculators/audit-time/")
    assert res.status_code == 200
    assert 'data-key="initial_days"' not in res.content.decode()


def test_audit_time_page_explains_missing_complexity(client: Client) -> None:
    res = client.get(
        "/calculators/audit-time/", {"go": "1", "standards": "ISO 14001", "personnel": "50"}
    )
    html = res.content.decode()
    assert res.status_code == 200
    assert 'role="alert"' in html
    assert "complexity" in html.lower()


def test_audit_time_page_field_errors(client: Client) -> None:
    res = client.get("/calculators/audit-time/", {"go": "1", "personnel": "abc"})
    html = res.content.decode()
    assert res.status_code == 200
    assert "Enter a whole number" in html
    assert "This field is required" in html  # no standard ticked


def test_sample_page(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        res = client.get("/calculators/sampling/", {"go": "1", "sites": "26", "method": "sampling"})
    html = res.content.decode()
    assert (cell(html, "initial"), cell(html, "surveillance"), cell(html, "recertification")) == (
        "6",
        "4",
        "5",
    )


def test_cycle_page(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        res = client.get("/calculators/cycle/", {"go": "1", "decision_date": "2024-03-15"})
    html = res.content.decode()
    assert cell(html, "expiry_date") == "2027-03-14"
    assert cell(html, "surveillance_2_due") == "2026-12-31"


def test_cycle_page_refuses_an_empty_question(client: Client) -> None:
    html = client.get("/calculators/cycle/", {"go": "1"}).content.decode()
    assert "decision_date" in html or "decision date" in html


def test_standards_page(client: Client, django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        res = client.get("/calculators/standards/", {"at": "2025-11-01"})
    html = res.content.decode()
    assert "ISO/IEC 27001:2022" in html
    assert "ISO/IEC 27001:2013" not in html
    assert "ISO 26000" in html


def test_standards_page_bad_date(client: Client) -> None:
    res = client.get("/calculators/standards/", {"at": "yesterday"})
    assert res.status_code == 200
    assert "YYYY-MM-DD" in res.content.decode()


def test_security_headers_on_pages(client: Client) -> None:
    res = client.get("/")
    assert "default-src 'self'" in res["Content-Security-Policy"]
    assert res["X-Frame-Options"] == "DENY"
    assert res["X-Content-Type-Options"] == "nosniff"
