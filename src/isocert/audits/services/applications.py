"""Application and contract review (ISO/IEC 17021-1 9.1.1, 9.1.2): audit time, sample, acceptance.

The audit time comes from the calculators (``audit_time_compute``, which composes
``isocert.rules.audit_time``: IAF MD 5 and MD 11) and the number of sites from ``sample_compute``
(IAF MD 1); the accredited scope from ``accreditation.selectors.accreditation_covers``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.accreditation.selectors import accreditation_covers
from isocert.audits.choices import ApplicationKind, ApplicationStatus, AuditKind
from isocert.audits.models import Application, ApplicationStandard, Audit, Programme
from isocert.audits.permissions import require_planner
from isocert.audits.services._common import (
    APPLICATION_FIELDS,
    AUDIT_FIELDS,
    PROGRAMME_FIELDS,
    decimal_or_none,
    event,
    own_cb,
    required_text,
    rules_refuse,
    snap,
)
from isocert.calculators.schemas import AuditTimeIn, PartTimeIn, SampleIn, json_ready
from isocert.calculators.selectors import audit_time_compute, sample_compute
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.clients.models import Client, Site
from isocert.core.errors import Refused
from isocert.core.permissions import Actor
from isocert.rules import audit_time as md5
from isocert.rules import standards as catalogue


@dataclass(frozen=True)
class StandardChoice:
    """One standard of the application: ``"ISO 14001"`` (current edition) or ``"ISO 14001:2015"``,
    with the EMS complexity / OH&SMS risk category where IAF MD 5 needs one."""

    standard: str
    complexity: str = ""


@dataclass(frozen=True)
class _Resolved:
    standard: Standard
    edition: Edition
    label: str
    complexity: str


def _resolve_standards(choices: Sequence[StandardChoice], today: Any) -> list[_Resolved]:
    if not choices:
        raise Refused(
            _("Name at least one standard to certify (e.g. ISO 9001:2015)."),
            details={"field": "standards"},
        )
    out: list[_Resolved] = []
    for choice in choices:
        with rules_refuse():
            # an application leads to an initial audit: refuse editions past their cut-off too
            std, ed = catalogue.standard_require_certifiable(
                choice.standard, at=today, new_audit=True
            )
        row = (
            Edition.objects.select_related("standard")
            .filter(standard__code=std.code, year=ed.year)
            .first()
        )
        if row is None:
            raise Refused(
                _("%(label)s is not in the catalogue tables yet; run `isocert load-reference`.")
                % {"label": ed.label},
                details={"field": "standards"},
            )
        out.append(_Resolved(row.standard, row, ed.label, (choice.complexity or "").strip()))
    codes = [r.standard.code for r in out]
    if len(set(codes)) != len(codes):
        raise Refused(
            _("Each standard may be named once; got %(codes)s.") % {"codes": ", ".join(codes)},
            details={"field": "standards"},
        )
    return out


def _iaf_codes(codes: Sequence[int], resolved: list[_Resolved]) -> list[IafCode]:
    wanted = sorted({int(c) for c in codes})
    rows = list(IafCode.objects.filter(code__in=wanted).order_by("code"))
    missing = sorted(set(wanted) - {r.code for r in rows})
    if missing:
        raise Refused(
            _("%(codes)s: not IAF codes; IAF codes run from 1 to 39.")
            % {"codes": ", ".join(map(str, missing))},
            details={"field": "iaf_codes"},
        )
    if not rows and any(r.standard.uses_iaf_codes for r in resolved):
        raise Refused(
            _("Give the IAF code(s) of the scope: the accredited scope is stated in IAF codes."),
            details={"field": "iaf_codes"},
        )
    return rows


def _sites(client: Client, site_ids: Sequence[int]) -> list[Site]:
    wanted = {int(pk) for pk in site_ids}
    if not wanted:
        raise Refused(
            _("Choose the sites in the scope of certification (at least one)."),
            details={"field": "site_ids"},
        )
    rows = list(Site.objects.filter(client=client, pk__in=wanted).order_by("pk"))
    if len(rows) != len(wanted):
        raise Refused(
            _("Some sites are not sites of %(client)s: %(ids)s.")
            % {
                "client": client.name,
                "ids": ", ".join(map(str, sorted(wanted - {s.pk for s in rows}))),
            },
            details={"field": "site_ids"},
        )
    return rows


def scope_refusal(
    *, certification_body: Any, standards: Sequence[Any], iaf_codes: Sequence[int], on: Any
) -> str | None:
    """The reason the body's accredited scope does not cover the application, or None.

    ``standards``: (catalog Standard, catalog Edition) pairs.
    """
    for std, ed in standards:
        codes = list(iaf_codes) if std.uses_iaf_codes else []
        ok, reason = accreditation_covers(
            certification_body=certification_body,
            standard=std,
            edition=ed,
            iaf_codes=codes,
            on=on,
        )
        if not ok:
            return str(reason)
    return None


def _audit_time_input(
    resolved: list[_Resolved], values: dict[str, Any], today: Any, *, floor: bool
) -> AuditTimeIn:
    """The calculators' input; with ``floor`` the most reduction MD 5 / MD 11 allow, no increase."""
    several = len(resolved) > 1
    payload: dict[str, Any] = {
        "standards": [r.label for r in resolved],
        "personnel": values["personnel"],
        "part_time": (
            [PartTimeIn(count=values["part_time_count"], hours_per_week=values["part_time_hours"])]
            if values["part_time_count"]
            else []
        ),
        "seasonal": values["seasonal"],
        "repetitive": values["repetitive"],
        "repetitive_justification": values["repetitive_justification"],
        "complexity": [r.complexity or None for r in resolved],
        "at": today,
    }
    if floor:
        policy = md5.DEFAULT_POLICY
        payload.update(
            reduction_percent=policy.max_reduction * 100,
            justification="least audit time allowed (floor)",
            integration_percent=policy.max_integration_reduction * 100 if several else 0,
            integration_justification="least audit time allowed (floor)",
        )
    else:
        payload.update(
            reduction_percent=values["reduction_percent"],
            increase_percent=values["increase_percent"],
            justification=values["adjustment_justification"],
            integration_percent=values["integration_percent"],
            integration_justification=values["integration_justification"],
        )
    return AuditTimeIn.model_validate(payload)


