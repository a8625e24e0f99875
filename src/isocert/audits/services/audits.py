"""Planning and running an audit: dates and days, the site sample, the team, start and report.

Guards: an audit planned to end after its due date needs a recorded exception, and a
recertification audit never ends after the certificate expires (ISO/IEC 17021-1 9.1.3.2, 9.6.3);
fewer days than required need a justification and are never below the least allowed time
(IAF MD 5 / MD 11, computed by ``rules.audit_time`` at the contract review); every team member is
qualified on the audit's first day for every standard and IAF code of the application (7.1.2,
9.2.2.1) and free of consultancy or employment with the client in the last 24 months
(``rules.impartiality``, 5.2 / 7.2); exactly one lead auditor (9.2.2.1).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.audits.choices import (
    AuditKind,
    AuditRecommendation,
    AuditStatus,
    TeamRole,
)
from isocert.audits.models import Audit, TeamMember
from isocert.audits.permissions import (
    can_plan,
    require_planner,
    require_team_member,
    team_role_of,
)
from isocert.audits.selectors import lead_auditors, sites_visited_in_cycle
from isocert.audits.services._common import (
    AUDIT_FIELDS,
    days,
    event,
    lock_audit,
    required_text,
    rules_refuse,
    snap,
)
from isocert.calculators.schemas import SampleIn
from isocert.calculators.selectors import sample_compute
from isocert.core.errors import Refused
from isocert.core.permissions import Actor
from isocert.people.choices import QualificationLevel
from isocert.people.models import Membership
from isocert.people.selectors import conflicts_for, qualification_for
from isocert.rules import cycle
from isocert.rules import impartiality as impartiality_rules
from isocert.rules.sampling import SiteRef, sample_select

LEVELS_FOR_ROLE: dict[str, tuple[str, ...]] = {
    TeamRole.LEAD_AUDITOR: (QualificationLevel.LEAD_AUDITOR,),
    TeamRole.AUDITOR: (QualificationLevel.LEAD_AUDITOR, QualificationLevel.AUDITOR),
    TeamRole.TECHNICAL_EXPERT: (
        QualificationLevel.LEAD_AUDITOR,
        QualificationLevel.AUDITOR,
        QualificationLevel.TECHNICAL_EXPERT,
    ),
}
SAMPLE_FOR_KIND: dict[str, str] = {
    AuditKind.STAGE1: "initial",
    AuditKind.STAGE2: "initial",
    AuditKind.RECERTIFICATION: "recertification",
}


def _open(audit: Audit, *statuses: str) -> None:
    if audit.status not in statuses:
        raise Refused(
            _("The audit is %(status)s; this can be done only while it is %(allowed)s.")
            % {
                "status": audit.get_status_display().lower(),
                "allowed": _(" or ").join(str(AuditStatus(s).label).lower() for s in statuses),
            },
            details={"field": "status"},
        )


# --------------------------------------------------------------------------------------------------
# Competence and impartiality of a team member
# --------------------------------------------------------------------------------------------------


def _competence_gaps(user: Any, audit: Audit, role: str, on: dt.date) -> list[str]:
    """What the person lacks to audit this audit's standards and IAF codes in ``role`` on ``on``."""
    application = audit.programme.application
    standards = [row.standard for row in application.standards.select_related("standard")]
    codes = [c.code for c in application.iaf_codes.order_by("code")]
    cb = audit.certification_body
    levels = LEVELS_FOR_ROLE[role]
    gaps: list[str] = []
    if role == TeamRole.TECHNICAL_EXPERT:
        # a technical expert brings sector knowledge: qualified for each IAF code of the scope
        for iaf in codes:
            if not any(
                qualification_for(
                    user=user, certification_body=cb, standard=std, iaf_code=iaf, on=on
                )
                for std in standards
            ):
                gaps.append(_("IAF code %(code)s") % {"code": iaf})
        return gaps
    for std in standards:
        std_codes: list[int | None] = list(codes) if std.uses_iaf_codes else [None]
        for code in std_codes:
            what = f"{std.code} IAF {code}" if code is not None else std.code
            found = qualification_for(
                user=user, certification_body=cb, standard=std, iaf_code=code, on=on
            )
            if found is None:
                gaps.append(what)
            elif found.level not in levels:
                gaps.append(
                    _("%(what)s (qualified as %(level)s only)")
                    % {"what": what, "level": found.get_level_display().lower()}
                )
    return gaps


