"""The audits API: every act through its endpoint, refusals as 400, visibility per persona, and
list endpoints that cost a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from isocert.audits.choices import AuditKind, FindingKind
from isocert.audits.models import Audit
from isocert.clients.models import ClientUser
from isocert.core.tokens import api_token_create
from isocert.people.models import Qualification
from tests.audits.conftest import Office
from tests.personas import make_user

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
API = "/api/v1/office"


class Api:
    def __init__(self, user: Any) -> None:
        self.http = Client()
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}

    def get(self, path: str, **params: Any) -> Any:
        return self.http.get(API + path, params, **self.auth)

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        return self.http.post(API + path, body or {}, content_type="application/json", **self.auth)


def application_body(office: Office, **extra: Any) -> dict[str, Any]:
    client = office.personas.client
    return {
        "client_id": client.pk,
        "standards": [{"standard": "ISO 9001:2015"}],
        "scope": "Design and manufacture of widgets",
        "iaf_codes": [17],
        "site_ids": [s.pk for s in client.sites.all()],
        "personnel": 60,
        **extra,
    }


def test_application_through_the_api(office: Office) -> None:
    planner = Api(office.personas.planner)
    res = planner.post("/applications", application_body(office))
    assert res.status_code == 201, res.content
    body = res.json()
    assert (body["initial_days"], body["floor_days"], body["status"]) == (5.0, 3.5, "draft")
    assert body["audit_time_detail"]["floors"]["surveillance"] == 1.0
    res = planner.post(f"/applications/{body['id']}/review", {"accept": True})
    assert res.status_code == 200
    assert res.json()["status"] == "accepted"
    programme_id = res.json()["programme_ids"][0]
    res = planner.get(f"/programmes/{programme_id}")
    assert [a["kind"] for a in res.json()["audits"]] == ["stage1", "stage2"]


def test_application_refusals_are_400_with_the_reason(office: Office) -> None:
    planner = Api(office.personas.planner)
    res = planner.post("/applications", application_body(office, iaf_codes=[17, 1]))
    assert res.status_code == 400
    assert res.json()["error"] == "refused"
    assert "outside" in res.json()["message"]
    res = planner.post(
        "/applications", application_body(office, standards=[{"standard": "ISO 26000"}])
    )
    assert res.status_code == 400
    assert res.json()["details"]["rule"] == "not_certifiable"
    res = Api(office.personas.auditor).post("/applications", application_body(office))
    assert res.status_code == 403
    res = Api(office.personas.other_staff).post("/applications", application_body(office))
    assert res.status_code == 404


def test_planning_and_team_refusals_through_the_api(office: Office) -> None:
    programme = office.programme(codes=(17, 28))
    stage1 = office.audit(programme, AuditKind.STAGE1)
    planner = Api(office.personas.planner)
    res = planner.post(
        f"/audits/{stage1.pk}/schedule",
        {"start": "2024-02-05", "end": "2024-02-05", "days_planned": 0.5},
    )
    assert res.status_code == 400
    assert res.json()["details"] == {"field": "days_planned", "floor": str(stage1.days_floor)}
    res = planner.post(
        f"/audits/{stage1.pk}/schedule",
        {"start": "2024-02-05", "end": "2024-02-05", "days_planned": float(stage1.days_required)},
    )
    assert res.status_code == 200
    assert res.json()["planned_start"] == "2024-02-05"
    Qualification.objects.filter(
        user=office.personas.lead, standard__code="ISO 9001", iaf_code_id=28
    ).delete()
    res = planner.post(
        f"/audits/{stage1.pk}/team", {"user_id": office.personas.lead.pk, "role": "lead_auditor"}
    )
    assert res.status_code == 400
    assert "ISO 9001 IAF 28" in res.json()["message"]
    res = planner.post(
        f"/audits/{stage1.pk}/team",
        {"user_id": office.personas.other_staff.pk, "role": "auditor"},
    )
    assert res.status_code == 404  # a person of another body
    res = planner.post(f"/audits/{stage1.pk}/start")
    assert res.status_code == 400
    assert "lead auditor" in res.json()["message"]


def test_findings_through_the_api(office: Office, frozen: Any) -> None:
    stage2 = office.stage2_done(start=D("2024-02-05"))
    lead, client_user = Api(office.personas.lead), Api(office.personas.client_user)
    res = lead.post(
        f"/audits/{stage2.pk}/findings",
        {
            "kind": "major",
            "clause": "8.5.1",
            "statement": "Process validation not done.",
            "evidence": "No validation record for the welding line.",
        },
    )
    assert res.status_code == 201, res.content
    finding_id = res.json()["id"]
    res = Api(office.personas.auditor).post(
        f"/audits/{stage2.pk}/findings", {"kind": "minor", "clause": "7.2", "statement": "x"}
    )
    assert res.status_code == 403  # not on the team
    res = client_user.get(f"/audits/{stage2.pk}")
    assert res.status_code == 200
    assert [f["id"] for f in res.json()["findings"]] == [finding_id]
    res = client_user.post(
        f"/findings/{finding_id}/respond",
        {
            "correction": "Line stopped.",
            "root_cause": "Validation not in the procedure.",
            "corrective_action": "Validate the line; add validation to PR-7.",
            "action_due": "2024-03-01",
        },
    )
    assert res.status_code == 200
    assert res.json()["status"] == "responded"
    assert client_user.post(f"/findings/{finding_id}/accept-plan").status_code == 403
    assert lead.post(f"/findings/{finding_id}/accept-plan").json()["status"] == "plan_accepted"
    frozen.move_to(D("2024-02-20"))
    res = lead.post(f"/findings/{finding_id}/verify", {"verified_on": "2024-02-21", "note": "x"})
    assert res.status_code == 400  # in the future
    res = lead.post(
        f"/findings/{finding_id}/verify", {"verified_on": "2024-02-20", "note": "Records seen."}
    )
    assert res.json()["status"] == "verified"
    res = lead.get(f"/audits/{stage2.pk}/blockers")
    assert res.json()["blockers"] == ["The audit report has not been submitted."]


def test_six_month_rule_through_the_api(office: Office, frozen: Any) -> None:
    stage2 = office.stage2_done(start=D("2024-02-05"))
    lead, planner = Api(office.personas.lead), Api(office.personas.planner)
    lead.post(
        f"/audits/{stage2.pk}/findings",
        {"kind": FindingKind.MAJOR, "clause": "8.5.1", "statement": "x", "evidence": "y"},
    )
    lead.post(f"/audits/{stage2.pk}/complete", {"report": "Done.", "recommendation": "recommend"})
    programme_id = stage2.programme_id
    frozen.move_to(D("2024-08-06"))
    assert planner.post(f"/programmes/{programme_id}/repeat-stage2").status_code == 400
    frozen.move_to(D("2024-08-07"))
    blockers = lead.get(f"/audits/{stage2.pk}/blockers").json()["blockers"]
    assert any("stage 2 must be repeated" in b for b in blockers)
    res = planner.post(f"/programmes/{programme_id}/repeat-stage2")
    assert res.status_code == 201
    assert res.json()["kind"] == "stage2"


def test_start_cycle_and_reschedule_past_due_through_the_api(office: Office) -> None:
    programme = office.programme()
    planner = Api(office.personas.planner)
    res = planner.post(f"/programmes/{programme.pk}/start-cycle", {"decision_date": "2024-03-15"})
    assert res.status_code == 200
    assert res.json()["expiry_date"] == "2027-03-14"
    s1 = Audit.objects.get(programme=programme, kind=AuditKind.SURVEILLANCE1)
    body = {"start": "2025-03-16", "end": "2025-03-16", "days_planned": 1.5}
    res = planner.post(f"/audits/{s1.pk}/schedule", body)
    assert res.status_code == 400
    assert res.json()["details"]["field"] == "schedule_exception"
    res = planner.post(
        f"/audits/{s1.pk}/schedule", {**body, "schedule_exception": "Client site closed."}
    )
    assert res.status_code == 200
    res = planner.post(
        f"/programmes/{programme.pk}/audits",
        {"kind": "short_notice", "due_date": "2024-06-01", "days_required": 1, "reason": "x"},
    )
    assert res.status_code == 201


def test_more_guards_through_the_api(office: Office, frozen: Any) -> None:
    p = office.personas
    planner, lead = Api(p.planner), Api(p.lead)
    programme = office.programme()
    application = programme.application
    res = planner.post(f"/applications/{application.pk}/review", {"accept": False, "reason": "x"})
    assert res.status_code == 400 and "already reviewed" in res.json()["message"]
    planner.post(f"/programmes/{programme.pk}/start-cycle", {"decision_date": "2024-03-15"})
    recert = Audit.objects.get(programme=programme, kind=AuditKind.RECERTIFICATION)
    res = planner.post(
        f"/audits/{recert.pk}/schedule",
        {
            "start": "2027-03-15",
            "end": "2027-03-15",
            "days_planned": 3.5,
            "schedule_exception": "Asked by the client.",
        },
    )
    assert res.status_code == 400 and "expires on 2027-03-14" in res.json()["message"]
    res = planner.post(
        f"/audits/{recert.pk}/schedule",
        {"start": "2027-03-01", "end": "2027-03-01", "days_planned": 3},
    )
    assert res.json()["details"]["field"] == "days_justification"
    stage2 = office.audit(programme, AuditKind.STAGE2)
    office.schedule(stage2, D("2024-02-05"))
    office.staff(stage2)
    res = planner.post(
        f"/audits/{stage2.pk}/team", {"user_id": p.auditor.pk, "role": "lead_auditor"}
    )
    assert res.status_code == 400  # a second lead, and not qualified as one
    res = planner.post(f"/audits/{stage2.pk}/start")
    assert res.status_code == 400 and "Stage 1" in res.json()["message"]
    res = planner.post(
        f"/programmes/{programme.pk}/audits",
        {"kind": "stage1", "due_date": "2024-06-01", "days_required": 1, "reason": "x"},
    )
    assert res.status_code == 400
    assert planner.post(f"/audits/{stage2.pk}/cancel", {"reason": ""}).status_code == 400
    stage1 = office.audit(programme, AuditKind.STAGE1)
    office.run(stage1, D("2024-01-20"))
    res = Api(p.auditor).post(
        f"/audits/{stage1.pk}/complete", {"report": "x", "recommendation": "recommend"}
    )
    assert res.status_code == 403  # only the team writes the report
    finding = lead.post(
        f"/audits/{stage1.pk}/findings",
        {"kind": "minor", "clause": "7.2", "statement": "s", "evidence": "e"},
    ).json()
    stranger = make_user("maple-user")
    ClientUser.objects.create(user=stranger, client=p.other_client)
    response = {
        "correction": "c",
        "root_cause": "r",
        "corrective_action": "a",
        "action_due": "2024-03-01",
    }
    assert Api(stranger).post(f"/findings/{finding['id']}/respond", response).status_code == 404
    assert (
        Api(p.client_user).post(f"/findings/{finding['id']}/respond", response).status_code == 200
    )
    assert Api(p.planner).post(f"/findings/{finding['id']}/accept-plan").status_code == 403
    res = lead.post(f"/findings/{finding['id']}/reject-plan", {"reason": ""})
    assert res.status_code == 400


# --------------------------------------------------------------------------------------------------
# Who sees what
# --------------------------------------------------------------------------------------------------


def test_visibility_per_persona(office: Office) -> None:
    p = office.personas
    stage2 = office.stage2_done(start=D("2024-02-05"))
    finding = stage2.findings.create(kind="minor", clause="7.2", statement="s", evidence="e")
    programme, application = stage2.programme, stage2.programme.application
    paths = [
        f"/applications/{application.pk}",
        f"/programmes/{programme.pk}",
        f"/audits/{stage2.pk}",
        f"/audits/{stage2.pk}/blockers",
        f"/findings/{finding.pk}",
    ]
    other = Api(p.other_staff)
    for path in paths:
        assert other.get(path).status_code == 404, path
    stranger = make_user("maple-user")
    ClientUser.objects.create(user=stranger, client=p.other_client)
    maple = Api(stranger)
    for path in paths:
        assert maple.get(path).status_code == 404, path
    assert maple.get("/audits").json()["count"] == 0
    assert Api(p.client_user).get("/audits").json()["count"] == 2
    outsider = Api(p.outsider)
    assert outsider.get("/audits").status_code == 403
    assert outsider.get(paths[2]).status_code == 403
    assert Client().get(API + "/audits").status_code == 401
    assert Api(p.ab_user).get("/audits").status_code == 403


def queries(api: Api, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        res = api.get(path)
    assert res.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("path", ["/applications", "/programmes", "/audits", "/findings"])
def test_list_endpoints_cost_a_fixed_number_of_queries(
    office: Office, django_assert_num_queries: Any, path: str
) -> None:
    api = Api(office.personas.planner)

    def rows(n: int) -> None:
        while Audit.objects.filter(kind=AuditKind.STAGE1).count() < n:
            stage1 = office.audit(office.programme(), AuditKind.STAGE1)
            office.schedule(stage1, D("2024-02-05"))
            office.staff(
                stage1, (office.personas.lead, "lead_auditor"), (office.personas.auditor, "auditor")
            )
            stage1.findings.create(kind="minor", clause="7.2", statement="s", evidence="e")

    rows(2)
    with_two = queries(api, path)
    rows(5)
    with django_assert_num_queries(with_two):
        res = api.get(path)
    assert res.json()["count"] >= 5


@pytest.mark.parametrize(
    ("field", "value"),
    [("site_ids", [2**64]), ("iaf_codes", [2**64]), ("iaf_codes", [40]), ("client_id", 2**64)],
)
def test_application_with_out_of_range_ids_is_422(office: Office, field: str, value: Any) -> None:
    """Found by fuzzing: an id past 64 bits reached ``id IN (...)`` and overflowed (500)."""
    res = Api(office.personas.planner).post(
        "/applications", application_body(office, **{field: value})
    )
    assert res.status_code == 422, res.content
    assert res.json()["details"][0]["field"].startswith(field)