FLOOR_KEYS = (
    "initial_days",
    "stage1_days",
    "stage2_days",
    "surveillance_days",
    "recertification_days",
)


@transaction.atomic
def application_create(
    *,
    actor: Actor,
    client: Client,
    standards: Sequence[StandardChoice],
    scope: str,
    iaf_codes: Sequence[int],
    site_ids: Sequence[int],
    personnel: int,
    part_time_count: int = 0,
    part_time_hours: Decimal | None = None,
    seasonal: int = 0,
    repetitive: int = 0,
    repetitive_justification: str = "",
    reduction_percent: Decimal = Decimal(0),
    increase_percent: Decimal = Decimal(0),
    adjustment_justification: str = "",
    integration_percent: Decimal = Decimal(0),
    integration_justification: str = "",
    sampling: bool = True,
    kind: str = ApplicationKind.INITIAL,
) -> Application:
    """Record a client's application with its contract review: the audit time (IAF MD 5 / MD 11),
    the number of sites to sample (IAF MD 1) and the check against the accredited scope.

    Refused, saying why, when a standard is not certifiable or its edition not valid for a new
    audit, when the audit time cannot be computed (the rules say what is wrong), or when the
    scope is outside the body's accreditation.
    """
    require_planner(actor)
    own_cb(actor, client.certification_body_id, _("No such client."))
    if kind not in ApplicationKind.values:
        raise Refused(
            _("%(kind)r is not a kind of application; choose one of: %(allowed)s.")
            % {"kind": kind, "allowed": ", ".join(ApplicationKind.values)},
            details={"field": "kind"},
        )
    scope = required_text(scope, _("Describe the scope of certification requested."), "scope")
    if part_time_count and not part_time_hours:
        raise Refused(
            _("Give the weekly hours of the part-time personnel."),
            details={"field": "part_time_hours"},
        )
    today = timezone.localdate()
    resolved = _resolve_standards(standards, today)
    codes = _iaf_codes(iaf_codes, resolved)
    sites = _sites(client, site_ids)
    values = {
        "personnel": personnel,
        "part_time_count": part_time_count,
        "part_time_hours": part_time_hours,
        "seasonal": seasonal,
        "repetitive": repetitive,
        "repetitive_justification": repetitive_justification.strip(),
        "reduction_percent": Decimal(reduction_percent),
        "increase_percent": Decimal(increase_percent),
        "adjustment_justification": adjustment_justification.strip(),
        "integration_percent": Decimal(integration_percent),
        "integration_justification": integration_justification.strip(),
    }
    with rules_refuse():
        result = audit_time_compute(
            _audit_time_input(resolved, values, today, floor=False), today=today
        )
        floors = audit_time_compute(
            _audit_time_input(resolved, values, today, floor=True), today=today
        )
    refusal = scope_refusal(
        certification_body=client.certification_body,
        standards=[(r.standard, r.edition) for r in resolved],
        iaf_codes=[c.code for c in codes],
        on=today,
    )
    if refusal:
        raise Refused(refusal, details={"field": "standards", "rule": "accredited_scope"})
    # x of IAF MD 1: sites in scope besides the central function
    x = sum(1 for s in sites if not s.is_central_function)
    sample = None
    if x >= 1:
        with rules_refuse():
            sample = sample_compute(SampleIn(sites=x, sampling=sampling))

    detail = json_ready(result)
    detail["floors"] = {key.removesuffix("_days"): floors[key] for key in FLOOR_KEYS}
    application = Application.objects.create(
        certification_body_id=client.certification_body_id,
        client=client,
        kind=kind,
        status=ApplicationStatus.DRAFT,
        scope=scope,
        sampling=sampling,
        created_by=actor.user,
        effective_personnel=result["effective_personnel"]["value"],
        initial_days=decimal_or_none(result["initial_days"]),
        stage1_days=decimal_or_none(result["stage1_days"]),
        stage2_days=decimal_or_none(result["stage2_days"]),
        surveillance_days=decimal_or_none(result["surveillance_days"]),
        recertification_days=decimal_or_none(result["recertification_days"]),
        floor_days=decimal_or_none(result["floor_days"]),
        audit_time_detail=detail,
        sample_detail=json_ready(sample) if sample is not None else None,
        **values,
    )
    for r in resolved:
        ApplicationStandard.objects.create(
            application=application,
            standard=r.standard,
            edition=r.edition,
            complexity=r.complexity if r.standard.audit_time_scheme != "qms" else "",
        )
    application.iaf_codes.set(codes)
    application.sites.set(sites)
    after = snap(application, APPLICATION_FIELDS)
    after.update(
        standards=[r.label for r in resolved],
        iaf_codes=[c.code for c in codes],
        sites=[s.pk for s in sites],
    )
    event(actor, "application.created", application, application.certification_body_id, after=after)
    return application


