"""The three calculations, composed from ``isocert.rules``; pages, API and CLI all call these.

They read no database: a calculation is a pure function of its input and of the day it is asked.
Every rule stays in ``isocert.rules``; this module only maps the interface inputs onto it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from isocert.calculators.schemas import AuditTimeIn, CycleIn, SampleIn
from isocert.rules import audit_time as md5
from isocert.rules import cycle, sampling
from isocert.rules import standards as catalogue
from isocert.rules.errors import InvalidInput, NoAuditTimeRule

# Where audit time for certifiable standards outside IAF MD 5 is defined (not encoded yet).
SCHEME_DOCUMENTS = {
    "ISO/IEC 27001": "ISO/IEC 27006-1:2024 Annex C",
    "ISO 22000": "ISO 22003-1:2022",
    "ISO 13485": "IAF MD 9",
    "ISO 50001": "ISO 50003:2021",
}


def _complexities(inp: AuditTimeIn, schemes: list[md5.Scheme]) -> list[md5.Complexity | None]:
    needs = [s is not md5.Scheme.QMS for s in schemes]
    given = inp.complexity
    if not given:
        return [None] * len(schemes)
    if len(given) == 1:
        return [given[0] if need else None for need in needs]
    if len(given) == len(schemes):
        return [c if need else None for c, need in zip(given, needs, strict=True)]
    raise InvalidInput(
        f"give one complexity for all standards or one per standard ({len(schemes)}); "
        f"got {len(given)}",
        details={"field": "complexity"},
    )


def audit_time_compute(inp: AuditTimeIn, *, today: date) -> dict[str, Any]:
    """Initial, stage, surveillance and recertification audit time (IAF MD 5, MD 11)."""
    at = inp.at or today
    resolved = [catalogue.standard_require_certifiable(text, at=at) for text in inp.standards]
    codes = [std.code for std, _ed in resolved]
    if len(set(codes)) != len(codes):
        raise InvalidInput("each standard may be named once", details={"standards": codes})
    schemes: list[md5.Scheme] = []
    for std, _ed in resolved:
        if not std.audit_time_scheme:
            where = SCHEME_DOCUMENTS.get(std.code, "its own scheme document")
            raise NoAuditTimeRule(
                f"{std.code} audit time is set by {where}, not by IAF MD 5; isocert computes "
                "IAF MD 5 audit time for ISO 9001, ISO 14001 and ISO 45001",
                details={"standard": std.code},
            )
        schemes.append(md5.Scheme(std.audit_time_scheme))

    groups = []
    if inp.personnel:
        groups.append(md5.PersonnelGroup(kind="full_time", count=inp.personnel))
    groups += [
        md5.PersonnelGroup(kind="part_time", count=p.count, hours_per_week=p.hours_per_week)
        for p in inp.part_time
    ]
    if inp.seasonal:
        groups.append(md5.PersonnelGroup(kind="seasonal", count=inp.seasonal))
    if inp.repetitive:
        groups.append(
            md5.PersonnelGroup(
                kind="repetitive", count=inp.repetitive, justification=inp.repetitive_justification
            )
        )
    effective = md5.effective_personnel(groups)

    adjustments: list[md5.Adjustment] = []
    if inp.reduction_percent:
        adjustments.append(
            md5.Adjustment(percent=-inp.reduction_percent, justification=inp.justification)
        )
    if inp.increase_percent:
        adjustments.append(
            md5.Adjustment(percent=inp.increase_percent, justification=inp.justification)
        )
    complexities = _complexities(inp, schemes)
    items = [
        md5.StandardTime(
            standard=ed.label, scheme=scheme, complexity=cx, adjustments=tuple(adjustments)
        )
        for (_std, ed), scheme, cx in zip(resolved, schemes, complexities, strict=True)
    ]
    result = md5.audit_time(
        items,
        personnel=effective.value,
        integration_percent=-inp.integration_percent,
        integration_justification=inp.integration_justification or inp.justification,
    )
    out = result.as_dict()
    out["effective_personnel"] = effective.as_dict()
    out["editions"] = [ed.label for _std, ed in resolved]
    out["at"] = at.isoformat()
    return out


def sample_compute(inp: SampleIn) -> dict[str, Any]:
    """Multi-site sample sizes (IAF MD 1)."""
    return sampling.sample_size(
        inp.sites, risk_increase_percent=inp.risk_increase_percent, sampling=inp.sampling
    ).as_dict()


def cycle_compute(inp: CycleIn) -> dict[str, Any]:
    """Certification cycle dates and the renewal/restoration answer (ISO/IEC 17021-1 9.1.3, 9.6.3)."""
    out: dict[str, Any] = {}
    if inp.decision_date is not None:
        out.update(
            cycle.certification_cycle(
                inp.decision_date, surveillance_1_date=inp.surveillance_1_date
            ).as_dict()
        )
    if inp.current_expiry is not None and inp.recertification_decision is not None:
        out["recertification"] = cycle.recertification_outcome(
            current_expiry=inp.current_expiry,
            recertification_decision=inp.recertification_decision,
        ).as_dict()
    return out


def standards_compute(*, at: date) -> dict[str, Any]:
    """The catalogue at a date: certifiable standards with their valid editions, and the refused ones."""
    certifiable = []
    for std, editions in catalogue.standards_at(at):
        certifiable.append(
            {
                "code": std.code,
                "title": std.title,
                "family": std.family,
                "editions": [ed.label for ed in editions],
                "audit_time": "IAF MD 5"
                if std.audit_time_scheme
                else SCHEME_DOCUMENTS.get(std.code, ""),
                "uses_iaf_codes": std.uses_iaf_codes,
            }
        )
    refused = [
        {"code": std.code, "title": std.title, "reason": std.not_certifiable_reason}
        for std in catalogue.standards_all()
        if not std.certifiable
    ]
    return {"at": at.isoformat(), "certifiable": certifiable, "not_certifiable": refused}
