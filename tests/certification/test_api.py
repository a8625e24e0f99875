"""The certification API: every act, the one error shape, who sees what, and fixed query counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from isocert.audits.choices import AuditKind, TeamRole
from isocert.certification.models import Certificate
from isocert.core.tokens import api_token_create
from tests.certification.conftest import GRANT_DAY, World

pytestmark = pytest.mark.django_db

BASE = "/api/v1/office"
TODAY = dt.date(2025, 1, 10)


def bearer(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}


def post(client: Client, user: Any, path: str, body: dict[str, Any]) -> Any:
    return client.post(f"{BASE}{path}", body, content_type="application/json", **bearer(user))


def get(client: Client, user: Any, path: str) -> Any:
    return client.get(f"{BASE}{path}", **bearer(user))


def queries(call: Callable[[], Any]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        res = call()
    assert res.status_code == 200, res.content
    return len(ctx.captured_queries)


# --------------------------------------------------------------------------------------------------
# Review and decision
# --------------------------------------------------------------------------------------------------


def test_review_then_grant_through_the_api(client: Client, world: World, personas: Any) -> None:
    audit = world.audit(world.programme(standards=("ISO 9001", "ISO 45001")))
    with time_machine.travel(GRANT_DAY, tick=False):
        res = post(
            client, personas.reviewer, "/reviews", {"audit_id": audit.pk, "outcome": "recommend"}
        )
        assert res.status_code == 201, res.content
        assert res.json()["reviewer"] == "reviewer"
        res = post(
            client,
            personas.decider,
            "/decisions",
            {
                "audit_id": audit.pk,
                "kind": "grant",
                "outcome": "granted",
                "decided_on": "2024-03-15",
            },
        )
    assert res.status_code == 201, res.content
    data = res.json()
    assert data["certificates"] == ["ACME-45001-000001", "ACME-9001-000002"]
    assert data["decided_by"] == "decider"


def test_a_decision_by_an_auditor_of_the_audit_is_refused(
    client: Client, world: World, personas: Any
) -> None:
    from isocert.people.models import Membership

    Membership.objects.create(
        user=personas.auditor, certification_body=personas.cb, role="decision_maker"
    )
    audit = world.audit(
        world.programme(),
        team=[(personas.lead, TeamRole.LEAD_AUDITOR), (personas.auditor, TeamRole.AUDITOR)],
    )
    with time_machine.travel(GRANT_DAY, tick=False):
        world.recommend(audit)
        res = post(
            client,
            personas.auditor,
            "/decisions",
            {
                "audit_id": audit.pk,
                "kind": "grant",
                "outcome": "granted",
                "decided_on": "2024-03-15",
            },
        )
    assert res.status_code == 400
    body = res.json()
    assert body["error"] == "refused" and "audit team" in body["message"]
    assert not Certificate.objects.exists()


def test_blockers_come_back_in_the_details(client: Client, world: World, personas: Any) -> None:
    audit = world.audit(world.programme(), team=[])
    with time_machine.travel(GRANT_DAY, tick=False):
        res = post(
            client,
            personas.decider,
            "/decisions",
            {
                "audit_id": audit.pk,
                "kind": "grant",
                "outcome": "granted",
                "decided_on": "2024-03-15",
            },
        )
    assert res.status_code == 400
    blockers = res.json()["details"]["blockers"]
    assert any("lead auditor" in b for b in blockers)
    assert any("technical review" in b for b in blockers)


def test_another_bodys_audit_is_not_found(client: Client, world: World, personas: Any) -> None:
    audit = world.audit(world.programme(client=personas.other_client), team=[])
    res = post(
        client,
        personas.decider,
        "/decisions",
        {"audit_id": audit.pk, "kind": "grant", "outcome": "granted", "decided_on": "2024-03-15"},
    )
    assert res.status_code == 404
    assert res.json()["error"] == "not_found"


def test_the_queue_shows_blockers(client: Client, world: World, personas: Any) -> None:
    ready = world.audit(world.programme())
    world.audit(world.programme(), team=[])
    with time_machine.travel(GRANT_DAY, tick=False):
        world.recommend(ready)
        res = get(client, personas.decider, "/decisions/queue")
    assert res.status_code == 200
    rows = {row["audit_id"]: row for row in res.json()["items"]}
    assert rows[ready.pk]["blockers"] == [] and rows[ready.pk]["review_outcome"] == "recommend"
    assert len(rows) == 2 and all(rows[pk]["blockers"] for pk in rows if pk != ready.pk)


# --------------------------------------------------------------------------------------------------
# Certificate acts
# --------------------------------------------------------------------------------------------------


def test_suspend_restore_withdraw(client: Client, world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    with time_machine.travel(TODAY, tick=False):
        res = post(
            client,
            personas.decider,
            f"/certificates/{cert.pk}/suspend",
            {"reason": "Surveillance refused", "deadline": "2025-04-10"},
        )
        assert res.status_code == 200, res.content
        assert (res.json()["status"], res.json()["suspension_deadline"]) == (
            "suspended",
            "2025-04-10",
        )
        res = post(client, personas.decider, f"/certificates/{cert.pk}/restore", {"reason": "Done"})
        assert res.json()["status"] == "active"
        res = post(
            client, personas.decider, f"/certificates/{cert.pk}/withdraw", {"reason": "Ended"}
        )
        assert res.json()["status"] == "withdrawn"
        res = post(client, personas.decider, f"/certificates/{cert.pk}/restore", {"reason": "Oops"})
    assert res.status_code == 400
    body = res.json()
    assert body["error"] == "refused"
    assert body["message"].startswith("a withdrawn certificate cannot be restored")
    assert body["details"]["allowed"] == []


def test_reduce_and_extend_scope(client: Client, world: World, personas: Any) -> None:
    decision, [cert] = world.grant(codes=(17, 28))
    site = cert.sites.get().site_id
    with time_machine.travel(TODAY, tick=False):
        res = post(
            client,
            personas.decider,
            f"/certificates/{cert.pk}/reduce-scope",
            {
                "scope": "Design",
                "sites": [{"site_id": site}],
                "iaf_codes": [17],
                "reason": "Stopped",
            },
        )
        assert res.status_code == 200, res.content
        reduced = res.json()
        assert (reduced["printed_number"], reduced["iaf_codes"]) == ("ACME-9001-000001-R1", [17])
        assert reduced["sites"][0]["scope"] == "Design"
        special = world.audit(decision.programme, AuditKind.SPECIAL, last_day=dt.date(2025, 1, 5))
        world.recommend(special, on=dt.date(2025, 1, 6))
        res = post(
            client,
            personas.decider,
            "/decisions",
            {
                "audit_id": special.pk,
                "kind": "extend_scope",
                "outcome": "granted",
                "decided_on": "2025-01-08",
            },
        )
        extension = res.json()["id"]
        body = {
            "decision_id": extension,
            "scope": "Design and repair",
            "sites": [{"site_id": site}],
            "iaf_codes": [17, 28],
            "effective_on": "2025-01-07",
        }
        res = post(client, personas.decider, f"/certificates/{reduced['id']}/extend-scope", body)
        assert res.status_code == 400
        assert "before the certification decision" in res.json()["message"]
        body["effective_on"] = "2025-01-10"
        res = post(client, personas.decider, f"/certificates/{reduced['id']}/extend-scope", body)
    assert res.status_code == 200, res.content
    assert res.json()["printed_number"] == "ACME-9001-000001-R2"


def test_transfer_in_refused_with_every_reason(client: Client, world: World, personas: Any) -> None:
    programme = world.programme()
    audit = world.audit(programme, AuditKind.TRANSFER_REVIEW, last_day=dt.date(2025, 1, 6))
    body = {
        "decision_id": 0,
        "issuing_body": "Old Registrar",
        "previous_number": "OR-1",
        "standard": "ISO 9001",
        "edition_year": 2015,
        "certificate_status": "active",
        "original_issue_date": "2019-06-01",
        "cycle_start": "2022-05-20",
        "expiry_date": "2025-05-31",
        "accredited": False,
        "reports_available": True,
        "surveillance_overdue": True,
    }
    with time_machine.travel(TODAY, tick=False):
        world.recommend(audit, on=dt.date(2025, 1, 7))
        res = post(
            client,
            personas.decider,
            "/decisions",
            {
                "audit_id": audit.pk,
                "kind": "transfer",
                "outcome": "granted",
                "decided_on": "2025-01-08",
            },
        )
        body["decision_id"] = res.json()["id"]
        res = post(client, personas.decider, "/certificates/transfer-in", body)
        assert res.status_code == 400
        details = res.json()["details"]
        assert details["treat_as_new_client"] is True and len(details["reasons"]) == 2
        body.update(accredited=True, surveillance_overdue=False)
        res = post(client, personas.decider, "/certificates/transfer-in", body)
    assert res.status_code == 201, res.content
    assert (res.json()["expiry_date"], res.json()["transferred_from"]) == (
        "2025-05-31",
        "Old Registrar OR-1",
    )


# --------------------------------------------------------------------------------------------------
# Who sees what
# --------------------------------------------------------------------------------------------------


def test_personas(client: Client, world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    world.grant_elsewhere()
    path = f"/certificates/{cert.pk}"
    assert get(client, personas.other_staff, path).status_code == 404
    assert [
        c["holder"] for c in get(client, personas.other_staff, "/certificates").json()["items"]
    ] == ["Maple Forge Inc"]
    mine = get(client, personas.client_user, path)
    assert mine.status_code == 200
    assert all(e["public"] for e in mine.json()["events"])
    assert get(client, personas.client_user, "/certificates").json()["count"] == 1
    refused = post(client, personas.client_user, f"{path}/withdraw", {"reason": "x"})
    assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
    assert get(client, personas.client_user, "/decisions").status_code == 403
    assert get(client, personas.outsider, "/certificates").status_code == 403
    assert get(client, personas.ab_user, "/certificates").json()["count"] == 2
    assert client.get(f"{BASE}{path}").status_code == 401
    staff = get(client, personas.decider, path).json()
    assert [e["kind"] for e in staff["events"]] == ["certificate.issued"]


def test_list_filters(client: Client, world: World, personas: Any) -> None:
    world.grant(standards=("ISO 9001",))
    world.grant(standards=("ISO 14001",))
    with time_machine.travel(dt.date(2027, 1, 1), tick=False):
        assert (
            get(client, personas.decider, "/certificates?standard=ISO 14001").json()["count"] == 1
        )
        assert (
            get(client, personas.decider, "/certificates?expiring_within=90").json()["count"] == 2
        )
        assert (
            get(client, personas.decider, "/certificates?expiring_within=30").json()["count"] == 0
        )
        assert get(client, personas.decider, "/certificates?status=suspended").json()["count"] == 0
        assert get(client, personas.decider, "/certificates?q=acme-9001").json()["count"] == 1
        bad = get(client, personas.decider, "/certificates?status=valid")
    assert bad.status_code == 422


@pytest.mark.parametrize("path", ["/certificates", "/decisions", "/decisions/queue", "/reviews"])
def test_list_endpoints_cost_a_fixed_number_of_queries(
    client: Client, world: World, personas: Any, path: str
) -> None:
    for _ in range(2):
        world.grant(codes=(17, 28), second_site=True)
        world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        two = queries(lambda: get(client, personas.decider, path))
    for _ in range(3):
        world.grant(codes=(17, 28), second_site=True)
        world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        five = queries(lambda: get(client, personas.decider, path))
    assert two == five, (two, five)


# --------------------------------------------------------------------------------------------------
# Every guard once through the API (each is also tested at the service level)
# --------------------------------------------------------------------------------------------------


def refused(res: Any, status: int, words: str) -> None:
    assert res.status_code == status, res.content
    body = res.json()
    assert set(body) == {"error", "message", "details"}
    assert words in body["message"], body["message"]


def grant_body(audit: Any, on: str = "2024-03-15", **kw: Any) -> dict[str, Any]:
    return {"audit_id": audit.pk, "kind": "grant", "outcome": "granted", "decided_on": on, **kw}


def test_review_guards(client: Client, world: World, personas: Any) -> None:
    from isocert.people.models import Membership

    Membership.objects.create(
        user=personas.lead, certification_body=personas.cb, role="technical_reviewer"
    )
    audit = world.audit(world.programme())
    draft = world.audit(world.programme(), submitted=False)
    ok = {"audit_id": audit.pk, "outcome": "recommend"}
    with time_machine.travel(GRANT_DAY, tick=False):
        refused(post(client, personas.decider, "/reviews", ok), 403, "technical_reviewer")
        refused(post(client, personas.lead, "/reviews", ok), 400, "audit team")
        refused(
            post(client, personas.reviewer, "/reviews", {**ok, "audit_id": draft.pk}),
            400,
            "not been submitted",
        )
        refused(
            post(client, personas.reviewer, "/reviews", {**ok, "reviewed_on": "2024-03-16"}),
            400,
            "in the future",
        )


def test_decision_guards(client: Client, world: World, personas: Any) -> None:
    audit = world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        world.recommend(audit)
        refused(
            post(client, personas.decider, "/decisions", grant_body(audit, "2024-02-29")),
            400,
            "before the audit's last day",
        )
        refused(
            post(client, personas.decider, "/decisions", grant_body(audit, kind="maintain")),
            400,
            "follows a",
        )
        refused(
            post(client, personas.decider, "/decisions", grant_body(audit, outcome="refused")),
            400,
            "why certification is refused",
        )
        refused(
            post(client, personas.reviewer, "/decisions", grant_body(audit)), 403, "decision_maker"
        )
        assert post(client, personas.decider, "/decisions", grant_body(audit)).status_code == 201
        refused(
            post(client, personas.decider, "/decisions", grant_body(audit)), 400, "already decided"
        )


def test_grant_outside_the_accreditation_is_refused(
    client: Client, world: World, personas: Any
) -> None:
    audit = world.audit(world.programme(codes=(17, 1)))
    with time_machine.travel(GRANT_DAY, tick=False):
        world.recommend(audit)
        refused(
            post(client, personas.decider, "/decisions", grant_body(audit)), 400, "IAF code(s) 1"
        )
    personas.cb.accreditation_status = "suspended"
    personas.cb.save()
    audit = world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        world.recommend(audit)
        refused(
            post(client, personas.decider, "/decisions", grant_body(audit)),
            400,
            "accreditation was suspended",
        )
    assert not Certificate.objects.exists()


def test_renewal_too_late_is_refused(client: Client, world: World, personas: Any) -> None:
    decision, _ = world.grant()
    recert = decision.programme.audits.get(kind=AuditKind.RECERTIFICATION)
    recert.planned_start = recert.planned_end = dt.date(2027, 9, 1)
    recert.report_submitted_at = dt.datetime(2027, 9, 2, tzinfo=dt.UTC)
    recert.save()
    recert.team.create(user=personas.lead, role=TeamRole.LEAD_AUDITOR)
    with time_machine.travel(dt.date(2027, 9, 20), tick=False):
        world.recommend(recert)
        body = {
            "audit_id": recert.pk,
            "kind": "renew",
            "outcome": "granted",
            "decided_on": "2027-09-20",
        }
        refused(
            post(client, personas.decider, "/decisions", body), 400, "at least stage 2, is required"
        )


def test_certificate_act_guards(client: Client, world: World, personas: Any) -> None:
    decision, [cert] = world.grant(codes=(17,))
    site = cert.sites.get().site_id
    path = f"/certificates/{cert.pk}"
    with time_machine.travel(TODAY, tick=False):
        refused(
            post(
                client,
                personas.decider,
                f"{path}/suspend",
                {"reason": "x", "deadline": "2025-01-09"},
            ),
            400,
            "must be after today",
        )
        refused(
            post(
                client,
                personas.decider,
                f"{path}/reduce-scope",
                {"scope": "x", "sites": [{"site_id": site}], "iaf_codes": [17, 28], "reason": "r"},
            ),
            400,
            "cannot add",
        )
        refused(
            post(
                client,
                personas.decider,
                f"{path}/extend-scope",
                {
                    "decision_id": decision.pk,
                    "scope": "more",
                    "sites": [{"site_id": site}],
                    "iaf_codes": [17, 28],
                },
            ),
            400,
            "scope-extension decision",
        )
        post(client, personas.decider, f"{path}/suspend", {"reason": "x", "deadline": "2027-06-01"})
    with time_machine.travel(dt.date(2027, 4, 1), tick=False):
        refused(
            post(client, personas.decider, f"{path}/restore", {"reason": "fixed"}),
            400,
            "expired on",
        )


def test_transfer_waits_for_open_majors(client: Client, world: World, personas: Any) -> None:
    audit = world.audit(world.programme(), AuditKind.TRANSFER_REVIEW, last_day=dt.date(2025, 1, 6))
    with time_machine.travel(TODAY, tick=False):
        world.recommend(audit, on=dt.date(2025, 1, 7))
        res = post(
            client,
            personas.decider,
            "/decisions",
            {
                "audit_id": audit.pk,
                "kind": "transfer",
                "outcome": "granted",
                "decided_on": "2025-01-08",
            },
        )
        body = {
            "decision_id": res.json()["id"],
            "issuing_body": "Old Registrar",
            "previous_number": "OR-1",
            "standard": "ISO 9001",
            "edition_year": 2015,
            "certificate_status": "active",
            "original_issue_date": "2019-06-01",
            "cycle_start": "2022-05-20",
            "expiry_date": "2025-05-31",
            "accredited": True,
            "reports_available": True,
            "surveillance_overdue": False,
            "open_major_ncs": 2,
        }
        refused(
            post(client, personas.decider, "/certificates/transfer-in", body),
            400,
            "cannot be issued yet",
        )