def eligibility_problems(*, user: Any, audit: Audit, role: str, on: dt.date) -> list[str]:
    """Every reason ``user`` may not be on the audit's team in ``role`` on ``on`` (empty: may)."""
    problems: list[str] = []
    name = user.get_username()
    gaps = _competence_gaps(user, audit, role, on)
    if gaps:
        problems.append(
            _(
                "%(name)s is not qualified as %(role)s on %(on)s for: %(gaps)s (ISO/IEC 17021-1 "
                "7.1.2, 9.2.2.1)."
            )
            % {
                "name": name,
                "role": str(TeamRole(role).label).lower(),
                "on": on.isoformat(),
                "gaps": "; ".join(gaps),
            }
        )
    relationships = [
        impartiality_rules.Relationship(
            kind=c.kind,
            started_on=c.started_on,
            ended_on=c.ended_on,
            label=_("declaration #%(pk)s") % {"pk": c.pk},
        )
        for c in conflicts_for(user=user, client=audit.programme.client)
    ]
    with rules_refuse():
        check = impartiality_rules.impartiality_check(relationships, audit_day=on)
    if not check.allowed:
        problems.append(
            _("%(name)s may not audit %(client)s: %(reasons)s.")
            % {
                "name": name,
                "client": audit.programme.client.name,
                "reasons": "; ".join(check.reasons),
            }
        )
    return problems


# --------------------------------------------------------------------------------------------------
# Dates and days
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def audit_schedule(
    *,
    actor: Actor,
    audit: Audit,
    start: dt.date,
    end: dt.date,
    days_planned: Decimal,
    days_justification: str = "",
    schedule_exception: str = "",
) -> Audit:
    """Plan (or re-plan) the audit's dates and audit days."""
    require_planner(actor)
    audit = lock_audit(actor, audit)
    _open(audit, AuditStatus.PLANNED)
    programme = audit.programme
    planned = days(days_planned, "days_planned")
    days_justification = (days_justification or "").strip()
    schedule_exception = (schedule_exception or "").strip()
    if end < start:
        raise Refused(
            _("The last day %(end)s is before the first day %(start)s.")
            % {"end": end.isoformat(), "start": start.isoformat()},
            details={"field": "end"},
        )
    if (
        audit.kind == AuditKind.RECERTIFICATION
        and programme.expiry_date is not None
        and end > programme.expiry_date
    ):
        raise Refused(
            _(
                "The recertification audit must be done before the certificate expires on "
                "%(expiry)s (ISO/IEC 17021-1 9.6.3.2); plan it to end by %(expiry)s."
            )
            % {"expiry": programme.expiry_date.isoformat()},
            details={"field": "end"},
        )
    with rules_refuse():
        late = audit.due_date is not None and cycle.surveillance_overdue(
            due=audit.due_date, done_on=None, today=end
        )
    if late and not schedule_exception:
        assert audit.due_date is not None
        raise Refused(
            _(
                "The audit would end on %(end)s, after its due date %(due)s (ISO/IEC 17021-1 "
                "9.1.3.2). Plan it to end by %(due)s, or record the exception that allows it."
            )
            % {"end": end.isoformat(), "due": audit.due_date.isoformat()},
            details={"field": "schedule_exception"},
        )
    if audit.days_floor is not None and planned < audit.days_floor:
        raise Refused(
            _(
                "%(planned)s audit days is below the least allowed for this audit, %(floor)s days "
                "(IAF MD 5: at most 30 %% below the table time; IAF MD 11: 44 %% for an integrated "
                "audit). No justification allows less."
            )
            % {"planned": planned, "floor": audit.days_floor},
            details={"field": "days_planned", "floor": str(audit.days_floor)},
        )
    if audit.days_required is not None and planned < audit.days_required and not days_justification:
        raise Refused(
            _(
                "%(planned)s audit days is less than the %(required)s days the contract review "
                "requires; justify the reduction (IAF MD 5) or plan %(required)s days."
            )
            % {"planned": planned, "required": audit.days_required},
            details={"field": "days_justification"},
        )
    problems: list[str] = []
    for member in audit.team.select_related("user").order_by("pk"):
        problems += eligibility_problems(user=member.user, audit=audit, role=member.role, on=start)
    if problems:
        raise Refused(
            _("On %(on)s the team would not be eligible: %(problems)s Change the team first.")
            % {"on": start.isoformat(), "problems": " ".join(problems)},
            details={"field": "start", "problems": problems},
        )
    before = snap(audit, AUDIT_FIELDS)
    audit.planned_start = start
    audit.planned_end = end
    audit.days_planned = planned
    audit.days_justification = days_justification
    audit.schedule_exception = schedule_exception if late else ""
    audit.save()
    event(
        actor,
        "audit.scheduled",
        audit,
        audit.certification_body_id,
        before=before,
        after=snap(audit, AUDIT_FIELDS),
        reason=" ".join(t for t in (audit.schedule_exception, days_justification) if t),
    )
    return audit


