"""Findings and corrective actions (ISO/IEC 17021-1 9.4.5, 9.4.9, 9.4.10).

A team member raises a finding; the client (a client user of that client, or staff for them)
responds with the correction, the root cause and the corrective action; the lead auditor or an
auditor of the team accepts the action plan (or returns it) and later verifies the actions.
Status flow: open → responded → plan accepted → verified (``choices.FindingStatus``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.audits.choices import AuditStatus, FindingKind, FindingStatus
from isocert.audits.models import Audit, Finding
from isocert.audits.permissions import require_team_member, require_verifier
from isocert.audits.services._common import (
    FINDING_FIELDS,
    event,
    lock_audit,
    required_text,
    snap,
)
from isocert.clients.models import Site
from isocert.core.errors import Refused
from isocert.core.permissions import Actor

NONCONFORMITIES = (FindingKind.MAJOR, FindingKind.MINOR)


def _lock_finding(actor: Actor, finding: Finding) -> Finding:
    """The finding, locked, when the actor is staff of its body or a user of its client; else 404."""
    row = (
        Finding.objects.select_for_update(of=("self",))
        .select_related("audit__programme__client", "audit__certification_body")
        .get(pk=finding.pk)
    )
    staff = actor.cb_id is not None and actor.cb_id == row.audit.certification_body_id
    client = row.audit.programme.client_id in actor.client_ids
    if not (staff or client):
        raise Http404(_("No such finding."))
    return row


def _status(finding: Finding, *allowed: str, what: str) -> None:
    if finding.status not in allowed:
        raise Refused(
            _("The finding is %(status)s; it can be %(what)s only while it is %(allowed)s.")
            % {
                "status": finding.get_status_display().lower(),
                "what": what,
                "allowed": _(" or ").join(str(FindingStatus(s).label).lower() for s in allowed),
            },
            details={"field": "status"},
        )


def _nonconformity(finding: Finding) -> None:
    if finding.kind not in NONCONFORMITIES:
        raise Refused(
            _("%(kind)s needs no response or corrective action; only nonconformities do.")
            % {"kind": finding.get_kind_display()},
            details={"field": "kind"},
        )


def _finding_event(
    actor: Actor, kind: str, finding: Finding, before: dict | None, reason: str = ""
) -> None:
    event(
        actor,
        kind,
        finding,
        finding.audit.certification_body_id,
        before=before,
        after={**snap(finding, FINDING_FIELDS), "audit_id": finding.audit_id},
        reason=reason,
    )


@transaction.atomic
def finding_raise(
    *,
    actor: Actor,
    audit: Audit,
    kind: str,
    clause: str,
    statement: str,
    evidence: str,
    site: Site | None = None,
) -> Finding:
    """Record a finding of the audit (a team member, while the audit is in progress)."""
    audit = lock_audit(actor, audit)
    require_team_member(actor, audit.team.all(), _("raise a finding"))
    if audit.status != AuditStatus.IN_PROGRESS:
        raise Refused(
            _("Findings are raised while the audit is in progress; it is %(status)s.")
            % {"status": audit.get_status_display().lower()},
            details={"field": "audit"},
        )
    if kind not in FindingKind.values:
        raise Refused(
            _("%(kind)r is not a kind of finding; choose one of: %(allowed)s.")
            % {"kind": kind, "allowed": ", ".join(FindingKind.values)},
            details={"field": "kind"},
        )
    nc = kind in NONCONFORMITIES
    clause = (clause or "").strip()
    if nc and not clause:
        raise Refused(
            _("Name the clause of the standard the nonconformity is against (e.g. 7.5.3)."),
            details={"field": "clause"},
        )
    if len(clause) > 40:
        raise Refused(_("The clause is longer than 40 characters."), details={"field": "clause"})
    statement = required_text(statement, _("State the finding."), "statement")
    evidence = (evidence or "").strip()
    if nc and not evidence:
        raise Refused(
            _(
                "Record the objective evidence the nonconformity is based on (ISO/IEC 17021-1 "
                "9.4.5)."
            ),
            details={"field": "evidence"},
        )
    if site is not None and site.client_id != audit.programme.client_id:
        raise Refused(
            _("%(site)s is not a site of %(client)s.")
            % {"site": site.name, "client": audit.programme.client.name},
            details={"field": "site"},
        )
    finding = Finding.objects.create(
        audit=audit,
        kind=kind,
        clause=clause,
        statement=statement,
        evidence=evidence,
        site=site,
        raised_by=actor.user,
    )
    _finding_event(actor, "finding.raised", finding, None)
    return finding


@transaction.atomic
def finding_respond(
    *,
    actor: Actor,
    finding: Finding,
    correction: str,
    root_cause: str,
    corrective_action: str,
    action_due: dt.date,
) -> Finding:
    """The client's response to a nonconformity: correction, root cause, corrective action and
    the day it will be done (a user of that client, or the body's staff for them)."""
    finding = _lock_finding(actor, finding)
    _nonconformity(finding)
    _status(finding, FindingStatus.OPEN, FindingStatus.RESPONDED, what=_("answered"))
    correction = required_text(correction, _("Describe the correction."), "correction")
    root_cause = required_text(root_cause, _("Describe the root cause."), "root_cause")
    corrective_action = required_text(
        corrective_action, _("Describe the corrective action."), "corrective_action"
    )
    today = timezone.localdate()
    if action_due < today:
        raise Refused(
            _(
                "The corrective action's due date %(due)s is in the past; give today (%(today)s) "
                "or later."
            )
            % {"due": action_due.isoformat(), "today": today.isoformat()},
            details={"field": "action_due"},
        )
    before = snap(finding, FINDING_FIELDS)
    finding.correction = correction
    finding.root_cause = root_cause
    finding.corrective_action = corrective_action
    finding.action_due = action_due
    finding.responded_at = timezone.now()
    finding.status = FindingStatus.RESPONDED
    finding.save()
    _finding_event(actor, "finding.responded", finding, before)
    return finding


@transaction.atomic
def finding_accept_plan(*, actor: Actor, finding: Finding, note: str = "") -> Finding:
    """Accept the client's correction and corrective-action plan (lead auditor or an auditor of
    the team; ISO/IEC 17021-1 9.4.10)."""
    finding = _lock_finding(actor, finding)
    require_verifier(actor, finding.audit.team.all(), _("accept an action plan"))
    _nonconformity(finding)
    _status(finding, FindingStatus.RESPONDED, what=_("accepted"))
    before = snap(finding, FINDING_FIELDS)
    finding.status = FindingStatus.PLAN_ACCEPTED
    finding.plan_accepted_at = timezone.now()
    finding.save()
    _finding_event(actor, "finding.plan_accepted", finding, before, (note or "").strip())
    return finding


@transaction.atomic
def finding_reject_plan(*, actor: Actor, finding: Finding, reason: str) -> Finding:
    """Return the client's response as not acceptable, saying why; the finding is open again."""
    finding = _lock_finding(actor, finding)
    require_verifier(actor, finding.audit.team.all(), _("return an action plan"))
    _nonconformity(finding)
    _status(finding, FindingStatus.RESPONDED, what=_("returned"))
    reason = required_text(reason, _("Say why the response is not acceptable."), "reason")
    before = snap(finding, FINDING_FIELDS)
    finding.status = FindingStatus.OPEN
    finding.save()
    _finding_event(actor, "finding.plan_rejected", finding, before, reason)
    return finding


@transaction.atomic
def finding_verify(*, actor: Actor, finding: Finding, verified_on: dt.date, note: str) -> Finding:
    """Record that the correction and corrective actions were verified effective (lead auditor or
    an auditor of the team; ISO/IEC 17021-1 9.4.10)."""
    finding = _lock_finding(actor, finding)
    require_verifier(actor, finding.audit.team.all(), _("verify corrective actions"))
    _nonconformity(finding)
    _status(finding, FindingStatus.PLAN_ACCEPTED, what=_("verified"))
    note = required_text(note, _("Say what was verified and how."), "note")
    today = timezone.localdate()
    if verified_on > today:
        raise Refused(
            _("The verification date %(on)s is in the future; record a verification once done.")
            % {"on": verified_on.isoformat()},
            details={"field": "verified_on"},
        )
    first_day = finding.audit.planned_start
    if first_day is not None and verified_on < first_day:
        raise Refused(
            _("The verification date %(on)s is before the audit began on %(start)s.")
            % {"on": verified_on.isoformat(), "start": first_day.isoformat()},
            details={"field": "verified_on"},
        )
    before = snap(finding, FINDING_FIELDS)
    finding.status = FindingStatus.VERIFIED
    finding.verified_on = verified_on
    finding.verified_by = actor.user
    finding.verification_note = note
    finding.save()
    _finding_event(actor, "finding.verified", finding, before, note)
    return finding
