"""The audit programme of a certification cycle (ISO/IEC 17021-1 9.1.3): the cycle's audits and
their due dates, special and short-notice audits, and a repeated stage 2 (9.5.3.2)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.audits.choices import AuditKind, AuditStatus, ProgrammeStatus
from isocert.audits.models import Audit, Programme
from isocert.audits.permissions import CYCLE_STARTERS, require_planner
from isocert.audits.selectors import audit_last_day, majors_verified_on
from isocert.audits.services._common import (
    AUDIT_FIELDS,
    PROGRAMME_FIELDS,
    days,
    event,
    own_cb,
    required_text,
    rules_refuse,
    snap,
)
from isocert.audits.services.applications import new_audit, stage_audit_days
from isocert.core.errors import Refused
from isocert.core.permissions import Actor, require_role
from isocert.rules import cycle

CYCLE_AUDITS = (AuditKind.SURVEILLANCE1, AuditKind.SURVEILLANCE2, AuditKind.RECERTIFICATION)
SPECIAL_KINDS = (AuditKind.SPECIAL, AuditKind.SHORT_NOTICE)


def _lock_programme(actor: Actor, programme: Programme) -> Programme:
    own_cb(actor, programme.certification_body_id, _("No such audit programme."))
    return (
        Programme.objects.select_for_update(of=("self",))
        .select_related("application", "client")
        .get(pk=programme.pk)
    )


def _active(programme: Programme) -> None:
    if programme.status != ProgrammeStatus.ACTIVE:
        raise Refused(
            _("The audit programme is closed; open a new application for a new cycle."),
            details={"field": "programme"},
        )


@transaction.atomic
def programme_start_cycle(
    *, actor: Actor, programme: Programme, decision_date: dt.date
) -> Programme:
    """Start the certification cycle after a grant, renewal or restoration decision.

    Sets the cycle start and expiry and creates (or, while still planned, updates) the cycle's
    surveillance 1, surveillance 2 and recertification audits with their due dates
    (``rules.cycle.certification_cycle``, ISO/IEC 17021-1 9.1.3.2) and required days (from the
    application's contract review). A first call (or a repeat with the same date) starts the
    programme's current cycle; a later decision date is a recertification: the expiry comes from
    ``rules.cycle.recertification_outcome`` (based on the existing expiry, 9.6.3.2.3) and the
    cycle number goes up, with new audits for the new cycle.
    """
    require_role(actor, *CYCLE_STARTERS)
    programme = _lock_programme(actor, programme)
    _active(programme)
    before = snap(programme, PROGRAMME_FIELDS)
    with rules_refuse():
        plan = cycle.certification_cycle(decision_date)
        if programme.cycle_start is None or programme.cycle_start == decision_date:
            expiry = plan.expiry_date
        elif decision_date < programme.cycle_start:
            raise Refused(
                _(
                    "The decision date %(on)s is before the current cycle's start %(start)s; a new "
                    "cycle starts with a later decision."
                )
                % {"on": decision_date.isoformat(), "start": programme.cycle_start.isoformat()},
                details={"field": "decision_date"},
            )
        else:
            assert programme.expiry_date is not None
            outcome = cycle.recertification_outcome(
                current_expiry=programme.expiry_date, recertification_decision=decision_date
            )
            if outcome.new_expiry is None:
                raise Refused(outcome.message, details={"field": "decision_date"})
            expiry = outcome.new_expiry
            programme.cycle_number += 1
    programme.cycle_start = decision_date
    programme.expiry_date = expiry
    programme.save(update_fields=["cycle_start", "expiry_date", "cycle_number", "updated_at"])
    event(
        actor,
        "programme.cycle_started",
        programme,
        programme.certification_body_id,
        before=before,
        after=snap(programme, PROGRAMME_FIELDS),
    )
    dues = {
        AuditKind.SURVEILLANCE1: plan.surveillance_1_due,
        AuditKind.SURVEILLANCE2: plan.surveillance_2_due,
        AuditKind.RECERTIFICATION: expiry,  # recertification done before the expiry (9.6.3.2.4)
    }
    existing = {
        a.kind: a
        for a in Audit.objects.select_for_update()
        .filter(programme=programme, cycle=programme.cycle_number, kind__in=CYCLE_AUDITS)
        .exclude(status=AuditStatus.CANCELLED)
        .order_by("pk")
    }
    for kind in CYCLE_AUDITS:
        required, floor = stage_audit_days(programme.application, kind)
        audit = existing.get(kind)
        if audit is None:
            new_audit(
                actor,
                programme,
                kind,
                due_date=dues[kind],
                days_required=required,
                days_floor=floor,
            )
        elif audit.status == AuditStatus.PLANNED:
            old = snap(audit, AUDIT_FIELDS)
            audit.due_date = dues[kind]
            audit.days_required = required
            audit.days_floor = floor
            audit.save(update_fields=["due_date", "days_required", "days_floor", "updated_at"])
            if old != snap(audit, AUDIT_FIELDS):
                event(
                    actor,
                    "audit.due_changed",
                    audit,
                    programme.certification_body_id,
                    before=old,
                    after=snap(audit, AUDIT_FIELDS),
                    reason=_("Certification cycle started on %(on)s.")
                    % {"on": decision_date.isoformat()},
                )
    return programme


@transaction.atomic
def audit_add_special(
    *,
    actor: Actor,
    programme: Programme,
    kind: str,
    due_date: dt.date,
    days_required: Decimal,
    reason: str,
) -> Audit:
    """Add a special audit (scope extension) or a short-notice audit (ISO/IEC 17021-1 9.6.4) to
    the programme's current cycle."""
    require_planner(actor)
    programme = _lock_programme(actor, programme)
    _active(programme)
    if kind not in SPECIAL_KINDS:
        raise Refused(
            _(
                "Only a special or a short-notice audit can be added; %(kind)r is planned by the "
                "programme itself."
            )
            % {"kind": kind},
            details={"field": "kind"},
        )
    reason = required_text(reason, _("Say why the audit is needed."), "reason")
    today = timezone.localdate()
    if due_date < today:
        raise Refused(
            _("The due date %(due)s is in the past; give today (%(today)s) or later.")
            % {"due": due_date.isoformat(), "today": today.isoformat()},
            details={"field": "due_date"},
        )
    return new_audit(
        actor,
        programme,
        kind,
        due_date=due_date,
        days_required=days(days_required, "days_required"),
        reason=reason,
    )


@transaction.atomic
def programme_repeat_stage2(*, actor: Actor, programme: Programme, reason: str = "") -> Audit:
    """Add a new stage 2 because the majors of the last stage 2 were not verified within 6 months
    of its last day (ISO/IEC 17021-1 9.5.3.2, clause number unverified;
    ``rules.cycle.stage2_repeat_required``)."""
    require_planner(actor)
    programme = _lock_programme(actor, programme)
    _active(programme)
    stage2 = (
        Audit.objects.filter(programme=programme, kind=AuditKind.STAGE2)
        .exclude(status=AuditStatus.CANCELLED)
        .prefetch_related("findings")
        .order_by("-pk")
        .first()
    )
    last_day = audit_last_day(audit=stage2) if stage2 is not None else None
    if stage2 is None or last_day is None:
        raise Refused(
            _("The programme has no stage 2 audit with dates to repeat."),
            details={"field": "programme"},
        )
    has_majors, verified_on = majors_verified_on(stage2.findings.all())
    today = timezone.localdate()
    if verified_on is not None and verified_on > today:
        verified_on = None
    with rules_refuse():
        deadline = cycle.major_nc_deadline(last_day)
        repeat = has_majors and cycle.stage2_repeat_required(
            stage2_last_day=last_day, majors_verified_on=verified_on, today=today
        )
    if not repeat:
        raise Refused(
            _(
                "Stage 2 need not be repeated: %(why)s Majors of stage 2 (last day %(last)s) must "
                "be verified by %(deadline)s."
            )
            % {
                "why": _("it raised no major nonconformity.")
                if not has_majors
                else _("its majors were verified in time, or the 6 months have not run out."),
                "last": last_day.isoformat(),
                "deadline": deadline.isoformat(),
            },
            details={"field": "programme", "deadline": deadline.isoformat()},
        )
    reason = reason.strip() or _(
        "Majors of stage 2 (audit #%(pk)s, last day %(last)s) were not verified by %(deadline)s."
    ) % {"pk": stage2.pk, "last": last_day.isoformat(), "deadline": deadline.isoformat()}
    required, floor = stage_audit_days(programme.application, AuditKind.STAGE2)
    audit = new_audit(
        actor, programme, AuditKind.STAGE2, days_required=required, days_floor=floor, reason=reason
    )
    event(
        actor,
        "programme.stage2_repeated",
        programme,
        programme.certification_body_id,
        after={"previous_stage2": stage2.pk, "new_stage2": audit.pk, "deadline": deadline},
        reason=reason,
    )
    return audit