def _floor(application: Application, key: str) -> Decimal | None:
    floors = (application.audit_time_detail or {}).get("floors") or {}
    return decimal_or_none(floors.get(key))


def new_audit(
    actor: Actor,
    programme: Programme,
    kind: str,
    *,
    due_date: Any = None,
    days_required: Decimal | None = None,
    days_floor: Decimal | None = None,
    reason: str = "",
) -> Audit:
    """Create one audit of the programme's current cycle, with its ledger event."""
    audit = Audit.objects.create(
        programme=programme,
        certification_body_id=programme.certification_body_id,
        kind=kind,
        cycle=programme.cycle_number,
        due_date=due_date,
        days_required=days_required,
        days_floor=days_floor,
    )
    event(
        actor,
        "audit.created",
        audit,
        programme.certification_body_id,
        after={**snap(audit, AUDIT_FIELDS), "programme_id": programme.pk},
        reason=reason,
    )
    return audit


def stage_audit_days(application: Application, kind: str) -> tuple[Decimal | None, Decimal | None]:
    """(required days, least allowed days) of an audit of ``kind`` from the contract review."""
    fields: dict[str, str] = {
        AuditKind.STAGE1: "stage1",
        AuditKind.STAGE2: "stage2",
        AuditKind.SURVEILLANCE1: "surveillance",
        AuditKind.SURVEILLANCE2: "surveillance",
        AuditKind.RECERTIFICATION: "recertification",
    }
    field = fields.get(kind)
    if field is None:
        return None, None
    return getattr(application, f"{field}_days"), _floor(application, field)


