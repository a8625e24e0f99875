"""Technical review and certification decision (ISO/IEC 17021-1 9.5).

Neither may be made by someone who was on the audit team. A granted decision needs an audit with no
blockers (report submitted, majors verified, minor plans accepted, stage 2 not to be repeated, a lead
auditor) and a technical review that recommends certification.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.audits.choices import AuditKind, AuditStatus
from isocert.audits.models import ApplicationStandard, Audit, Programme
from isocert.audits.services import programme_start_cycle
from isocert.certification.choices import (
    CertificateStatus,
    DecisionKind,
    DecisionOutcome,
    ReviewOutcome,
)
from isocert.certification.models import Certificate, Decision, TechnicalReview
from isocert.certification.selectors import (
    audit_blockers,
    audit_end,
    audit_team_ids,
    latest_review,
)
from isocert.certification.services._common import (
    decision_event,
    not_future,
    require_text,
    who,
)
from isocert.certification.services.certificates import (
    SiteScope,
    certificate_issue,
)
from isocert.certification.services.renewal import certificates_recertify
from isocert.clients.models import Site
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_append, snapshot
from isocert.core.permissions import Actor, require_role
from isocert.people.choices import Role
from isocert.rules import cycle

REVIEWER = Role.TECHNICAL_REVIEWER
DECIDER = Role.DECISION_MAKER

AUDIT_KINDS_FOR: dict[str, tuple[str, ...]] = {
    DecisionKind.GRANT: (AuditKind.STAGE2,),
    DecisionKind.MAINTAIN: (
        AuditKind.SURVEILLANCE1,
        AuditKind.SURVEILLANCE2,
        AuditKind.SHORT_NOTICE,
    ),
    DecisionKind.RENEW: (AuditKind.RECERTIFICATION,),
    DecisionKind.RESTORE: (AuditKind.RECERTIFICATION,),
    DecisionKind.EXTEND_SCOPE: (
        AuditKind.SPECIAL,
        AuditKind.SURVEILLANCE1,
        AuditKind.SURVEILLANCE2,
    ),
    DecisionKind.TRANSFER: (AuditKind.TRANSFER_REVIEW,),
}
CURRENT = (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED)


def _own_audit(actor: Actor, audit: Audit) -> Audit:
    if actor.cb_id is None or audit.certification_body_id != actor.cb_id:
        raise Http404(_("No such audit."))
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related("programme__application", "programme__client", "certification_body")
        .get(pk=audit.pk)
    )


def _not_on_team(actor: Actor, audit: Audit, what: str) -> None:
    if actor.user is not None and actor.user.pk in audit_team_ids(audit=audit):
        raise Refused(
            _(
                "You were on the audit team of this audit, so you cannot make its %(what)s; it "
                "must be someone who did not audit (ISO/IEC 17021-1 9.5.1.2)."
            )
            % {"what": what},
            details={"field": "actor"},
        )


def _report_submitted(audit: Audit) -> bool:
    return audit.report_submitted_at is not None or audit.status == AuditStatus.COMPLETED


# --------------------------------------------------------------------------------------------------
# Technical review
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def review_record(
    *,
    actor: Actor,
    audit: Audit,
    outcome: str,
    notes: str = "",
    reviewed_on: dt.date | None = None,
) -> TechnicalReview:
    """Record the technical review of an audit's results: recommend certification, or return the
    file to the audit team (saying what to fix)."""
    require_role(actor, REVIEWER)
    audit = _own_audit(actor, audit)
    if outcome not in ReviewOutcome.values:
        raise Refused(
            _("%(value)r is not a review outcome; choose one of: %(allowed)s.")
            % {"value": outcome, "allowed": ", ".join(ReviewOutcome.values)},
            details={"field": "outcome"},
        )
    _not_on_team(actor, audit, _("technical review"))
    if not _report_submitted(audit):
        raise Refused(
            _("The audit report has not been submitted yet; review it once it is."),
            details={"field": "audit"},
        )
    today = timezone.localdate()
    reviewed_on = reviewed_on or today
    not_future(reviewed_on, today, _("The review date"), "reviewed_on")
    last_day = audit_end(audit=audit)
    if last_day is not None and reviewed_on < last_day:
        raise Refused(
            _("The review date %(on)s is before the audit's last day %(last)s.")
            % {"on": reviewed_on.isoformat(), "last": last_day.isoformat()},
            details={"field": "reviewed_on"},
        )
    if outcome == ReviewOutcome.RETURN:
        notes = require_text(
            notes, _("Say what the audit team must fix when returning the file."), "notes"
        )
    review = TechnicalReview.objects.create(
        audit=audit,
        reviewer=actor.user,
        outcome=outcome,
        notes=notes.strip(),
        reviewed_on=reviewed_on,
    )
    ledger_append(
        actor=who(actor),
        kind="review.recorded",
        obj=review,
        after=snapshot(review, ["audit_id", "outcome", "reviewed_on"]),
        reason=review.notes,
        certification_body_id=audit.certification_body_id,
    )
    return review


# --------------------------------------------------------------------------------------------------
# Certification decision
# --------------------------------------------------------------------------------------------------


def _current_certificates(programme: Programme, *statuses: str) -> list[Certificate]:
    return list(
        Certificate.objects.filter(programme=programme, status__in=statuses)
        .select_related("standard", "edition", "certification_body")
        .order_by("number")
    )


def _check_kind(kind: str, outcome: str, audit: Audit) -> None:
    if outcome not in DecisionOutcome.values:
        raise Refused(
            _("%(value)r is not a decision outcome; choose one of: %(allowed)s.")
            % {"value": outcome, "allowed": ", ".join(DecisionOutcome.values)},
            details={"field": "outcome"},
        )
    if kind == DecisionKind.REDUCE_SCOPE:
        raise Refused(
            _("Reduce a scope from the certificate itself (it records its own decision)."),
            details={"field": "kind"},
        )
    if kind not in AUDIT_KINDS_FOR:
        raise Refused(
            _("%(value)r is not a decision kind; choose one of: %(allowed)s.")
            % {"value": kind, "allowed": ", ".join(AUDIT_KINDS_FOR)},
            details={"field": "kind"},
        )
    allowed = AUDIT_KINDS_FOR[kind]
    if audit.kind not in allowed:
        raise Refused(
            _("A “%(kind)s” decision follows a %(allowed)s audit, not a %(audit)s audit.")
            % {
                "kind": DecisionKind(kind).label,
                "allowed": " / ".join(str(AuditKind(k).label) for k in allowed),
                "audit": AuditKind(audit.kind).label,
            },
            details={"field": "kind", "audit_kind": audit.kind},
        )


@transaction.atomic
def decision_take(
    *,
    actor: Actor,
    audit: Audit,
    kind: str,
    outcome: str,
    decided_on: dt.date,
    notes: str = "",
) -> Decision:
    """Take the certification decision on an audit (ISO/IEC 17021-1 9.5).

    A granted ``grant`` issues one active certificate per standard of the application and starts
    the cycle (``programme_start_cycle``); ``maintain`` keeps the certificates; ``renew`` renews
    or restores them as ``rules.cycle.recertification_outcome`` says (a restoration is recorded as
    a ``restore`` decision); ``extend_scope`` and ``transfer`` are followed by
    ``certificate_extend_scope`` / ``certificate_transfer_in``. A grant, renewal or restoration
    starts the programme's next cycle (``audits.services.programme_start_cycle``).
    """
    require_role(actor, DECIDER)
    audit = _own_audit(actor, audit)
    _check_kind(kind, outcome, audit)
    _not_on_team(actor, audit, _("certification decision"))
    today = timezone.localdate()
    not_future(decided_on, today, _("The decision date"), "decided_on")
    last_day = audit_end(audit=audit)
    if last_day is None:
        raise Refused(
            _("The audit has no last day recorded; record the audit dates before deciding."),
            details={"field": "audit"},
        )
    if decided_on < last_day:
        raise Refused(
            _(
                "The decision date %(on)s is before the audit's last day %(last)s; decide on or "
                "after %(last)s."
            )
            % {"on": decided_on.isoformat(), "last": last_day.isoformat()},
            details={"field": "decided_on"},
        )
    previous = audit.decisions.order_by("pk").first()
    if previous is not None:
        raise Refused(
            _("This audit was already decided on %(on)s (decision #%(pk)s).")
            % {"on": previous.decided_on.isoformat(), "pk": previous.pk},
            details={"decision": previous.pk},
        )
    programme = audit.programme
    if outcome == DecisionOutcome.REFUSED:
        notes = require_text(notes, _("Say why certification is refused."), "notes")
    else:
        reasons = audit_blockers(programme=programme, audit=audit, today=today)
        review = latest_review(audit=audit)
        if review is None or review.outcome != ReviewOutcome.RECOMMEND:
            reasons.append(_("No technical review recommends certification yet."))
        if reasons:
            raise Refused(
                _("Certification cannot be granted yet: %(reasons)s")
                % {"reasons": " ".join(reasons)},
                details={"blockers": reasons},
            )
        _check_certificates_for(kind, programme)

    decision = Decision.objects.create(
        certification_body_id=audit.certification_body_id,
        client_id=programme.client_id,
        programme=programme,
        audit=audit,
        kind=kind,
        outcome=outcome,
        decided_by=actor.user,
        decided_on=decided_on,
        notes=notes.strip(),
    )
    if outcome == DecisionOutcome.GRANTED:
        if kind == DecisionKind.GRANT:
            _grant(actor=actor, decision=decision, programme=programme)
        elif kind in (DecisionKind.RENEW, DecisionKind.RESTORE):
            current = _current_certificates(programme, *CURRENT, CertificateStatus.EXPIRED)
            result, _certs = certificates_recertify(
                actor=actor, decision=decision, certificates=current
            )
            decision.kind = DecisionKind.RESTORE if result == "restoration" else DecisionKind.RENEW
            decision.details = {"recertification": result}
            decision.save(update_fields=["kind", "details", "updated_at"])
            programme_start_cycle(actor=actor, programme=programme, decision_date=decided_on)
    decision_event(actor=actor, decision=decision)
    return decision


def _check_certificates_for(kind: str, programme: Programme) -> None:
    if kind == DecisionKind.GRANT:
        held = _current_certificates(programme, *CURRENT)
        if held:
            raise Refused(
                _("The programme already has valid certificates: %(numbers)s.")
                % {"numbers": ", ".join(c.printed_number for c in held)},
                details={"certificates": [c.pk for c in held]},
            )
    elif kind in (DecisionKind.MAINTAIN, DecisionKind.EXTEND_SCOPE):
        if not _current_certificates(programme, *CURRENT):
            raise Refused(
                _("The programme has no active or suspended certificate to maintain or extend."),
                details={"field": "kind"},
            )
    elif kind in (DecisionKind.RENEW, DecisionKind.RESTORE) and not _current_certificates(
        programme, *CURRENT, CertificateStatus.EXPIRED
    ):
        raise Refused(
            _("The programme has no certificate to renew or restore."),
            details={"field": "kind"},
        )


def _grant(*, actor: Actor, decision: Decision, programme: Programme) -> None:
    application = programme.application
    standards = list(
        ApplicationStandard.objects.filter(application=application)
        .select_related("standard", "edition")
        .order_by("standard__code")
    )
    if not standards:
        raise Refused(
            _("The application names no standard to certify."), details={"field": "application"}
        )
    programme_start_cycle(actor=actor, programme=programme, decision_date=decision.decided_on)
    plan = cycle.certification_cycle(decision.decided_on)
    site_ids = list(application.sites.values_list("pk", flat=True)) or list(
        Site.objects.filter(client_id=programme.client_id).values_list("pk", flat=True)
    )
    codes = list(application.iaf_codes.values_list("code", flat=True))
    for row in standards:
        certificate_issue(
            actor=actor,
            decision=decision,
            standard=row.standard,
            edition=row.edition,
            scope=application.scope,
            sites=[SiteScope(site_id=pk, scope=application.scope) for pk in site_ids],
            iaf_codes=codes,
            effective_on=decision.decided_on,
            expiry_date=plan.expiry_date,
            cycle_start=decision.decided_on,
            reason=_("Initial certification granted."),
        )
