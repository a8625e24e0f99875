"""The audit team: competence for every standard and IAF code, impartiality, one lead auditor;
starting and completing an audit; the site sample."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from isocert.audits import services
from isocert.audits.choices import AuditKind, AuditStatus, TeamRole
from isocert.audits.models import Audit, TeamMember
from isocert.audits.selectors import audit_last_day, audit_team_user_ids
from isocert.core.errors import Refused
from isocert.core.models import Event
from isocert.people.models import ConflictDeclaration, Qualification
from tests.audits.conftest import Office, act

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
LEAD, AUDITOR, EXPERT = TeamRole.LEAD_AUDITOR, TeamRole.AUDITOR, TeamRole.TECHNICAL_EXPERT


@pytest.fixture
def stage1(office: Office) -> Audit:
    audit = office.audit(office.programme(codes=(17, 28)), AuditKind.STAGE1)
    return office.schedule(audit, D("2024-02-05"))


def assign(office: Office, audit: Audit, user, role: str) -> TeamMember:
    return services.audit_team_assign(actor=office.planner, audit=audit, user=user, role=role)


def test_a_qualified_team_is_assigned_and_recorded(office: Office, stage1: Audit) -> None:
    p = office.personas
    assign(office, stage1, p.lead, LEAD)
    assign(office, stage1, p.auditor, AUDITOR)
    assign(office, stage1, p.expert, EXPERT)
    assert audit_team_user_ids(audit=stage1) == {p.lead.pk, p.auditor.pk, p.expert.pk}
    events = Event.objects.filter(kind="audit.team_assigned", object_id=str(stage1.pk))
    assert [e.after["role"] for e in events] == [LEAD, AUDITOR, EXPERT]


def test_missing_qualification_for_one_iaf_code_is_refused(office: Office, stage1: Audit) -> None:
    lead = office.personas.lead
    Qualification.objects.filter(user=lead, standard__code="ISO 9001", iaf_code_id=28).delete()
    with pytest.raises(Refused) as refused:
        assign(office, stage1, lead, LEAD)
    assert "ISO 9001 IAF 28" in refused.value.message
    assert "ISO 9001 IAF 17" not in refused.value.message
    assert not stage1.team.exists()


def test_qualification_must_be_valid_on_the_first_day(office: Office, stage1: Audit) -> None:
    lead = office.personas.lead
    Qualification.objects.filter(user=lead).update(valid_until=D("2024-02-04"))
    with pytest.raises(Refused) as refused:
        assign(office, stage1, lead, LEAD)
    assert "on 2024-02-05" in refused.value.message
    Qualification.objects.filter(user=lead).update(valid_until=D("2024-02-05"))
    assign(office, stage1, lead, LEAD)


def test_role_needs_the_qualification_level(office: Office, stage1: Audit) -> None:
    p = office.personas
    with pytest.raises(Refused) as refused:
        assign(office, stage1, p.auditor, LEAD)
    assert "qualified as auditor only" in refused.value.message
    with pytest.raises(Refused):
        assign(office, stage1, p.expert, AUDITOR)


def test_technical_expert_needs_the_iaf_codes_only(office: Office, stage1: Audit) -> None:
    expert = office.personas.expert
    # qualified for the codes through ISO 45001 only: enough for a technical expert
    Qualification.objects.filter(user=expert).exclude(standard__code="ISO 45001").delete()
    Qualification.objects.filter(user=expert, standard__code="ISO 45001").update(
        standard=stage1.programme.application.standards.get().standard
    )
    assign(office, stage1, expert, EXPERT)
    TeamMember.objects.filter(user=expert).delete()
    Qualification.objects.filter(user=expert, iaf_code_id=28).delete()
    with pytest.raises(Refused) as refused:
        assign(office, stage1, expert, EXPERT)
    assert "IAF code 28" in refused.value.message


@pytest.mark.parametrize("kind", ["consultancy", "employment"])
def test_cooling_off_of_24_months_to_the_day(office: Office, stage1: Audit, kind: str) -> None:
    lead = office.personas.lead
    # ended 2022-02-05: exactly 24 months before the first day 2024-02-05 -> allowed
    declaration = ConflictDeclaration.objects.create(
        user=lead, client=office.personas.client, kind=kind, ended_on=D("2022-02-05")
    )
    assign(office, stage1, lead, LEAD)
    TeamMember.objects.filter(user=lead).delete()
    declaration.ended_on = D("2022-02-06")  # one day less than 24 months -> barred
    declaration.save()
    with pytest.raises(Refused) as refused:
        assign(office, stage1, lead, LEAD)
    assert "may audit this client from 2024-02-06" in refused.value.message


def test_ongoing_consultancy_bars_and_financial_interest_does_not(
    office: Office, stage1: Audit
) -> None:
    p = office.personas
    ConflictDeclaration.objects.create(user=p.auditor, client=p.client, kind="financial")
    assign(office, stage1, p.auditor, AUDITOR)
    ConflictDeclaration.objects.create(
        user=p.lead, client=p.client, kind="consultancy", started_on=D("2023-01-01")
    )
    with pytest.raises(Refused) as refused:
        assign(office, stage1, p.lead, LEAD)
    assert "goes on" in refused.value.message


def test_exactly_one_lead_auditor_and_no_outsiders(office: Office, stage1: Audit) -> None:
    p = office.personas
    assign(office, stage1, p.lead, LEAD)
    with pytest.raises(Refused):
        assign(office, stage1, p.lead, AUDITOR)  # already on the team
    second_lead = p.other_staff  # lead auditor, but of the other body
    with pytest.raises(Refused) as refused:
        assign(office, stage1, second_lead, AUDITOR)
    assert "does not work for Acme Certification" in refused.value.message
    Qualification.objects.filter(user=p.auditor).update(level="lead_auditor")
    with pytest.raises(Refused) as refused:
        assign(office, stage1, p.auditor, LEAD)
    assert "exactly one" in refused.value.message


def test_team_needs_dates_and_a_planner(office: Office) -> None:
    programme = office.programme()
    stage1 = office.audit(programme, AuditKind.STAGE1)
    with pytest.raises(Refused):
        assign(office, stage1, office.personas.lead, LEAD)
    office.schedule(stage1, D("2024-02-05"))
    with pytest.raises(PermissionDenied):
        services.audit_team_assign(
            actor=act(office.personas.lead), audit=stage1, user=office.personas.lead, role=LEAD
        )


def test_team_member_removed_before_the_audit(office: Office, stage1: Audit) -> None:
    office.staff(stage1)
    services.audit_team_remove(actor=office.planner, audit=stage1, user=office.personas.lead)
    assert not stage1.team.exists()
    assert Event.objects.filter(kind="audit.team_removed").count() == 1


# --------------------------------------------------------------------------------------------------
# Start and report
# --------------------------------------------------------------------------------------------------


def test_an_audit_cannot_start_or_complete_without_its_lead_auditor(
    office: Office, stage1: Audit
) -> None:
    assign(office, stage1, office.personas.auditor, AUDITOR)
    with pytest.raises(Refused) as refused:
        services.audit_start(actor=office.planner, audit=stage1)
    assert "lead auditor" in refused.value.message
    assign(office, stage1, office.personas.lead, LEAD)
    services.audit_start(actor=act(office.personas.lead), audit=stage1)
    TeamMember.objects.filter(role=LEAD).delete()
    with pytest.raises(Refused) as refused:
        office.complete(stage1, office.personas.auditor)
    assert "lead auditor" in refused.value.message


def test_only_team_members_write_the_report(office: Office, stage1: Audit) -> None:
    office.staff(stage1)
    with pytest.raises(PermissionDenied):
        services.audit_start(actor=act(office.personas.auditor), audit=stage1)
    services.audit_start(actor=office.planner, audit=stage1)
    with pytest.raises(PermissionDenied):
        office.complete(stage1, office.personas.planner)
    with pytest.raises(Refused):
        services.audit_complete(
            actor=act(office.personas.lead), audit=stage1, report=" ", recommendation="recommend"
        )
    with pytest.raises(Refused):
        services.audit_complete(
            actor=act(office.personas.lead), audit=stage1, report="Done.", recommendation="maybe"
        )
    office.complete(stage1)
    stage1.refresh_from_db()
    assert stage1.status == AuditStatus.COMPLETED
    assert stage1.report_submitted_at is not None
    assert stage1.recommendation == "recommend"
    assert audit_last_day(audit=stage1) == D("2024-02-05")
    kinds = list(
        Event.objects.filter(object_id=str(stage1.pk), object_type="audits.audit").values_list(
            "kind", flat=True
        )
    )
    assert kinds[-3:] == ["audit.team_assigned", "audit.started", "audit.completed"]


def test_stage_2_follows_stage_1(office: Office) -> None:
    programme = office.programme()
    stage2 = office.audit(programme, AuditKind.STAGE2)
    office.schedule(stage2, D("2024-03-01"))
    office.staff(stage2)
    with pytest.raises(Refused) as refused:
        services.audit_start(actor=office.planner, audit=stage2)
    assert "Stage 1" in refused.value.message


# --------------------------------------------------------------------------------------------------
# Site sample
# --------------------------------------------------------------------------------------------------


def test_site_sample_includes_the_central_function_and_prefers_unvisited_sites(
    office: Office,
) -> None:
    office.add_sites(9)
    programme = office.programme()
    stage1 = office.audit(programme, AuditKind.STAGE1)
    stage2 = office.audit(programme, AuditKind.STAGE2)
    services.audit_sites_select(actor=office.planner, audit=stage1)
    stage1.refresh_from_db()
    first = set(stage1.sites.values_list("pk", flat=True))
    central = programme.client.sites.get(is_central_function=True).pk
    assert central in first
    assert len(first) == 1 + 3  # central + ceil(sqrt(9))
    assert stage1.sample_detail["seed"] == stage1.pk
    # the same draw again: same sites (seeded by the audit id)
    services.audit_sites_select(actor=office.planner, audit=stage1)
    assert set(stage1.sites.values_list("pk", flat=True)) == first
    services.audit_sites_select(actor=office.planner, audit=stage2)
    second = set(stage2.sites.values_list("pk", flat=True))
    chosen = {int(i) for i in stage2.__class__.objects.get(pk=stage2.pk).sample_detail["chosen"]}
    assert not chosen & first  # the chosen part avoids the sites stage 1 visited
    assert central in second
