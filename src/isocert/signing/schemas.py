"""Input and output schemas of the verification API (public: every field is deliberate)."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field


class QrTokenIn(Schema):
    token: str = Field(
        min_length=1,
        max_length=5000,
        description="the token of a certificate's QR code, or the whole verification URL",
    )


class KeyOut(Schema):
    kid: str
    kind: str
    body: str
    body_name: str
    status: str
    not_before: str
    not_after: str
    revoked_at: str | None


class TokenSiteOut(Schema):
    site: str
    scope: str


class TokenCertificateOut(Schema):
    number: str
    revision: int
    printed_number: str
    status: str
    status_label: str
    holder: str
    standard: str
    scope: str
    sites: list[TokenSiteOut]
    body: str
    body_name: str
    original_issue_date: str
    effective_date: str
    expiry_date: str
    suspended_on: str | None
    withdrawn_on: str | None


class DifferenceOut(Schema):
    field: str
    label: str
    document: str
    registry: str
    text: str


class TokenVerdictOut(Schema):
    verdict: str = Field(
        description=(
            "genuine_valid | genuine_suspended | genuine_withdrawn | genuine_expired | "
            "genuine_superseded | genuine_changed | not_in_registry | altered | unknown_key | "
            "revoked_key | expired_key | not_signed | unreadable"
        )
    )
    title: str
    genuine: bool
    valid: bool
    reasons: list[str]
    claims: dict[str, Any] | None = Field(description="the signed claims, when the signature holds")
    unverified_claims: dict[str, Any] | None = Field(
        description="what a token says when its signature does not hold (not to be trusted)"
    )
    key: KeyOut | None
    certificate: TokenCertificateOut | None = Field(description="the revision the document names")
    current: TokenCertificateOut | None = Field(description="the revision in force, when newer")
    differences: list[DifferenceOut]
    offline: bool
    source: str