@transaction.atomic
def audit_sites_select(*, actor: Actor, audit: Audit) -> Audit:
    """Draw the sites to visit (IAF MD 1 §6.1.3): the central function, and a sample of the other
    sites in scope of the size ``sample_compute`` gives for this audit, those not yet visited in the
    cycle first, drawn by ``rules.sampling.sample_select`` seeded by the audit's id."""
    require_planner(actor)
    audit = lock_audit(actor, audit)
    _open(audit, AuditStatus.PLANNED)
    application = audit.programme.application
    in_scope = list(application.sites.order_by("-is_central_function", "name", "pk"))
    if not in_scope:
        in_scope = list(audit.programme.client.sites.order_by("-is_central_function", "name"))
    central = [s for s in in_scope if s.is_central_function]
    others = [s for s in in_scope if not s.is_central_function]
    detail: dict[str, Any]
    if not others:
        chosen = in_scope
        detail = {"x": 0, "size": 0, "sites": [str(s.pk) for s in chosen], "steps": []}
    else:
        key = SAMPLE_FOR_KIND.get(audit.kind, "surveillance")
        visited = sites_visited_in_cycle(audit=audit)
        with rules_refuse():
            sizes = sample_compute(SampleIn(sites=len(others), sampling=application.sampling))
            selection = sample_select(
                [SiteRef(id=str(s.pk), visited_in_cycle=s.pk in visited) for s in others],
                sizes[key],
                seed=audit.pk,
            )
        picked = {int(i) for i in selection.sites}
        chosen = central + [s for s in others if s.pk in picked]
        detail = {
            "x": len(others),
            "size": sizes[key],
            "audit": key,
            "sampling": sizes["sampling"],
            **selection.as_dict(),
            "steps": sizes["steps"] + selection.as_dict()["steps"],
        }
    before = {
        **snap(audit, AUDIT_FIELDS),
        "sites": sorted(audit.sites.values_list("pk", flat=True)),
    }
    audit.sites.set(chosen)
    audit.sample_detail = detail
    audit.save(update_fields=["sample_detail", "updated_at"])
    event(
        actor,
        "audit.sites_selected",
        audit,
        audit.certification_body_id,
        before=before,
        after={**snap(audit, AUDIT_FIELDS), "sites": sorted(s.pk for s in chosen)},
    )
    return audit


# --------------------------------------------------------------------------------------------------
# Team
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def audit_team_assign(*, actor: Actor, audit: Audit, user: Any, role: str) -> TeamMember:
    """Put a person on the audit team in ``role``, if qualified and impartial on the first day."""
    require_planner(actor)
    audit = lock_audit(actor, audit)
    _open(audit, AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)
    if role not in TeamRole.values:
        raise Refused(
            _("%(role)r is not a team role; choose one of: %(allowed)s.")
            % {"role": role, "allowed": ", ".join(TeamRole.values)},
            details={"field": "role"},
        )
    if audit.planned_start is None:
        raise Refused(
            _(
                "Plan the audit's dates first: qualifications and conflicts are judged on its "
                "first day."
            ),
            details={"field": "planned_start"},
        )
    if not Membership.objects.filter(
        user=user, certification_body_id=audit.certification_body_id, active=True
    ).exists():
        raise Refused(
            _("%(name)s does not work for %(cb)s.")
            % {"name": user.get_username(), "cb": audit.certification_body.name},
            details={"field": "user"},
        )
    team = list(audit.team.select_related("user").order_by("pk"))
    if any(m.user_id == user.pk for m in team):
        raise Refused(
            _("%(name)s is already on the team.") % {"name": user.get_username()},
            details={"field": "user"},
        )
    leads = [m for m in team if m.role == TeamRole.LEAD_AUDITOR]
    if role == TeamRole.LEAD_AUDITOR and leads:
        raise Refused(
            _(
                "The team already has its lead auditor, %(name)s; a team has exactly one. "
                "Remove them first, or add this person as an auditor."
            )
            % {"name": leads[0].user.get_username()},
            details={"field": "role"},
        )
    problems = eligibility_problems(user=user, audit=audit, role=role, on=audit.planned_start)
    if problems:
        raise Refused(" ".join(problems), details={"field": "user", "problems": problems})
    member = TeamMember.objects.create(audit=audit, user=user, role=role)
    event(
        actor,
        "audit.team_assigned",
        audit,
        audit.certification_body_id,
        after={"user_id": user.pk, "username": user.get_username(), "role": role},
    )
    return member


