"""The calculators' JSON API: the MD 5 / MD 1 / MD 11 / 17021-1 answers and the one error shape."""

from __future__ import annotations

from typing import Any

import pytest
import time_machine
from django.test import Client

pytestmark = pytest.mark.django_db

ERROR_KEYS = {"error", "message", "details"}


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"/api/v1/{path}", body, content_type="application/json")


def test_iso_9001_65_personnel(client: Client) -> None:
    res = post(client, "audit-time", {"standards": ["ISO 9001"], "personnel": 65})
    assert res.status_code == 200, res.content
    data = res.json()
    assert data["initial_days"] == 5.0
    assert data["stage1_days"] == 1.5
    assert data["stage2_days"] == 3.5
    assert data["surveillance_days"] == 1.5
    assert data["recertification_days"] == 3.5
    assert data["editions"] == ["ISO 9001:2015"]
    assert all(step["clause"] for step in data["steps"]), "every number names its clause"


def test_integrated_audit_with_integration_reduction(client: Client) -> None:
    res = post(
        client,
        "audit-time",
        {
            "standards": ["ISO 9001", "ISO 14001:2015"],
            "complexity": ["medium"],
            "personnel": 120,
            "integration_percent": 20,
            "integration_justification": "one manual, one management review, one internal audit",
        },
    )
    assert res.status_code == 200, res.content
    data = res.json()
    # Table QMS 1 (86-125) = 7, Table EMS 1 medium (86-125) = 8; T = 15; -20 % = 12.
    assert data["table_days_total"] == 15.0
    assert data["initial_days"] == 12.0
    assert data["floor_days_exact"] == pytest.approx(8.4)
    assert data["floor_days"] == 8.5  # never rounded below the 44 % limit


def test_part_time_and_repetitive_staff_count_as_effective_personnel(client: Client) -> None:
    res = post(
        client,
        "audit-time",
        {
            "standards": ["ISO 9001"],
            "personnel": 40,
            "part_time": [{"count": 10, "hours_per_week": 20}],
            "repetitive": 100,
            "repetitive_justification": "pickers on one line doing the same task under direction",
        },
    )
    assert res.status_code == 200, res.content
    # 40 + 10 x 20/40 = 5 + sqrt(100) = 10 -> 55 effective -> Table QMS 1 46-65 = 5 days
    assert res.json()["personnel"] == 55
    assert res.json()["initial_days"] == 5.0


@pytest.mark.parametrize(
    ("body", "code", "says"),
    [
        ({"standards": ["ISO 9999"], "personnel": 5}, "unknown_standard", "ISO 9999"),
        ({"standards": ["ISO 26000"], "personnel": 5}, "not_certifiable", "26000"),
        ({"standards": ["ISO/IEC 27001"], "personnel": 5}, "no_audit_time_rule", "27006"),
        ({"standards": ["ISO 14001"], "personnel": 50}, "invalid_input", "complexity"),
        (
            {
                "standards": ["ISO 9001"],
                "personnel": 50,
                "reduction_percent": 31,
                "justification": "low risk",
            },
            "invalid_input",
            "30",
        ),
        (
            {"standards": ["ISO 9001"], "personnel": 50, "reduction_percent": 10},
            "invalid_input",
            "justification",
        ),
    ],
)
def test_refusals_say_what_is_wrong(
    client: Client, body: dict[str, Any], code: str, says: str
) -> None:
    res = post(client, "audit-time", body)
    assert res.status_code == 400, res.content
    data = res.json()
    assert set(data) == ERROR_KEYS
    assert data["error"] == code
    assert says in data["message"]


def test_malformed_input_is_422_in_the_same_shape(client: Client) -> None:
    res = post(client, "audit-time", {"standards": ["ISO 9001"], "personnel": -3})
    assert res.status_code == 422
    data = res.json()
    assert set(data) == ERROR_KEYS
    assert data["error"] == "invalid_input"
    assert data["details"][0]["field"] == "personnel"


def test_not_json_at_all_is_an_error_not_a_crash(client: Client) -> None:
    res = client.post("/api/v1/audit-time", "{not json", content_type="application/json")
    assert res.status_code in (400, 422)
    assert set(res.json()) == ERROR_KEYS


def test_sample_26_sites(client: Client) -> None:
    res = post(client, "sample", {"sites": 26})
    assert res.status_code == 200
    data = res.json()
    assert (data["initial"], data["surveillance"], data["recertification"]) == (6, 4, 5)


def test_sample_without_sampling(client: Client) -> None:
    res = post(client, "sample", {"sites": 10, "sampling": False})
    data = res.json()
    assert (data["initial"], data["surveillance"], data["recertification"]) == (10, 3, 10)


def test_sample_of_no_site_is_refused(client: Client) -> None:
    res = post(client, "sample", {"sites": 0})
    assert res.status_code == 400
    assert res.json()["error"] == "invalid_input"


def test_cycle_from_decision(client: Client) -> None:
    res = post(client, "cycle", {"decision_date": "2024-03-15"})
    assert res.status_code == 200
    data = res.json()
    assert data["expiry_date"] == "2027-03-14"
    assert data["surveillance_1_due"] == "2025-03-15"
    assert data["surveillance_2_due"] == "2026-12-31"
    assert data["recertification_due"] == "2027-03-14"


@pytest.mark.parametrize(
    ("decision", "kind", "new_expiry"),
    [
        ("2027-03-14", "renewal", "2030-03-14"),
        ("2027-09-14", "restoration", "2030-03-14"),
        ("2027-09-15", "refused", None),
    ],
)
def test_renewal_restoration_or_refused(
    client: Client, decision: str, kind: str, new_expiry: str | None
) -> None:
    res = post(
        client, "cycle", {"current_expiry": "2027-03-14", "recertification_decision": decision}
    )
    assert res.status_code == 200
    rec = res.json()["recertification"]
    assert rec["kind"] == kind
    assert rec["new_expiry"] == new_expiry


def test_cycle_with_a_bad_date_is_422(client: Client) -> None:
    res = post(client, "cycle", {"decision_date": "2024-02-30"})
    assert res.status_code == 422
    assert res.json()["details"][0]["field"] == "decision_date"


def test_cycle_needs_a_question(client: Client) -> None:
    res = post(client, "cycle", {"current_expiry": "2027-03-14"})
    assert res.status_code == 422
    assert "recertification_decision" in res.json()["message"]


@time_machine.travel("2025-11-01", tick=False)
def test_standards_today_drops_withdrawn_editions(client: Client) -> None:
    res = client.get("/api/v1/standards")
    assert res.status_code == 200
    data = res.json()
    assert data["at"] == "2025-11-01"
    by_code = {s["code"]: s for s in data["certifiable"]}
    assert by_code["ISO/IEC 27001"]["editions"] == ["ISO/IEC 27001:2022"]
    assert "ISO 26000" in {s["code"] for s in data["not_certifiable"]}


def test_standards_at_a_past_date(client: Client) -> None:
    data = client.get("/api/v1/standards", {"at": "2025-10-31"}).json()
    by_code = {s["code"]: s for s in data["certifiable"]}
    assert "ISO/IEC 27001:2013" in by_code["ISO/IEC 27001"]["editions"]


def test_openapi_document_lists_the_calculations(client: Client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/audit-time", "/api/v1/sample", "/api/v1/cycle", "/api/v1/standards"):
        assert path in spec["paths"]
    assert client.get("/api/docs").status_code == 302
    assert client.get("/api/v1/docs").status_code == 200
