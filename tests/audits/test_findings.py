"""Findings and corrective actions; what blocks a decision; the 6-month rule for stage 2 majors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.audits import services
from isocert.audits.choices import AuditKind, AuditStatus, FindingKind, FindingStatus, TeamRole
from isocert.audits.models import Audit, Finding
from isocert.audits.selectors import decision_blockers
from isocert.clients.models import ClientUser
from isocert.core.errors import Refused
from isocert.core.models import Event
from tests.audits.conftest import Office, act
from tests.personas import make_user

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
STAGE2_START = D("2024-02-05")
ACTION_DUE = D("2024-04-01")  # the stage 2 of ``office.stage2_done`` ends on 2024-02-06


def raise_finding(
    office: Office, audit: Audit, kind: str = FindingKind.MINOR, **extra: Any
) -> Finding:
    values = {
        "clause": "7.5.3",
        "statement": "Obsolete work instructions in use.",
        "evidence": "WI-12 rev 3 on line 2; rev 4 approved 2023-11-02.",
        **extra,
    }
    return services.finding_raise(
        actor=act(extra.pop("by", office.personas.lead)),
        audit=audit,
        kind=kind,
        **{k: v for k, v in values.items() if k != "by"},
    )


def respond(
    office: Office, finding: Finding, user: Any = None, due: dt.date = ACTION_DUE
) -> Finding:
    return services.finding_respond(
        actor=act(user or office.personas.client_user),
        finding=finding,
        correction="Rev 3 withdrawn from line 2.",
        root_cause="No withdrawal step in the document procedure.",
        corrective_action="Procedure DP-01 gets a withdrawal step; training of supervisors.",
        action_due=due,
    )


def accept(office: Office, finding: Finding, user: Any = None) -> Finding:
    return services.finding_accept_plan(actor=act(user or office.personas.lead), finding=finding)


def verify(office: Office, finding: Finding, on: dt.date, user: Any = None) -> Finding:
    return services.finding_verify(
        actor=act(user or office.personas.lead),
        finding=finding,
        verified_on=on,
        note="Revised DP-01 seen; line 2 uses rev 4 only.",
    )


@pytest.fixture
def stage2(office: Office) -> Audit:
    return office.stage2_done(start=STAGE2_START)


def test_the_finding_flow_and_its_events(office: Office, stage2: Audit, frozen: Any) -> None:
    finding = raise_finding(office, stage2)
    assert finding.status == FindingStatus.OPEN
    assert finding.raised_by == office.personas.lead
    respond(office, finding)
    accept(office, finding)
    frozen.move_to(D("2024-03-01"))
    verify(office, finding, D("2024-03-01"))
    finding.refresh_from_db()
    assert finding.status == FindingStatus.VERIFIED
    assert finding.verified_by == office.personas.lead
    kinds = list(
        Event.objects.filter(object_type="audits.finding", object_id=str(finding.pk)).values_list(
            "kind", flat=True
        )
    )
    assert kinds == [
        "finding.raised",
        "finding.responded",
        "finding.plan_accepted",
        "finding.verified",
    ]


def test_raising_guards(office: Office, stage2: Audit) -> None:
    with pytest.raises(PermissionDenied):
        raise_finding(office, stage2, by=office.personas.auditor)  # not on this team
    with pytest.raises(Refused):
        raise_finding(office, stage2, FindingKind.MAJOR, evidence=" ")
    with pytest.raises(Refused):
        raise_finding(office, stage2, FindingKind.MINOR, clause="")
    with pytest.raises(Refused):
        raise_finding(office, stage2, "serious")
    other_site = office.personas.other_client.sites.get()
    with pytest.raises(Refused):
        raise_finding(office, stage2, site=other_site)
    ofi = raise_finding(office, stage2, FindingKind.OFI, clause="", evidence="")
    assert ofi.kind == FindingKind.OFI
    with pytest.raises(Refused):
        respond(office, ofi)  # an opportunity for improvement needs no response
    office.complete(stage2)
    with pytest.raises(Refused):
        raise_finding(office, stage2)  # the report is in


def test_who_may_respond(office: Office, stage2: Audit) -> None:
    finding = raise_finding(office, stage2)
    stranger = make_user("maple-user")
    ClientUser.objects.create(user=stranger, client=office.personas.other_client)
    with pytest.raises(Http404):
        respond(office, finding, stranger)
    with pytest.raises(Http404):
        respond(office, finding, office.personas.other_staff)
    with pytest.raises(Refused):
        respond(office, finding, due=D("2024-01-09"))  # due date in the past (today 2024-01-10)
    respond(office, finding, office.personas.planner)  # staff may record it for the client
    respond(office, finding)  # and the client may revise it before it is accepted
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.RESPONDED


def test_who_may_accept_and_verify(office: Office, frozen: Any) -> None:
    p = office.personas
    stage2 = office.stage2_done(start=STAGE2_START)
    services.audit_team_assign(
        actor=office.planner, audit=stage2, user=p.auditor, role=TeamRole.AUDITOR
    )
    services.audit_team_assign(
        actor=office.planner, audit=stage2, user=p.expert, role=TeamRole.TECHNICAL_EXPERT
    )
    finding = raise_finding(office, stage2, by=p.expert)
    with pytest.raises(Refused):
        accept(office, finding)  # nothing to accept before the client responds
    respond(office, finding)
    for outsider in (p.expert, p.planner, p.client_user):
        with pytest.raises((PermissionDenied, Http404)):
            accept(office, finding, outsider)
    services.finding_reject_plan(actor=act(p.auditor), finding=finding, reason="No root cause.")
    assert Finding.objects.get(pk=finding.pk).status == FindingStatus.OPEN
    respond(office, finding)
    accept(office, finding, p.auditor)
    frozen.move_to(D("2024-02-20"))
    with pytest.raises(Refused):
        verify(office, finding, D("2024-02-21"))  # not yet done
    with pytest.raises(Refused):
        verify(office, finding, D("2024-02-01"))  # before the audit began
    with pytest.raises(PermissionDenied):
        verify(office, finding, D("2024-02-20"), p.expert)
    verify(office, finding, D("2024-02-20"), p.auditor)
    with pytest.raises(Refused):
        verify(office, finding, D("2024-02-20"))  # already verified


# --------------------------------------------------------------------------------------------------
# Decision blockers
# --------------------------------------------------------------------------------------------------


def blockers(audit: Audit, today: dt.date) -> list[str]:
    audit = Audit.objects.prefetch_related("team", "findings").get(pk=audit.pk)
    return decision_blockers(programme=audit.programme, audit=audit, today=today)


def test_each_reason_that_blocks_a_decision(office: Office, stage2: Audit, frozen: Any) -> None:
    today = D("2024-02-10")
    assert blockers(stage2, today) == ["The audit report has not been submitted."]
    major = raise_finding(office, stage2, FindingKind.MAJOR, clause="8.5.1")
    minor = raise_finding(office, stage2, FindingKind.MINOR, clause="7.2")
    raise_finding(office, stage2, FindingKind.OBSERVATION, clause="")
    office.complete(stage2)
    found = blockers(stage2, today)
    assert found == [
        f"Major nonconformity not verified closed: #{major.pk} (8.5.1).",
        f"Minor nonconformity without an accepted action plan: #{minor.pk} (7.2).",
    ]
    respond(office, minor)
    accept(office, minor)
    respond(office, major)
    accept(office, major)
    assert blockers(stage2, today) == [
        f"Major nonconformity not verified closed: #{major.pk} (8.5.1)."
    ]
    frozen.move_to(today)
    verify(office, major, today)
    assert blockers(stage2, today) == []
    stage2.team.all().delete()
    assert blockers(stage2, today) == ["The audit team had no lead auditor."]


def test_blockers_of_an_audit_of_another_programme(office: Office, stage2: Audit) -> None:
    other = office.programme()
    stage2 = Audit.objects.prefetch_related("team", "findings").get(pk=stage2.pk)
    assert "The audit does not belong to this audit programme." in decision_blockers(
        programme=other, audit=stage2, today=D("2024-02-10")
    )


# --------------------------------------------------------------------------------------------------
# Major nonconformities of stage 2: verified within 6 months of its last day, or stage 2 again
# --------------------------------------------------------------------------------------------------


REPEAT = "stage 2 must be repeated"


def test_six_month_rule_boundary_and_repeat(office: Office, stage2: Audit, frozen: Any) -> None:
    major = raise_finding(office, stage2, FindingKind.MAJOR)
    office.complete(stage2)
    programme = stage2.programme
    # stage 2 last day 2024-02-06 -> majors verified by 2024-08-06
    assert not any(REPEAT in b for b in blockers(stage2, D("2024-08-06")))
    frozen.move_to(D("2024-08-06"))
    with pytest.raises(Refused) as refused:
        services.programme_repeat_stage2(actor=office.planner, programme=programme)
    assert "2024-08-06" in refused.value.message
    assert any(REPEAT in b and "2024-08-06" in b for b in blockers(stage2, D("2024-08-07")))
    frozen.move_to(D("2024-08-07"))
    new = services.programme_repeat_stage2(actor=office.planner, programme=programme)
    assert (new.kind, new.status, new.cycle) == (AuditKind.STAGE2, AuditStatus.PLANNED, 1)
    assert new.days_required == programme.application.stage2_days
    assert Event.objects.filter(kind="programme.stage2_repeated").count() == 1
    assert major.pk  # the old stage 2 keeps its record and stays blocked
    assert any(REPEAT in b for b in blockers(stage2, D("2024-08-07")))
    with pytest.raises(Refused):
        services.programme_repeat_stage2(actor=office.planner, programme=programme)


def test_majors_verified_on_the_last_day_of_the_six_months(
    office: Office, stage2: Audit, frozen: Any
) -> None:
    major = raise_finding(office, stage2, FindingKind.MAJOR)
    office.complete(stage2)
    respond(office, major)
    accept(office, major)
    frozen.move_to(D("2024-08-06"))
    verify(office, major, D("2024-08-06"))
    assert blockers(stage2, D("2024-12-01")) == []


def test_majors_verified_too_late_still_need_a_new_stage_2(
    office: Office, stage2: Audit, frozen: Any
) -> None:
    major = raise_finding(office, stage2, FindingKind.MAJOR)
    office.complete(stage2)
    respond(office, major)
    accept(office, major)
    frozen.move_to(D("2024-08-07"))
    verify(office, major, D("2024-08-07"))
    assert [b for b in blockers(stage2, D("2024-08-07")) if REPEAT in b]
    services.programme_repeat_stage2(actor=office.planner, programme=stage2.programme)
