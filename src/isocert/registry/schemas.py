"""Public output schemas of the registry API: small and explicit, so no model field leaks.

Each ``*_out`` function maps a selector's dataclass to exactly the keys its schema declares; tests
assert the key sets, so adding a field here is a deliberate act.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field, field_validator

from isocert.core.schemas import RowId
from isocert.registry.selectors import (
    BULK_LIMIT,
    AccreditationBodyRef,
    BodyRef,
    BodyView,
    CountLine,
    OrganisationView,
    SearchPage,
    Verification,
)

# --- inputs ----------------------------------------------------------------------------------------


class BulkVerifyIn(Schema):
    numbers: list[str] = Field(
        description=f"certificate numbers as printed (1 to {BULK_LIMIT}); case, spaces and dashes "
        "do not matter"
    )

    @field_validator("numbers")
    @classmethod
    def _bounded(cls, numbers: list[str]) -> list[str]:
        if not numbers:
            raise ValueError("give at least one certificate number")
        if len(numbers) > BULK_LIMIT:
            raise ValueError(
                f"give at most {BULK_LIMIT} numbers per call (got {len(numbers)}); "
                "split the list into several calls"
            )
        too_long = [n for n in numbers if len(n) > 100]
        if too_long:
            raise ValueError("a certificate number has at most 100 characters")
        return numbers


class SearchIn(Schema):
    q: str = Field(default="", max_length=200, description="organisation name or identifier")
    country: str = Field(default="", max_length=2, description="ISO 3166-1 alpha-2 code")
    standard: str = Field(default="", max_length=40, description='e.g. "ISO 9001"')
    status: str = Field(default="", description="valid, suspended, withdrawn or expired")
    cb: RowId | None = Field(default=None, description="certification body id")
    iaf: int | None = Field(default=None, ge=1, le=39, description="IAF code")
    sort: str = Field(default="", description="relevance, name, -name or country")
    page: int = Field(default=1, ge=1, le=400)


# --- outputs ---------------------------------------------------------------------------------------


class BodyRefOut(Schema):
    id: int
    name: str
    acronym: str
    country: str
    website: str


class AccreditationBodyOut(Schema):
    name: str
    acronym: str
    country: str
    website: str
    iaf_mla_signatory: bool


class AccreditationOut(Schema):
    body: AccreditationBodyOut | None
    number: str
    status: str
    covers_today: bool
    explanation: str


class IafCodeOut(Schema):
    code: int
    sector: str


class SiteOut(Schema):
    city: str
    country: str
    scope: str


class HistoryOut(Schema):
    occurred_at: dt.datetime
    event: str
    label: str
    number: str
    from_status: str
    to_status: str


class HolderOut(Schema):
    id: int | None = Field(description="null for a confidential client (no public page)")
    name: str
    country: str


class StandardOut(Schema):
    code: str
    title: str


class CertificateOut(Schema):
    number: str
    base_number: str
    revision: int
    standard: StandardOut
    edition: str
    iaf_codes: list[IafCodeOut]
    scope: str
    original_issue_date: dt.date
    issue_date: dt.date
    expiry_date: dt.date
    suspended_on: dt.date | None
    withdrawn_on: dt.date | None
    holder: HolderOut
    sites: list[SiteOut]
    certification_body: BodyRefOut
    accreditation: AccreditationOut
    history: list[HistoryOut]


class VerificationOut(Schema):
    query: str
    verdict: str = Field(description="valid, suspended, withdrawn, expired, superseded, not_found")
    verdict_label: str
    meaning: str
    number: str | None
    current_number: str | None = Field(description="newest revision, for a superseded one")
    current_verdict: str | None
    certificate: CertificateOut | None
    near_numbers: list[str]
    explanation: list[str]
    ask: BodyRefOut | None


class BulkVerifyOut(Schema):
    count: int
    verdicts: dict[str, int]
    results: list[VerificationOut]


class CertificateLineOut(Schema):
    number: str
    standard: str
    verdict: str
    expiry_date: dt.date


class OrganisationRowOut(Schema):
    id: int
    name: str
    country: str
    city: str
    certification_body: BodyRefOut
    certificates: list[CertificateLineOut]
    score: float | None


class SearchQueryOut(Schema):
    q: str
    country: str
    standard: str
    status: str
    cb: int | None
    iaf: int | None
    sort: str
    page: int


class SearchOut(Schema):
    query: SearchQueryOut
    matched_by: str
    total: int | None = Field(description="null when browsing by filters only")
    page: int
    per_page: int
    has_next: bool
    results: list[OrganisationRowOut]


class IdentifierOut(Schema):
    scheme: str
    value: str


class PlaceOut(Schema):
    city: str
    country: str


class OrganisationCertificateOut(Schema):
    number: str
    standard: str
    edition: str
    verdict: str
    scope: str
    original_issue_date: dt.date
    issue_date: dt.date
    expiry_date: dt.date
    certification_body: BodyRefOut


class OrganisationOut(Schema):
    id: int
    name: str
    country: str
    website: str
    identifiers: list[IdentifierOut]
    sites: list[PlaceOut]
    certificates: list[OrganisationCertificateOut]


class ScopeOut(Schema):
    standard: str
    edition: str
    iaf_codes: list[int]
    valid_from: dt.date
    valid_until: dt.date | None
    status: str
    current: bool


class CountOut(Schema):
    standard: str
    valid: int
    suspended: int
    withdrawn: int
    expired: int
    total: int


class BodyAccreditationOut(Schema):
    body: AccreditationBodyOut | None
    number: str
    status: str
    status_since: dt.date | None


class BodyOut(Schema):
    id: int
    name: str
    acronym: str
    country: str
    website: str
    accreditation: BodyAccreditationOut
    scopes: list[ScopeOut]
    counts: list[CountOut]
    totals: CountOut
    organisations: int


class VerdictOut(Schema):
    verdict: str
    label: str
    meaning: str


# --- mapping ---------------------------------------------------------------------------------------


def _body(ref: BodyRef) -> dict[str, Any]:
    return {
        "id": ref.id,
        "name": ref.name,
        "acronym": ref.acronym,
        "country": ref.country,
        "website": ref.website,
    }


def _ab(ref: AccreditationBodyRef | None) -> dict[str, Any] | None:
    if ref is None:
        return None
    return {
        "name": ref.name,
        "acronym": ref.acronym,
        "country": ref.country,
        "website": ref.website,
        "iaf_mla_signatory": ref.iaf_mla_signatory,
    }


def _iso(value: dt.date | None) -> str | None:
    """A date or date-time as ``DjangoJSONEncoder`` writes it (ECMA-262: milliseconds, ``Z`` for
    UTC), done here so the encoder needs no ``default`` call per value (``verification_out`` is
    the hottest answer)."""
    if value is None:
        return None
    text = value.isoformat()
    if isinstance(value, dt.datetime):
        if value.microsecond:
            text = text[:23] + text[26:]
        if text.endswith("+00:00"):
            text = text.removesuffix("+00:00") + "Z"
    return text


def verification_out(v: Verification) -> dict[str, Any]:
    cert = v.certificate
    certificate = None
    if cert is not None:
        certificate = {
            "number": cert.number,
            "base_number": cert.base_number,
            "revision": cert.revision,
            "standard": {"code": cert.standard, "title": cert.standard_title},
            "edition": cert.edition,
            "iaf_codes": [{"code": c.code, "sector": c.sector} for c in cert.iaf_codes],
            "scope": cert.scope,
            "original_issue_date": _iso(cert.original_issue_date),
            "issue_date": _iso(cert.issue_date),
            "expiry_date": _iso(cert.expiry_date),
            "suspended_on": _iso(cert.suspended_on),
            "withdrawn_on": _iso(cert.withdrawn_on),
            "holder": {
                "id": cert.holder_id,
                "name": cert.holder_name,
                "country": cert.holder_country,
            },
            "sites": [{"city": s.city, "country": s.country, "scope": s.scope} for s in cert.sites],
            "certification_body": _body(cert.certification_body),
            "accreditation": {
                "body": _ab(cert.accreditation.body),
                "number": cert.accreditation.number,
                "status": cert.accreditation.status,
                "covers_today": cert.accreditation.covers_today,
                "explanation": cert.accreditation.explanation,
            },
            "history": [
                {
                    "occurred_at": _iso(h.occurred_at),
                    "event": h.kind,
                    "label": h.label,
                    "number": h.number,
                    "from_status": h.from_status,
                    "to_status": h.to_status,
                }
                for h in cert.history
            ],
        }
    return {
        "query": v.query,
        "verdict": v.verdict.value,
        "verdict_label": v.verdict_label,
        "meaning": v.meaning,
        "number": cert.number if cert else None,
        "current_number": v.current_number,
        "current_verdict": v.current_verdict.value if v.current_verdict else None,
        "certificate": certificate,
        "near_numbers": v.near_numbers,
        "explanation": v.explanation,
        "ask": _body(v.ask) if v.ask else None,
    }


def search_out(page: SearchPage) -> dict[str, Any]:
    q = page.query
    return {
        "query": {
            "q": q.q,
            "country": q.country,
            "standard": q.standard,
            "status": q.status,
            "cb": q.cb,
            "iaf": q.iaf_code,
            "sort": page.sort,
            "page": page.page,
        },
        "matched_by": page.matched_by,
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "has_next": page.has_next,
        "results": [
            {
                "id": r.id,
                "name": r.name,
                "country": r.country,
                "city": r.city,
                "certification_body": _body(r.certification_body),
                "certificates": [
                    {
                        "number": c.number,
                        "standard": c.standard,
                        "verdict": c.verdict.value,
                        "expiry_date": c.expiry_date,
                    }
                    for c in r.certificates
                ],
                "score": r.score,
            }
            for r in page.rows
        ],
    }


def organisation_out(org: OrganisationView) -> dict[str, Any]:
    return {
        "id": org.id,
        "name": org.name,
        "country": org.country,
        "website": org.website,
        "identifiers": [{"scheme": s, "value": v} for s, v in org.identifiers],
        "sites": [{"city": s.city, "country": s.country} for s in org.sites],
        "certificates": [
            {
                "number": c.number,
                "standard": c.standard,
                "edition": c.edition,
                "verdict": c.verdict.value,
                "scope": c.scope,
                "original_issue_date": c.original_issue_date,
                "issue_date": c.issue_date,
                "expiry_date": c.expiry_date,
                "certification_body": _body(c.certification_body),
            }
            for c in org.certificates
        ],
    }


def _count(c: CountLine) -> dict[str, Any]:
    return {
        "standard": c.standard,
        "valid": c.valid,
        "suspended": c.suspended,
        "withdrawn": c.withdrawn,
        "expired": c.expired,
        "total": c.total,
    }


def body_out(b: BodyView) -> dict[str, Any]:
    return {
        "id": b.id,
        "name": b.name,
        "acronym": b.acronym,
        "country": b.country,
        "website": b.website,
        "accreditation": {
            "body": _ab(b.accreditation_body),
            "number": b.accreditation_number,
            "status": b.accreditation_status,
            "status_since": b.accreditation_status_since,
        },
        "scopes": [
            {
                "standard": s.standard,
                "edition": s.edition,
                "iaf_codes": s.iaf_codes,
                "valid_from": s.valid_from,
                "valid_until": s.valid_until,
                "status": s.status,
                "current": s.current,
            }
            for s in b.scopes
        ],
        "counts": [_count(c) for c in b.counts],
        "totals": _count(b.totals),
        "organisations": b.organisations,
    }
