"""Input and output schemas of the certification API (back office; never the public registry)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from isocert.certification.choices import (
    CertificateStatus,
    DecisionKind,
    DecisionOutcome,
    ReviewOutcome,
)
from isocert.core.paging import PageIn
from isocert.core.schemas import IafCodeNumber, RowId

# --------------------------------------------------------------------------------------------------
# Inputs
# --------------------------------------------------------------------------------------------------


class TechnicalReviewIn(Schema):
    audit_id: RowId
    outcome: ReviewOutcome
    notes: str = Field(default="", max_length=5000)
    reviewed_on: dt.date | None = Field(default=None, description="default: today")


class DecisionIn(Schema):
    audit_id: RowId
    kind: DecisionKind
    outcome: DecisionOutcome
    decided_on: dt.date
    notes: str = Field(default="", max_length=5000)


class SiteScopeIn(Schema):
    site_id: RowId
    scope: str = Field(default="", max_length=5000, description="default: the certificate scope")


class SuspendIn(Schema):
    reason: str = Field(min_length=1, max_length=5000)
    deadline: dt.date = Field(description="the day the issue must be resolved by")


class CertificateReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=5000)


class ReduceScopeIn(Schema):
    scope: str = Field(min_length=1, max_length=5000)
    sites: list[SiteScopeIn] = Field(min_length=1, max_length=500)
    iaf_codes: list[IafCodeNumber] = Field(default_factory=list, max_length=39)
    reason: str = Field(min_length=1, max_length=5000)
    effective_on: dt.date | None = Field(default=None, description="default: today")


class ExtendScopeIn(Schema):
    decision_id: RowId = Field(description="the granted scope-extension decision")
    scope: str = Field(min_length=1, max_length=5000)
    sites: list[SiteScopeIn] = Field(min_length=1, max_length=500)
    iaf_codes: list[IafCodeNumber] = Field(default_factory=list, max_length=39)
    effective_on: dt.date | None = Field(default=None, description="default: today")


class TransferIn(Schema):
    decision_id: RowId = Field(description="the granted transfer decision")
    issuing_body: str = Field(min_length=1, max_length=150)
    previous_number: str = Field(min_length=1, max_length=48)
    standard: str = Field(description='e.g. "ISO 9001"')
    edition_year: int
    certificate_status: str = Field(description="status at the issuing body, e.g. active")
    original_issue_date: dt.date
    cycle_start: dt.date
    expiry_date: dt.date
    accredited: bool = Field(description="issued under accreditation of an IAF MLA signatory")
    reports_available: bool
    surveillance_overdue: bool
    open_major_ncs: int = Field(default=0, ge=0, le=1000)
    minor_plans_accepted: bool = True
    issuing_body_ceased_or_lost_accreditation_on: dt.date | None = None


class CertificateFiltersIn(PageIn):
    status: CertificateStatus | None = None
    standard: str = Field(default="", max_length=40, description='e.g. "ISO 9001"')
    expiring_within: int | None = Field(
        default=None, ge=0, le=3660, description="active and expiring within this many days"
    )
    q: str = Field(default="", max_length=100, description="number or client name")
    sort: str = Field(default="number", description="number, -number, client, expiry, -expiry …")


class DecisionFiltersIn(PageIn):
    sort: str = Field(default="-decided_on", description="-decided_on, decided_on, client, kind")


# --------------------------------------------------------------------------------------------------
# Outputs
# --------------------------------------------------------------------------------------------------


class ReviewOut(Schema):
    id: int
    audit_id: int
    reviewer: str
    outcome: str
    notes: str
    reviewed_on: dt.date


class DecisionOut(Schema):
    id: int
    audit_id: int | None
    client_id: int
    client: str
    programme_id: int
    kind: str
    outcome: str
    decided_by: str
    decided_on: dt.date
    notes: str
    certificates: list[str] = Field(default_factory=list)


class DecisionPageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[DecisionOut]


class ReviewPageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[ReviewOut]


class QueueOut(Schema):
    audit_id: int
    audit_kind: str
    client_id: int
    client: str
    last_day: dt.date | None
    review_outcome: str | None
    blockers: list[str]


class QueuePageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[QueueOut]


class CertificateSiteOut(Schema):
    site_id: int
    name: str
    city: str
    country: str
    scope: str


class OfficeCertificateOut(Schema):
    id: int
    number: str
    revision: int
    printed_number: str
    status: str
    client_id: int
    holder: str
    standard: str
    edition: str
    scope: str
    iaf_codes: list[int]
    sites: list[CertificateSiteOut]
    original_issue_date: dt.date
    issue_date: dt.date
    effective_date: dt.date
    expiry_date: dt.date
    cycle_start: dt.date
    certification_body: str
    suspended_on: dt.date | None
    suspension_deadline: dt.date | None
    withdrawn_on: dt.date | None
    status_reason: str
    transferred_from: str
    flags: list[str]


class CertificatePageOut(Schema):
    count: int
    page: int
    page_size: int
    pages: int
    items: list[OfficeCertificateOut]


class EventOut(Schema):
    seq: int
    occurred_at: dt.datetime
    who: str
    kind: str
    before: Any = None
    after: Any = None
    reason: str
    public: bool


class CertificateDetailOut(OfficeCertificateOut):
    events: list[EventOut]