@transaction.atomic
def application_review(
    *, actor: Actor, application: Application, accept: bool, reason: str = ""
) -> Application:
    """The contract review's outcome (ISO/IEC 17021-1 9.1.2.2): accept, which opens the audit
    programme with its stage 1 and stage 2 audits (a transfer: the pre-transfer review), or refuse
    with the reason."""
    require_planner(actor)
    own_cb(actor, application.certification_body_id, _("No such application."))
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("client__certification_body")
        .get(pk=application.pk)
    )
    if application.status != ApplicationStatus.DRAFT:
        raise Refused(
            _("This application was already reviewed: it is %(status)s.")
            % {"status": application.get_status_display().lower()},
            details={"field": "status"},
        )
    before = snap(application, APPLICATION_FIELDS)
    application.reviewed_at = timezone.now()
    application.reviewed_by = actor.user
    if not accept:
        application.refusal_reason = required_text(
            reason, _("Say why the application is refused."), "reason"
        )
        application.status = ApplicationStatus.REFUSED
        application.save()
        event(
            actor,
            "application.refused",
            application,
            application.certification_body_id,
            before=before,
            after=snap(application, APPLICATION_FIELDS),
            reason=application.refusal_reason,
        )
        return application

    standards = [
        (row.standard, row.edition)
        for row in application.standards.select_related("standard", "edition").order_by(
            "standard__code"
        )
    ]
    if not standards:
        raise Refused(_("The application names no standard."), details={"field": "standards"})
    refusal = scope_refusal(
        certification_body=application.client.certification_body,
        standards=standards,
        iaf_codes=list(application.iaf_codes.values_list("code", flat=True)),
        on=timezone.localdate(),
    )
    if refusal:
        raise Refused(refusal, details={"field": "standards", "rule": "accredited_scope"})
    application.status = ApplicationStatus.ACCEPTED
    application.save()
    event(
        actor,
        "application.accepted",
        application,
        application.certification_body_id,
        before=before,
        after=snap(application, APPLICATION_FIELDS),
        reason=reason.strip(),
    )
    programme = Programme.objects.create(
        certification_body_id=application.certification_body_id,
        client_id=application.client_id,
        application=application,
    )
    event(
        actor,
        "programme.created",
        programme,
        programme.certification_body_id,
        after={**snap(programme, PROGRAMME_FIELDS), "application_id": application.pk},
    )
    kinds = (
        [AuditKind.TRANSFER_REVIEW]
        if application.kind == ApplicationKind.TRANSFER
        else [AuditKind.STAGE1, AuditKind.STAGE2]
    )
    for kind in kinds:
        required, floor = stage_audit_days(application, kind)
        new_audit(actor, programme, kind, days_required=required, days_floor=floor)
    return application
