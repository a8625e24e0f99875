"""The back-office pages: what a planner, an auditor and a client user see and do, refusals shown
on the form, visibility per persona, and list pages with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from isocert.audits.choices import ApplicationStatus, AuditKind, AuditStatus, FindingStatus
from isocert.audits.models import Application, Audit, Finding, Programme
from isocert.clients.models import ClientUser
from isocert.people.models import ConflictDeclaration
from tests.audits.conftest import Office
from tests.personas import make_user

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def browser(user: Any) -> Client:
    http = Client()
    http.force_login(user)
    return http


def cell(html: str, key: str) -> str:
    marker = f'data-key="{key}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def alerts(html: str) -> str:
    """The text of every error shown (form errors and field errors), tags removed."""
    blocks = re.findall(r'<div class="errors" role="alert">(.*?)</div>', html, re.S)
    blocks += re.findall(r'<p class="field-error" role="alert">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>|\s+", " ", " ".join(blocks))


def test_new_application_page_computes_and_shows_the_audit_time(office: Office) -> None:
    planner = browser(office.personas.planner)
    client = office.personas.client
    res = planner.get("/office/applications/new/")
    assert res.status_code == 200
    assert client.name in res.content.decode()
    site = client.sites.get()
    res = planner.get(f"/office/applications/new/?client={client.pk}")
    assert res.status_code == 200
    res = planner.post(
        f"/office/applications/new/?client={client.pk}",
        {
            "standard_1": "ISO 9001:2015",
            "kind": "initial",
            "scope": "Design and manufacture of widgets",
            "iaf_codes": "17",
            "sites": [str(site.pk)],
            "personnel": "60",
            "sampling": "on",
        },
    )
    assert res.status_code == 302, alerts(res.content.decode())
    application = Application.objects.get()
    res = planner.get(res["Location"])
    html = res.content.decode()
    assert cell(html, "initial_days") == "5.0"
    assert cell(html, "floor_days") == "3.5"
    assert "Audit time, step by step" in html
    assert "IAF MD 5" in html  # the clause of each step
    res = planner.post(
        f"/office/applications/{application.pk}/review/", {"accept": "1", "reason": ""}
    )
    assert res.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_application_refused_on_the_form_with_the_reason(office: Office) -> None:
    planner = browser(office.personas.planner)
    client = office.personas.client
    res = planner.post(
        f"/office/applications/new/?client={client.pk}",
        {
            "standard_1": "ISO 9001:2015",
            "kind": "initial",
            "scope": "Widgets",
            "iaf_codes": "17, 1",
            "sites": [str(client.sites.get().pk)],
            "personnel": "60",
        },
    )
    assert res.status_code == 400
    assert "outside" in alerts(res.content.decode())
    assert not Application.objects.exists()
    assert browser(office.personas.auditor).get("/office/applications/new/").status_code == 403


def test_programme_page_shows_the_timeline_in_date_order(office: Office) -> None:
    programme = office.programme()
    from isocert.audits import services

    services.programme_start_cycle(
        actor=office.planner, programme=programme, decision_date=D("2024-03-15")
    )
    office.schedule(office.audit(programme, AuditKind.STAGE1), D("2024-02-01"))
    html = browser(office.personas.lead).get(f"/office/programmes/{programme.pk}/").content.decode()
    assert cell(html, "expiry_date") == "2027-03-14"
    assert "<svg" in html and "<rect" in html
    table = html[html.index("Audits by date") :]
    order = [
        table.index(label)
        for label in ("Stage 1", "Surveillance 1", "Surveillance 2", "Recertification")
    ]
    assert order == sorted(order)
    assert "Add a special" not in html  # a lead auditor does not plan


def test_reschedule_past_due_is_refused_on_the_page(office: Office) -> None:
    programme = office.programme()
    from isocert.audits import services

    services.programme_start_cycle(
        actor=office.planner, programme=programme, decision_date=D("2024-03-15")
    )
    s1 = office.audit(programme, AuditKind.SURVEILLANCE1)
    planner = browser(office.personas.planner)
    body = {"start": "2025-03-16", "end": "2025-03-16", "days_planned": "1.5"}
    res = planner.post(f"/office/audits/{s1.pk}/schedule/", body)
    assert res.status_code == 400
    assert "after its due date 2025-03-15" in alerts(res.content.decode())
    res = planner.post(
        f"/office/audits/{s1.pk}/schedule/",
        {**body, "schedule_exception": "Client closed for refurbishment."},
    )
    assert res.status_code == 302
    s1.refresh_from_db()
    assert s1.planned_start == D("2025-03-16")


def test_team_assignment_refused_for_a_conflict_on_the_page(office: Office) -> None:
    stage1 = office.audit(office.programme(), AuditKind.STAGE1)
    office.schedule(stage1, D("2024-02-05"))
    lead = office.personas.lead
    ConflictDeclaration.objects.create(
        user=lead, client=office.personas.client, kind="consultancy", ended_on=D("2022-06-30")
    )
    planner = browser(office.personas.planner)
    res = planner.post(
        f"/office/audits/{stage1.pk}/team/", {"user": lead.pk, "role": "lead_auditor"}
    )
    assert res.status_code == 400
    assert "may audit this client from 2024-06-30" in alerts(res.content.decode())
    res = planner.post(f"/office/audits/{stage1.pk}/start/")
    assert res.status_code == 400
    assert "lead auditor" in alerts(res.content.decode())


def test_an_audit_worked_through_the_pages(office: Office, frozen: Any) -> None:
    p = office.personas
    stage2 = office.stage2_done(start=D("2024-02-05"))
    lead = browser(p.lead)
    html = lead.get(f"/office/audits/{stage2.pk}/").content.decode()
    assert "Raise a finding" in html and "Submit the report" in html
    res = lead.post(
        f"/office/audits/{stage2.pk}/findings/",
        {"kind": "major", "clause": "8.5.1", "statement": "No validation.", "evidence": "Line 3."},
    )
    assert res.status_code == 302
    finding = Finding.objects.get()
    # the client sees its audit and the finding, and responds
    client_user = browser(p.client_user)
    html = client_user.get(f"/office/audits/{stage2.pk}/").content.decode()
    assert "8.5.1" in html and "Raise a finding" not in html and "History" not in html
    res = client_user.post(
        f"/office/findings/{finding.pk}/respond/",
        {
            "correction": "Line stopped.",
            "root_cause": "No validation step.",
            "corrective_action": "Validate; update PR-7.",
            "action_due": "2024-03-01",
        },
    )
    assert res.status_code == 302
    assert "Accept the action plan" not in client_user.get(res["Location"]).content.decode()
    assert lead.post(f"/office/findings/{finding.pk}/accept/", {"note": ""}).status_code == 302
    frozen.move_to(D("2024-02-20"))
    lead = browser(p.lead)  # a new day, a new sign-in
    res = lead.post(
        f"/office/findings/{finding.pk}/verify/", {"verified_on": "2024-02-21", "note": "x"}
    )
    assert res.status_code == 400
    res = lead.post(
        f"/office/findings/{finding.pk}/verify/",
        {"verified_on": "2024-02-20", "note": "Validation records seen."},
    )
    assert res.status_code == 302
    assert Finding.objects.get().status == FindingStatus.VERIFIED
    res = lead.post(
        f"/office/audits/{stage2.pk}/report/",
        {"report": "Stage 2 complete.", "recommendation": "recommend"},
    )
    assert res.status_code == 302
    assert Audit.objects.get(pk=stage2.pk).status == AuditStatus.COMPLETED
    html = lead.get(f"/office/audits/{stage2.pk}/").content.decode()
    assert "What still blocks" not in html
    assert "finding.verified" in html  # the history


def test_the_six_month_rule_on_the_programme_page(office: Office, frozen: Any) -> None:
    stage2 = office.stage2_done(start=D("2024-02-05"))
    stage2.findings.create(kind="major", clause="8.5.1", statement="s", evidence="e")
    office.complete(stage2)
    planner = browser(office.personas.planner)
    url = f"/office/programmes/{stage2.programme_id}/repeat-stage2/"
    frozen.move_to(D("2024-08-06"))
    planner = browser(office.personas.planner)
    res = planner.post(url, {"reason": ""})
    assert res.status_code == 400
    assert "need not be repeated" in alerts(res.content.decode())
    frozen.move_to(D("2024-08-07"))
    planner = browser(office.personas.planner)
    html = planner.get(f"/office/audits/{stage2.pk}/").content.decode()
    assert "stage 2 must be repeated" in html
    assert planner.post(url, {"reason": ""}).status_code == 302
    assert Audit.objects.filter(kind=AuditKind.STAGE2).count() == 2


# --------------------------------------------------------------------------------------------------
# Who sees what
# --------------------------------------------------------------------------------------------------


def test_visibility_per_persona(office: Office) -> None:
    p = office.personas
    stage2 = office.stage2_done(start=D("2024-02-05"))
    finding = stage2.findings.create(kind="minor", clause="7.2", statement="s", evidence="e")
    pages = [
        f"/office/applications/{stage2.programme.application_id}/",
        f"/office/programmes/{stage2.programme_id}/",
        f"/office/audits/{stage2.pk}/",
        f"/office/findings/{finding.pk}/",
    ]
    other = browser(p.other_staff)
    for url in pages:
        assert other.get(url).status_code == 404, url
    assert other.post(f"/office/audits/{stage2.pk}/start/").status_code == 404
    maple_user = make_user("maple-user")
    ClientUser.objects.create(user=maple_user, client=p.other_client)
    maple = browser(maple_user)
    for url in pages:
        assert maple.get(url).status_code == 404, url
    assert p.client.name not in maple.get("/office/audits/").content.decode()
    mine = browser(p.client_user)
    for url in pages:
        assert mine.get(url).status_code == 200, url
    outsider = browser(p.outsider)
    for url in ["/office/audits/", "/office/applications/", *pages]:
        assert outsider.get(url).status_code == 403, url
    anonymous = Client().get("/office/audits/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


# --------------------------------------------------------------------------------------------------
# Lists: filters, CSV and a fixed number of queries
# --------------------------------------------------------------------------------------------------


def fill(office: Office, n: int) -> None:
    while Programme.objects.count() < n:
        programme = office.programme()
        stage1 = office.audit(programme, AuditKind.STAGE1)
        office.schedule(stage1, D("2024-02-05"))
        office.staff(stage1)
        stage1.findings.create(kind="minor", clause="7.2", statement="s", evidence="e")


@pytest.mark.parametrize(
    "url", ["/office/applications/", "/office/programmes/", "/office/audits/", "/office/findings/"]
)
def test_list_pages_cost_a_fixed_number_of_queries(
    office: Office, django_assert_num_queries: Any, url: str
) -> None:
    planner = browser(office.personas.planner)
    fill(office, 2)
    with CaptureQueriesContext(connection) as two:
        assert planner.get(url).status_code == 200
    fill(office, 5)
    with django_assert_num_queries(len(two.captured_queries)):
        res = planner.get(url)
    assert res.status_code == 200


def test_audit_list_puts_overdue_first_and_filters(office: Office) -> None:
    fill(office, 2)
    first, second = Audit.objects.filter(kind=AuditKind.STAGE2).order_by("pk")
    Audit.objects.filter(pk=second.pk).update(due_date=D("2024-01-05"))  # overdue on 2024-01-10
    Audit.objects.filter(pk=first.pk).update(due_date=D("2024-06-01"))
    planner = browser(office.personas.planner)
    html = planner.get("/office/audits/").content.decode()
    rows = html[html.index("<tbody>") :]
    assert rows.index(f"/office/audits/{second.pk}/") < rows.index(f"/office/audits/{first.pk}/")
    assert "overdue" in rows[: rows.index(f"/office/audits/{first.pk}/")]
    html = planner.get("/office/audits/", {"kind": "stage1"}).content.decode()
    assert f"/office/audits/{first.pk}/" not in html
    csv = planner.get("/office/audits/", {"format": "csv"})
    assert csv["Content-Type"].startswith("text/csv")
    assert csv.content.decode().splitlines()[0].startswith("id,client,kind,status")
    assert len(csv.content.decode().splitlines()) == 1 + 4
