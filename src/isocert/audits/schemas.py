"""Input and output schemas of the audits API (applications, programmes, audits, findings)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from isocert.audits.choices import (
    ApplicationKind,
    ApplicationStatus,
    AuditKind,
    AuditRecommendation,
    AuditStatus,
    FindingKind,
    FindingStatus,
    ProgrammeStatus,
    TeamRole,
)
from isocert.audits.selectors import audit_overdue, decision_blockers
from isocert.core.paging import PageIn, PageMeta
from isocert.core.schemas import IafCodeNumber, RowId

TEXT = 20_000

# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------


class StandardIn(Schema):
    standard: str = Field(
        max_length=60, description='"ISO 9001:2015", or "ISO 9001" for the current edition'
    )
    complexity: str = Field(
        default="",
        max_length=10,
        description="EMS complexity / OH&SMS risk: high, medium, low (EMS also limited)",
    )


class ApplicationIn(Schema):
    client_id: RowId
    kind: ApplicationKind = ApplicationKind.INITIAL
    standards: list[StandardIn] = Field(min_length=1, max_length=8)
    scope: str = Field(max_length=TEXT)
    iaf_codes: list[IafCodeNumber] = Field(default_factory=list, max_length=39)
    site_ids: list[RowId] = Field(min_length=1, max_length=10_000)
    personnel: int = Field(ge=0, le=10_000_000, description="full-time personnel in scope")
    part_time_count: int = Field(default=0, ge=0, le=10_000_000)
    part_time_hours: Decimal | None = Field(default=None, gt=0, le=168)
    seasonal: int = Field(default=0, ge=0, le=10_000_000)
    repetitive: int = Field(default=0, ge=0, le=10_000_000)
    repetitive_justification: str = Field(default="", max_length=TEXT)
    reduction_percent: Decimal = Field(default=Decimal(0), ge=0, le=100)
    increase_percent: Decimal = Field(default=Decimal(0), ge=0, le=500)
    adjustment_justification: str = Field(default="", max_length=TEXT)
    integration_percent: Decimal = Field(default=Decimal(0), ge=0, le=100)
    integration_justification: str = Field(default="", max_length=TEXT)
    sampling: bool = Field(default=True, description="multi-site sampling allowed (IAF MD 1)")


class ResponseReviewIn(Schema):
    accept: bool
    reason: str = Field(default="", max_length=TEXT)


class StartCycleIn(Schema):
    decision_date: date


class SpecialAuditIn(Schema):
    kind: AuditKind = AuditKind.SPECIAL
    due_date: date
    days_required: Decimal = Field(gt=0, le=9999)
    reason: str = Field(max_length=TEXT)


class OptionalReasonIn(Schema):
    reason: str = Field(default="", max_length=TEXT)


class ScheduleIn(Schema):
    start: date
    end: date
    days_planned: Decimal = Field(gt=0, le=9999)
    days_justification: str = Field(default="", max_length=TEXT)
    schedule_exception: str = Field(default="", max_length=TEXT)


class TeamIn(Schema):
    user_id: RowId
    role: TeamRole


class CompleteIn(Schema):
    report: str = Field(max_length=200_000)
    recommendation: AuditRecommendation


class FindingIn(Schema):
    kind: FindingKind
    clause: str = Field(default="", max_length=40)
    statement: str = Field(max_length=TEXT)
    evidence: str = Field(default="", max_length=TEXT)
    site_id: RowId | None = None


class RespondIn(Schema):
    correction: str = Field(max_length=TEXT)
    root_cause: str = Field(max_length=TEXT)
    corrective_action: str = Field(max_length=TEXT)
    action_due: date


class NoteIn(Schema):
    note: str = Field(default="", max_length=TEXT)


class VerifyIn(Schema):
    verified_on: date
    note: str = Field(max_length=TEXT)


class ApplicationFilterIn(PageIn):
    status: str = Field(default="", description="draft, accepted or refused")
    sort: str = Field(default="-created", description="-created, created, client, status, days")


class AuditFilterIn(PageIn):
    status: str = Field(default="", description="planned, in_progress, completed or cancelled")
    kind: str = Field(default="", description="stage1, stage2, surveillance1 …")
    sort: str = Field(default="due", description="due (open and overdue first), start, client")


class FindingFilterIn(PageIn):
    status: str = ""
    kind: str = ""
    sort: str = Field(default="status", description="status, -created, due, kind")


# --------------------------------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------------------------------


class ApplicationStandardOut(Schema):
    standard: str
    edition: str
    complexity: str

    @staticmethod
    def resolve_standard(obj: Any) -> str:
        return str(obj.standard.code)

    @staticmethod
    def resolve_edition(obj: Any) -> str:
        return f"{obj.standard.code}:{obj.edition.year}"


class ApplicationOut(Schema):
    id: int
    client_id: int
    client_name: str
    kind: ApplicationKind
    status: ApplicationStatus
    scope: str
    standards: list[ApplicationStandardOut]
    effective_personnel: int | None
    initial_days: float | None
    stage1_days: float | None
    stage2_days: float | None
    surveillance_days: float | None
    recertification_days: float | None
    floor_days: float | None = Field(description="least audit time allowed (IAF MD 5 / MD 11)")
    refusal_reason: str
    created_at: datetime

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return str(obj.client.name)

    @staticmethod
    def resolve_standards(obj: Any) -> list[Any]:
        return list(obj.standards.all())


class ApplicationDetailOut(ApplicationOut):
    iaf_codes: list[int]
    site_ids: list[int]
    personnel: int
    part_time_count: int
    part_time_hours: float | None
    seasonal: int
    repetitive: int
    repetitive_justification: str
    reduction_percent: float
    increase_percent: float
    adjustment_justification: str
    integration_percent: float
    integration_justification: str
    sampling: bool
    audit_time_detail: dict[str, Any] | None = Field(
        description="the calculation, step by step with clauses, and the floors per audit"
    )
    sample_detail: dict[str, Any] | None = Field(description="IAF MD 1 sample sizes")
    programme_ids: list[int]

    @staticmethod
    def resolve_iaf_codes(obj: Any) -> list[int]:
        return [c.code for c in obj.iaf_codes.all()]

    @staticmethod
    def resolve_site_ids(obj: Any) -> list[int]:
        return [s.pk for s in obj.sites.all()]

    @staticmethod
    def resolve_programme_ids(obj: Any) -> list[int]:
        return [p.pk for p in obj.programmes.all()]


class ApplicationPageOut(PageMeta):
    items: list[ApplicationOut]


class TeamMemberOut(Schema):
    user_id: int
    username: str
    role: TeamRole

    @staticmethod
    def resolve_username(obj: Any) -> str:
        return str(obj.user.username)


class AuditOut(Schema):
    id: int
    programme_id: int
    client_id: int
    client_name: str
    kind: AuditKind
    status: AuditStatus
    cycle: int
    due_date: date | None
    overdue: bool = Field(description="not done and past its due date")
    planned_start: date | None
    planned_end: date | None
    days_required: float | None
    days_floor: float | None
    days_planned: float | None
    days_justification: str
    schedule_exception: str
    team: list[TeamMemberOut]

    @staticmethod
    def resolve_client_id(obj: Any) -> int:
        return int(obj.programme.client_id)

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return str(obj.programme.client.name)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return audit_overdue(audit=obj, today=timezone.localdate())

    @staticmethod
    def resolve_team(obj: Any) -> list[Any]:
        return list(obj.team.all())


class AuditPageOut(PageMeta):
    items: list[AuditOut]


class FindingOut(Schema):
    id: int
    audit_id: int
    kind: FindingKind
    status: FindingStatus
    clause: str
    statement: str
    evidence: str
    site_id: int | None
    correction: str
    root_cause: str
    corrective_action: str
    action_due: date | None
    responded_at: datetime | None
    plan_accepted_at: datetime | None
    verified_on: date | None
    verification_note: str


class FindingPageOut(PageMeta):
    items: list[FindingOut]


class AuditDetailOut(AuditOut):
    site_ids: list[int]
    sample_detail: dict[str, Any] | None
    report: str
    recommendation: str
    report_submitted_at: datetime | None
    findings: list[FindingOut]
    blockers: list[str] = Field(description="why a certification decision cannot be taken yet")

    @staticmethod
    def resolve_site_ids(obj: Any) -> list[int]:
        return [s.pk for s in obj.sites.all()]

    @staticmethod
    def resolve_findings(obj: Any) -> list[Any]:
        return list(obj.findings.all())

    @staticmethod
    def resolve_blockers(obj: Any) -> list[str]:
        return decision_blockers(programme=obj.programme, audit=obj, today=timezone.localdate())


class ProgrammeOut(Schema):
    id: int
    client_id: int
    client_name: str
    application_id: int
    cycle_number: int
    cycle_start: date | None
    expiry_date: date | None
    status: ProgrammeStatus

    @staticmethod
    def resolve_client_name(obj: Any) -> str:
        return str(obj.client.name)


class ProgrammeListOut(ProgrammeOut):
    audit_count: int
    open_count: int


class ProgrammePageOut(PageMeta):
    items: list[ProgrammeListOut]


class ProgrammeDetailOut(ProgrammeOut):
    audits: list[AuditOut]

    @staticmethod
    def resolve_audits(obj: Any) -> list[Any]:
        return list(obj.audits.all())


class BlockersOut(Schema):
    audit_id: int
    blockers: list[str]
