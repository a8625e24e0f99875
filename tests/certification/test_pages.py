"""Back-office pages: the decision queue and form, certificate list and detail with their actions,
refusals shown on the forms, who sees what, and fixed query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from isocert.accreditation.choices import AccreditationStatus
from isocert.audits.choices import AuditKind, TeamRole
from isocert.certification.models import Certificate, Decision
from tests.certification.conftest import GRANT_DAY, World

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 1, 10)


def page_queries(client: Client, path: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        res = client.get(path)
    assert res.status_code == 200, res.content[:500]
    return len(ctx.captured_queries), res.content.decode()


# --------------------------------------------------------------------------------------------------
# Review and decision pages
# --------------------------------------------------------------------------------------------------


def test_queue_lists_audits_awaiting_a_decision_with_their_blockers(
    client: Client, world: World, personas: Any
) -> None:
    world.audit(world.programme(), team=[])
    client.force_login(personas.decider)
    with time_machine.travel(GRANT_DAY, tick=False):
        html = client.get("/office/decisions/queue/").content.decode()
    assert "Widget Works Ltd" in html
    assert "no lead auditor" in html
    assert "No technical review recommends certification yet." in html
    assert "Decide</a>" in html


def test_review_form_records_and_refuses(client: Client, world: World, personas: Any) -> None:
    audit = world.audit(world.programme())
    client.force_login(personas.reviewer)
    with time_machine.travel(GRANT_DAY, tick=False):
        res = client.post(
            f"/office/reviews/new/{audit.pk}/",
            {"outcome": "return", "reviewed_on": "2024-03-15", "notes": ""},
        )
        assert res.status_code == 400
        assert 'role="alert"' in res.content.decode()
        assert "Say what the audit team must fix" in res.content.decode()
        res = client.post(
            f"/office/reviews/new/{audit.pk}/",
            {"outcome": "recommend", "reviewed_on": "2024-03-15"},
        )
    assert res.status_code == 302
    assert audit.reviews.get().outcome == "recommend"


def test_decision_form_shows_the_refusal_then_grants(
    client: Client, world: World, personas: Any
) -> None:
    audit = world.audit(world.programme())
    client.force_login(personas.decider)
    with time_machine.travel(GRANT_DAY, tick=False):
        world.recommend(audit)
        form = {"kind": "grant", "outcome": "granted", "decided_on": "2024-03-16"}
        res = client.post(f"/office/decisions/new/{audit.pk}/", form)
        assert res.status_code == 400
        html = res.content.decode()
        assert 'class="errors" role="alert"' in html
        assert "is in the future" in html
        res = client.post(
            f"/office/decisions/new/{audit.pk}/", {**form, "decided_on": "2024-03-15"}
        )
    assert res.status_code == 302
    decision = Decision.objects.get()
    assert res["Location"] == f"/office/decisions/{decision.pk}/"
    detail = client.get(res["Location"]).content.decode()
    assert "ACME-9001-000001" in detail


def test_decision_form_lists_every_blocker(client: Client, world: World, personas: Any) -> None:
    audit = world.audit(
        world.programme(),
        team=[(personas.lead, TeamRole.LEAD_AUDITOR), (personas.decider, TeamRole.AUDITOR)],
    )
    client.force_login(personas.decider)
    with time_machine.travel(GRANT_DAY, tick=False):
        res = client.post(
            f"/office/decisions/new/{audit.pk}/",
            {"kind": "grant", "outcome": "granted", "decided_on": "2024-03-15"},
        )
    assert res.status_code == 400
    assert "You were on the audit team" in res.content.decode()


def test_transfer_form_on_a_transfer_decision(client: Client, world: World, personas: Any) -> None:
    programme = world.programme()
    audit = world.audit(programme, AuditKind.TRANSFER_REVIEW, last_day=dt.date(2025, 1, 6))
    client.force_login(personas.decider)
    with time_machine.travel(TODAY, tick=False):
        world.recommend(audit, on=dt.date(2025, 1, 7))
        client.post(
            f"/office/decisions/new/{audit.pk}/",
            {"kind": "transfer", "outcome": "granted", "decided_on": "2025-01-08"},
        )
        decision = Decision.objects.get()
        assert (
            "Issue the transferred certificate"
            in client.get(f"/office/decisions/{decision.pk}/").content.decode()
        )
        form = {
            "standard": "ISO 9001",
            "edition_year": 2015,
            "issuing_body": "Old Registrar",
            "previous_number": "OR-1",
            "certificate_status": "suspended",
            "original_issue_date": "2019-06-01",
            "cycle_start": "2022-05-20",
            "expiry_date": "2025-05-31",
            "accredited": "on",
            "reports_available": "on",
            "open_major_ncs": 0,
            "minor_plans_accepted": "on",
        }
        res = client.post(f"/office/decisions/{decision.pk}/transfer-in/", form)
        assert res.status_code == 400
        assert "treat as a new client" in res.content.decode()
        res = client.post(
            f"/office/decisions/{decision.pk}/transfer-in/",
            {**form, "certificate_status": "active"},
        )
    assert res.status_code == 302
    assert Certificate.objects.get().transferred_from == "Old Registrar OR-1"


# --------------------------------------------------------------------------------------------------
# Certificate pages
# --------------------------------------------------------------------------------------------------


def test_certificate_detail_states_what_8_2_2_asks(
    client: Client, world: World, personas: Any
) -> None:
    _d, [cert] = world.grant(codes=(17, 28))
    client.force_login(personas.decider)
    html = client.get(f"/office/certificates/{cert.pk}/").content.decode()
    for text in (
        "Widget Works Ltd",
        "ISO 9001:2015",
        "Design and manufacture of widgets",
        "17, 28",
        "ACME-9001-000001",
        "2024-03-15",
        "2027-03-14",
        "Acme Certification",
        "Head office",
        "Leeds, GB",
        'data-kind="certificate.issued"',
        "Suspend",
        "Withdraw",
        "Reduce the scope",
    ):
        assert text in html, text
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "every label points at its own field"


def test_suspend_through_the_page(client: Client, world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    client.force_login(personas.decider)
    path = f"/office/certificates/{cert.pk}/suspend/"
    with time_machine.travel(TODAY, tick=False):
        res = client.post(
            path, {"suspend-reason": "Refused surveillance", "suspend-deadline": "2025-01-10"}
        )
        assert res.status_code == 400
        assert "must be after today" in res.content.decode()
        res = client.post(
            path, {"suspend-reason": "Refused surveillance", "suspend-deadline": "2025-03-01"}
        )
        assert res.status_code == 302
        cert.refresh_from_db()
        assert cert.status == "suspended"
        html = client.get(f"/office/certificates/{cert.pk}/").content.decode()
    assert "Restore" in html and 'data-kind="certificate.suspended"' in html
    assert "h-suspend" not in html  # no suspend form for a suspended certificate


def test_reduce_scope_through_the_page(client: Client, world: World, personas: Any) -> None:
    _d, [cert] = world.grant(codes=(17, 28))
    client.force_login(personas.decider)
    site = cert.sites.get().site_id
    with time_machine.travel(TODAY, tick=False):
        res = client.post(
            f"/office/certificates/{cert.pk}/reduce-scope/",
            {
                "reduce-scope": "Design of widgets",
                "reduce-sites": [site],
                "reduce-iaf_codes": [17],
                "reduce-reason": "Stopped",
            },
        )
    assert res.status_code == 302, res.content.decode()[:2000]
    new = Certificate.objects.get(supersedes=cert)
    assert res["Location"] == f"/office/certificates/{new.pk}/"
    assert new.printed_number == "ACME-9001-000001-R1"


def test_flags_on_detail_and_list(client: Client, world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    personas.cb.accreditation_status = AccreditationStatus.WITHDRAWN
    personas.cb.accreditation_status_since = dt.date(2025, 2, 1)
    personas.cb.save()
    client.force_login(personas.planner)
    message = "The issuing body&#x27;s accreditation is withdrawn since 2025-02-01."
    assert message in client.get(f"/office/certificates/{cert.pk}/").content.decode()
    assert message in client.get("/office/certificates/").content.decode()


def test_list_filters_sorts_and_exports(client: Client, world: World, personas: Any) -> None:
    world.grant(standards=("ISO 9001",))
    world.grant(standards=("ISO 14001",))
    with time_machine.travel(dt.date(2027, 1, 1), tick=False):
        client.force_login(personas.planner)  # a session started later has expired by then
        html = client.get("/office/certificates/?standard=ISO+14001").content.decode()
        assert "ACME-14001-000002" in html and "ACME-9001-000001" not in html
        html = client.get("/office/certificates/?sort=-number").content.decode()
        assert html.index("ACME-9001-000001") < html.index("ACME-14001-000002")
        assert "ACME-9001" in client.get("/office/certificates/?expiring=on").content.decode()
        res = client.get("/office/certificates/?format=csv&sort=number")
    assert res["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(res.content.decode())))
    assert rows[0][:3] == ["number", "status", "holder"]
    assert [r[0] for r in rows[1:]] == ["ACME-14001-000002", "ACME-9001-000001"]
    assert rows[1][3] == "ISO 14001:2015"


@pytest.mark.parametrize(
    "path",
    ["/office/certificates/", "/office/decisions/", "/office/decisions/queue/", "/office/reviews/"],
)
def test_list_pages_cost_a_fixed_number_of_queries(
    client: Client, world: World, personas: Any, path: str
) -> None:
    client.force_login(personas.decider)
    for _ in range(2):
        world.grant(codes=(17, 28), second_site=True)
        world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        two, _html = page_queries(client, path)
    for _ in range(3):
        world.grant(codes=(17, 28), second_site=True)
        world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        five, html = page_queries(client, path)
    assert two == five, (two, five)
    assert "<table" in html


# --------------------------------------------------------------------------------------------------
# Who sees what
# --------------------------------------------------------------------------------------------------


def test_personas_on_the_pages(client: Client, world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    _d2, [theirs] = world.grant_elsewhere()
    detail = f"/office/certificates/{cert.pk}/"
    client.force_login(personas.other_staff)
    assert client.get(detail).status_code == 404
    assert client.get(f"/office/decisions/{_d.pk}/").status_code == 404
    assert client.post(f"{detail}withdraw/", {"withdraw-reason": "x"}).status_code == 404
    client.force_login(personas.client_user)
    html = client.get(detail).content.decode()
    assert "ACME-9001-000001" in html and "h-withdraw" not in html
    assert client.post(f"{detail}withdraw/", {"withdraw-reason": "x"}).status_code == 403
    assert client.get(f"/office/certificates/{theirs.pk}/").status_code == 404
    listing = client.get("/office/certificates/").content.decode()
    assert "Widget Works Ltd" in listing and "Maple Forge" not in listing
    assert client.get("/office/decisions/").status_code == 403
    client.force_login(personas.outsider)
    assert client.get("/office/certificates/").status_code == 403
    client.logout()
    res = client.get("/office/certificates/")
    assert res.status_code == 302 and res["Location"].startswith("/accounts/login/")