@transaction.atomic
def audit_team_remove(*, actor: Actor, audit: Audit, user: Any, reason: str = "") -> None:
    """Take a person off the team of a planned audit."""
    require_planner(actor)
    audit = lock_audit(actor, audit)
    _open(audit, AuditStatus.PLANNED)
    member = audit.team.filter(user=user).first()
    if member is None:
        raise Refused(
            _("%(name)s is not on the team.") % {"name": user.get_username()},
            details={"field": "user"},
        )
    before = {"user_id": user.pk, "username": user.get_username(), "role": member.role}
    member.delete()
    event(
        actor,
        "audit.team_removed",
        audit,
        audit.certification_body_id,
        before=before,
        reason=(reason or "").strip(),
    )


def _one_lead(audit: Audit, what: str) -> None:
    leads = lead_auditors(audit=audit)
    if len(leads) != 1:
        raise Refused(
            _("The audit cannot %(what)s without exactly one lead auditor on its team.")
            % {"what": what},
            details={"field": "team"},
        )


# --------------------------------------------------------------------------------------------------
# Start, report, cancel
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def audit_start(*, actor: Actor, audit: Audit) -> Audit:
    """Record that the audit has started (a planner or the team's lead auditor)."""
    audit = lock_audit(actor, audit)
    team = list(audit.team.select_related("user"))
    if not can_plan(actor) and team_role_of(actor, team) != TeamRole.LEAD_AUDITOR:
        require_planner(actor)  # raises: neither planner nor the lead auditor
    _open(audit, AuditStatus.PLANNED)
    if audit.planned_start is None:
        raise Refused(_("Plan the audit's dates first."), details={"field": "planned_start"})
    _one_lead(audit, _("start"))
    if audit.kind == AuditKind.STAGE2:
        stage1 = (
            Audit.objects.filter(programme_id=audit.programme_id, kind=AuditKind.STAGE1)
            .exclude(status=AuditStatus.CANCELLED)
            .exclude(status=AuditStatus.COMPLETED)
            .first()
        )
        if stage1 is not None:
            raise Refused(
                _(
                    "Stage 1 (audit #%(pk)s) is not completed; stage 2 follows stage 1 "
                    "(ISO/IEC 17021-1 9.3.1)."
                )
                % {"pk": stage1.pk},
                details={"field": "kind"},
            )
    before = snap(audit, AUDIT_FIELDS)
    audit.status = AuditStatus.IN_PROGRESS
    audit.save(update_fields=["status", "updated_at"])
    event(
        actor,
        "audit.started",
        audit,
        audit.certification_body_id,
        before=before,
        after=snap(audit, AUDIT_FIELDS),
    )
    return audit


@transaction.atomic
def audit_complete(*, actor: Actor, audit: Audit, report: str, recommendation: str) -> Audit:
    """Submit the audit report with the team's recommendation (ISO/IEC 17021-1 9.4.8)."""
    audit = lock_audit(actor, audit)
    require_team_member(actor, audit.team.all(), _("write the audit report"))
    _open(audit, AuditStatus.IN_PROGRESS)
    _one_lead(audit, _("be completed"))
    report = required_text(report, _("Write the audit report."), "report", 200_000)
    if recommendation not in AuditRecommendation.values:
        raise Refused(
            _("%(value)r is not a recommendation; choose one of: %(allowed)s.")
            % {"value": recommendation, "allowed": ", ".join(AuditRecommendation.values)},
            details={"field": "recommendation"},
        )
    before = snap(audit, AUDIT_FIELDS)
    audit.report = report
    audit.recommendation = recommendation
    audit.report_submitted_at = timezone.now()
    audit.status = AuditStatus.COMPLETED
    audit.save()
    event(
        actor,
        "audit.completed",
        audit,
        audit.certification_body_id,
        before=before,
        after=snap(audit, AUDIT_FIELDS),
    )
    return audit


@transaction.atomic
def audit_cancel(*, actor: Actor, audit: Audit, reason: str) -> Audit:
    """Cancel a planned audit, saying why (e.g. replaced by a repeated stage 2)."""
    require_planner(actor)
    audit = lock_audit(actor, audit)
    _open(audit, AuditStatus.PLANNED)
    reason = required_text(reason, _("Say why the audit is cancelled."), "reason")
    before = snap(audit, AUDIT_FIELDS)
    audit.status = AuditStatus.CANCELLED
    audit.save(update_fields=["status", "updated_at"])
    event(
        actor,
        "audit.cancelled",
        audit,
        audit.certification_body_id,
        before=before,
        after=snap(audit, AUDIT_FIELDS),
        reason=reason,
    )
    return audit
