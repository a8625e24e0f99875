"""The result of a check: one verdict, its reasons, the claims and the differences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from isocert.certification.models import Certificate
from isocert.signing import selectors
from isocert.signing.choices import GENUINE, Verdict
from isocert.signing.verify.keys import PublishedKey

CLAIM_LABELS = {
    "n": "certificate number",
    "r": "revision",
    "h": "holder",
    "s": "standard",
    "sd": "scope and sites",
    "iss": "certification body",
    "od": "original certification date",
    "ed": "effective date",
    "xd": "expiry date",
}


# --- Published keys ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    field: str
    label: str
    document: str
    registry: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return self.__dict__.copy()


@dataclass
class Check:
    verdict: Verdict
    reasons: list[str] = field(default_factory=list)
    claims: dict[str, Any] | None = None  # signed and verified
    unverified_claims: dict[str, Any] | None = None  # what a token says when its signature fails
    key: PublishedKey | None = None
    certificate: Certificate | None = None  # the revision the document names
    current: Certificate | None = None  # the revision in force, when a newer one exists
    differences: list[Difference] = field(default_factory=list)
    offline: bool = False
    source: str = "token"

    @property
    def genuine(self) -> bool:
        return self.verdict in GENUINE

    @property
    def valid(self) -> bool:
        return self.verdict == Verdict.GENUINE_VALID

    @property
    def title(self) -> str:
        return str(self.verdict.label)

    def as_dict(self) -> dict[str, Any]:
        now = timezone.now()
        return {
            "verdict": self.verdict.value,
            "title": self.title,
            "genuine": self.genuine,
            "valid": self.valid,
            "reasons": self.reasons,
            "claims": self.claims,
            "unverified_claims": self.unverified_claims,
            "key": self.key.as_dict(now) if self.key else None,
            "certificate": _certificate_dict(self.certificate) if self.certificate else None,
            "current": _certificate_dict(self.current) if self.current else None,
            "differences": [d.as_dict() for d in self.differences],
            "offline": self.offline,
            "source": self.source,
        }


def _certificate_dict(cert: Certificate) -> dict[str, Any]:
    return {
        "number": cert.number,
        "revision": cert.revision,
        "printed_number": cert.printed_number,
        "status": cert.status,
        "status_label": str(cert.get_status_display()),
        "holder": selectors.holder_name(cert),
        "standard": selectors.standard_label(cert),
        "scope": cert.scope,
        "sites": [
            {"site": selectors.site_label(site), "scope": scope}
            for site, scope in selectors.certificate_sites(cert)
        ],
        "body": cert.certification_body.acronym,
        "body_name": cert.certification_body.name,
        "original_issue_date": cert.original_issue_date.isoformat(),
        "effective_date": cert.effective_date.isoformat(),
        "expiry_date": cert.expiry_date.isoformat(),
        "suspended_on": cert.suspended_on.isoformat() if cert.suspended_on else None,
        "withdrawn_on": cert.withdrawn_on.isoformat() if cert.withdrawn_on else None,
    }


# --- Tokens ------------------------------------------------------------------------------------


def claims_number(claims: dict[str, Any]) -> str:
    revision = claims.get("r") or 0
    return selectors.printed_number(str(claims.get("n", "")), int(revision))
