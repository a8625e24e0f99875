"""Input and output schemas of the accreditation API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from isocert.accreditation.choices import AccreditationStatus
from isocert.core.paging import PageIn, PageMeta
from isocert.core.schemas import IafCodeNumber


class AccreditationBodyRecordOut(Schema):
    id: int
    name: str
    acronym: str
    country: str
    website: str
    iaf_mla_signatory: bool
    cb_count: int = Field(description="certification bodies it accredits")


class AccreditationBodyPageOut(PageMeta):
    items: list[AccreditationBodyRecordOut]


class AccreditedScopeOut(Schema):
    id: int
    certification_body_id: int
    standard: str
    edition: str = Field(description='standard and edition year, e.g. "ISO 9001:2015"')
    edition_year: int
    iaf_codes: list[int]
    valid_from: date
    valid_until: date | None
    status: AccreditationStatus

    @staticmethod
    def resolve_standard(obj: Any) -> str:
        return str(obj.standard.code)

    @staticmethod
    def resolve_edition(obj: Any) -> str:
        return f"{obj.standard.code}:{obj.edition.year}"

    @staticmethod
    def resolve_edition_year(obj: Any) -> int:
        return int(obj.edition.year)

    @staticmethod
    def resolve_iaf_codes(obj: Any) -> list[int]:
        return sorted(code.code for code in obj.iaf_codes.all())


class ScopePageOut(PageMeta):
    items: list[AccreditedScopeOut]


class StatusChangeOut(Schema):
    from_status: AccreditationStatus
    to_status: AccreditationStatus
    effective_on: date
    reason: str
    recorded_at: datetime


class CertificationBodyOut(Schema):
    id: int
    name: str
    acronym: str
    country: str
    website: str
    accreditation_body: str | None = Field(description="acronym of its accreditation body")
    accreditation_number: str
    accreditation_status: AccreditationStatus
    accreditation_status_since: date | None
    client_count: int

    @staticmethod
    def resolve_accreditation_body(obj: Any) -> str | None:
        return obj.accreditation_body.acronym if obj.accreditation_body_id else None


class CertificationBodyListOut(CertificationBodyOut):
    scope_count: int


class CertificationBodyPageOut(PageMeta):
    items: list[CertificationBodyListOut]


class CertificationBodyDetailOut(CertificationBodyOut):
    scopes: list[AccreditedScopeOut]
    status_history: list[StatusChangeOut]

    @staticmethod
    def resolve_scopes(obj: Any) -> list[Any]:
        return list(obj.scopes.all())

    @staticmethod
    def resolve_status_history(obj: Any) -> list[Any]:
        return list(obj.status_changes.all())


class CertificationBodyFilterIn(PageIn):
    q: str = Field(default="", max_length=100, description="name, acronym or number contains")
    status: AccreditationStatus | None = None
    sort: str = Field(default="name", description="name, -name, acronym, status or clients")


class ScopeAddIn(Schema):
    standard: str = Field(max_length=60, examples=["ISO 9001"])
    edition_year: int = Field(ge=1947, le=2100, examples=[2015])
    iaf_codes: list[IafCodeNumber] = Field(default_factory=list, max_length=39)
    valid_from: date
    valid_until: date | None = None


class ScopeStatusIn(Schema):
    status: AccreditationStatus
    reason: str = Field(max_length=2000)


class AccreditationStatusIn(Schema):
    status: AccreditationStatus
    reason: str = Field(max_length=2000)
    on: date | None = Field(default=None, description="day it takes effect (default today)")


class CoversIn(Schema):
    standard: str = Field(max_length=60)
    edition_year: int = Field(ge=1947, le=2100)
    iaf_code: list[IafCodeNumber] = Field(
        default_factory=list, max_length=39, description="repeat for several codes"
    )
    on: date | None = None


class CoversOut(Schema):
    covered: bool
    reason: str
