"""Certificate acts: issue, suspend, restore, withdraw, expire, reduce or extend scope, renew,
restore after expiry, and transfer in (ISO/IEC 17021-1 8.2, 9.6; IAF MD 2).

Every status change goes through ``isocert.rules.status.transition`` and appends a public ledger
event. A change of scope, a renewal or a transfer issues a new revision (same number, revision + 1)
that supersedes the old one; a restoration after expiry reactivates the expired revision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.catalog.models import Edition, Standard
from isocert.certification.choices import (
    CertificateFlag,
    CertificateStatus,
    DecisionKind,
    DecisionOutcome,
)
from isocert.certification.models import Certificate, CertificateSite, Decision
from isocert.certification.selectors import accreditation_check
from isocert.certification.services._common import (
    CERTIFICATE_FIELDS,
    certificate_event,
    drop_flags,
    locked,
    lookup_key,
    new_number,
    next_status,
    own_certificate,
    printed,
    require_text,
)
from isocert.clients.models import Site
from isocert.core.errors import Refused
from isocert.core.ledger import snapshot
from isocert.core.permissions import Actor, require_role
from isocert.people.choices import Role
from isocert.rules.status import CertificateAct

DECIDER = Role.DECISION_MAKER
ISSUING_KINDS = {
    DecisionKind.GRANT,
    DecisionKind.RENEW,
    DecisionKind.RESTORE,
    DecisionKind.EXTEND_SCOPE,
    DecisionKind.REDUCE_SCOPE,
    DecisionKind.TRANSFER,
}


@dataclass(frozen=True)
class SiteScope:
    """A site on the certificate and the scope of activities certified there (8.2.2 a, f)."""

    site_id: int
    scope: str


# --------------------------------------------------------------------------------------------------
# Issue
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def certificate_issue(
    *,
    actor: Actor,
    decision: Decision,
    standard: Standard,
    edition: Edition,
    scope: str,
    sites: Sequence[SiteScope],
    iaf_codes: Sequence[int],
    effective_on: dt.date,
    expiry_date: dt.date,
    cycle_start: dt.date,
    original_issue_date: dt.date | None = None,
    number: str | None = None,
    revision: int = 0,
    supersedes: Certificate | None = None,
    transferred_from: str = "",
    event_kind: str = "certificate.issued",
    reason: str = "",
) -> Certificate:
    """Issue one certificate revision on a granted decision (draft → active through the rules).

    Internal to decisions and scope changes: the caller checks who may act. Guards: a granted
    decision of a kind that issues certificates; the effective date not before the decision (8.2.2
    b); the standard, edition and IAF codes inside the body's accreditation on the effective date.
    """
    if decision.outcome != DecisionOutcome.GRANTED:
        raise Refused(
            _(
                "No certificate without a granted certification decision: decision #%(pk)s "
                "was %(outcome)s."
            )
            % {"pk": decision.pk, "outcome": decision.get_outcome_display().lower()},
            details={"decision": decision.pk, "outcome": decision.outcome},
        )
    if decision.kind not in ISSUING_KINDS:
        raise Refused(
            _("A “%(kind)s” decision does not issue certificates.")
            % {"kind": decision.get_kind_display()},
            details={"decision": decision.pk, "kind": decision.kind},
        )
    if effective_on < decision.decided_on:
        raise Refused(
            _(
                "The effective date %(effective)s is before the certification decision of "
                "%(decided)s; it must be on or after %(decided)s (ISO/IEC 17021-1 8.2.2 b)."
            )
            % {"effective": effective_on.isoformat(), "decided": decision.decided_on.isoformat()},
            details={"field": "effective_on"},
        )
    if expiry_date < effective_on:
        raise Refused(
            _("The expiry date %(expiry)s is before the effective date %(effective)s.")
            % {"expiry": expiry_date.isoformat(), "effective": effective_on.isoformat()},
            details={"field": "expiry_date"},
        )
    if edition.standard_id != standard.pk:
        raise Refused(
            _("%(edition)s is not an edition of %(standard)s.")
            % {"edition": edition, "standard": standard.code},
            details={"field": "edition"},
        )
    scope = require_text(scope, _("Say what the certificate covers (scope)."), "scope")
    if not sites:
        raise Refused(_("A certificate names at least one site."), details={"field": "sites"})
    known = dict(
        Site.objects.filter(
            client_id=decision.client_id, pk__in=[s.site_id for s in sites]
        ).values_list("pk", "client_id")
    )
    strangers = [s.site_id for s in sites if s.site_id not in known]
    if strangers:
        raise Refused(
            _("Site(s) %(ids)s are not sites of %(client)s.")
            % {"ids": ", ".join(map(str, strangers)), "client": decision.client},
            details={"field": "sites", "sites": strangers},
        )
    codes = sorted(set(iaf_codes))
    covered, why = accreditation_check(
        certification_body=decision.certification_body,
        standard=standard,
        edition=edition,
        iaf_codes=codes,
        on=effective_on,
    )
    if not covered:
        raise Refused(
            _("No accredited certificate can be issued: %(why)s") % {"why": why},
            details={"field": "accreditation"},
        )
    number = number or new_number(
        certification_body_id=decision.certification_body_id, standard=standard
    )
    today = timezone.localdate()
    certificate = Certificate.objects.create(
        certification_body_id=decision.certification_body_id,
        client_id=decision.client_id,
        programme_id=decision.programme_id,
        decision=decision,
        number=number,
        revision=revision,
        lookup_key=lookup_key(printed(number, revision)),
        status=CertificateStatus.DRAFT,
        standard=standard,
        edition=edition,
        scope=scope,
        original_issue_date=original_issue_date or effective_on,
        issue_date=today,
        effective_date=effective_on,
        expiry_date=expiry_date,
        cycle_start=cycle_start,
        supersedes=supersedes,
        transferred_from=transferred_from,
    )
    certificate.iaf_codes.set(codes)
    CertificateSite.objects.bulk_create(
        [
            CertificateSite(
                certificate=certificate, site_id=s.site_id, scope=(s.scope or "").strip() or scope
            )
            for s in sites
        ]
    )
    before = snapshot(certificate, CERTIFICATE_FIELDS)
    certificate.status = next_status(certificate.status, CertificateAct.ISSUE)
    certificate.save(update_fields=["status", "updated_at"])
    certificate_event(
        actor=actor,
        certificate=certificate,
        kind=event_kind,
        before=before,
        reason=reason,
        extra={"decision": decision.pk, "iaf_codes": codes, "sites": [s.site_id for s in sites]},
    )
    return certificate


def certificate_reissue(
    *,
    actor: Actor,
    old: Certificate,
    decision: Decision,
    scope: str,
    sites: Sequence[SiteScope],
    iaf_codes: Sequence[int],
    effective_on: dt.date,
    event_kind: str,
    reason: str,
    edition: Edition | None = None,
    expiry_date: dt.date | None = None,
    cycle_start: dt.date | None = None,
) -> Certificate:
    """Supersede ``old`` and issue its next revision (same number, revision + 1; 8.2.2 i)."""
    before = snapshot(old, CERTIFICATE_FIELDS)
    old.status = next_status(old.status, CertificateAct.SUPERSEDE)
    drop_flags(old, *CertificateFlag.values)
    old.save(update_fields=["status", "flags", "updated_at"])
    certificate_event(
        actor=actor,
        certificate=old,
        kind="certificate.superseded",
        before=before,
        reason=reason,
        extra={"superseded_by_revision": old.revision + 1},
    )
    return certificate_issue(
        actor=actor,
        decision=decision,
        standard=old.standard,
        edition=edition or old.edition,
        scope=scope,
        sites=sites,
        iaf_codes=iaf_codes,
        effective_on=effective_on,
        expiry_date=expiry_date or old.expiry_date,
        cycle_start=cycle_start or old.cycle_start,
        original_issue_date=old.original_issue_date,
        number=old.number,
        revision=old.revision + 1,
        supersedes=old,
        transferred_from=old.transferred_from,
        event_kind=event_kind,
        reason=reason,
    )


# --------------------------------------------------------------------------------------------------
# Status acts
# --------------------------------------------------------------------------------------------------


@transaction.atomic
def certificate_suspend(
    *, actor: Actor, certificate: Certificate, reason: str, deadline: dt.date
) -> Certificate:
    """Suspend an active certificate until ``deadline`` (ISO/IEC 17021-1 9.6.5)."""
    require_role(actor, DECIDER)
    own_certificate(actor, certificate)
    cert = locked(certificate)
    reason = require_text(reason, _("Say why the certificate is suspended."), "reason")
    today = timezone.localdate()
    if deadline <= today:
        raise Refused(
            _(
                "The deadline to resolve the suspension (%(deadline)s) must be after today "
                "(%(today)s)."
            )
            % {"deadline": deadline.isoformat(), "today": today.isoformat()},
            details={"field": "deadline"},
        )
    before = snapshot(cert, CERTIFICATE_FIELDS)
    cert.status = next_status(cert.status, CertificateAct.SUSPEND)
    cert.suspended_on = today
    cert.suspension_reason = reason
    cert.suspension_deadline = deadline
    cert.status_reason = reason
    cert.save()
    certificate_event(
        actor=actor, certificate=cert, kind="certificate.suspended", before=before, reason=reason
    )
    return cert


@transaction.atomic
def certificate_restore(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Restore a suspended certificate once the issue is resolved (ISO/IEC 17021-1 9.6.5)."""
    require_role(actor, DECIDER)
    own_certificate(actor, certificate)
    cert = locked(certificate)
    reason = require_text(
        reason, _("Say how the issue that led to suspension was resolved."), "reason"
    )
    today = timezone.localdate()
    if cert.status == CertificateStatus.SUSPENDED and cert.expiry_date < today:
        raise Refused(
            _(
                "The certificate expired on %(expiry)s while suspended; it cannot be restored "
                "from suspension. A recertification decision can restore it within 6 months of "
                "expiry (ISO/IEC 17021-1 9.6.3.2.5)."
            )
            % {"expiry": cert.expiry_date.isoformat()},
            details={"expiry_date": cert.expiry_date.isoformat()},
        )
    before = snapshot(cert, CERTIFICATE_FIELDS)
    cert.status = next_status(cert.status, CertificateAct.RESTORE)
    cert.suspended_on = None
    cert.suspension_deadline = None
    cert.suspension_reason = ""
    cert.status_reason = reason
    drop_flags(cert, CertificateFlag.SUSPENSION_NEEDS_ACTION)
    cert.save()
    certificate_event(
        actor=actor, certificate=cert, kind="certificate.restored", before=before, reason=reason
    )
    return cert


@transaction.atomic
def certificate_withdraw(*, actor: Actor, certificate: Certificate, reason: str) -> Certificate:
    """Withdraw an active or suspended certificate (ISO/IEC 17021-1 9.6.5); terminal."""
    require_role(actor, DECIDER)
    own_certificate(actor, certificate)
    cert = locked(certificate)
    reason = require_text(reason, _("Say why the certificate is withdrawn."), "reason")
    before = snapshot(cert, CERTIFICATE_FIELDS)
    cert.status = next_status(cert.status, CertificateAct.WITHDRAW)
    cert.withdrawn_on = timezone.localdate()
    cert.status_reason = reason
    cert.flags = []
    cert.save()
    certificate_event(
        actor=actor, certificate=cert, kind="certificate.withdrawn", before=before, reason=reason
    )
    return cert


@transaction.atomic
def certificate_expire(*, actor: Actor, certificate: Certificate, today: dt.date) -> Certificate:
    """Expire an active or suspended certificate whose expiry date has passed (the daily job)."""
    cert = locked(certificate)
    if cert.expiry_date >= today:
        raise Refused(
            _("The certificate is valid until %(expiry)s; it cannot expire before then.")
            % {"expiry": cert.expiry_date.isoformat()},
            details={"expiry_date": cert.expiry_date.isoformat()},
        )
    before = snapshot(cert, CERTIFICATE_FIELDS)
    cert.status = next_status(cert.status, CertificateAct.EXPIRE)
    cert.status_reason = _(
        "The expiry date %(expiry)s passed without a recertification decision."
    ) % {"expiry": cert.expiry_date.isoformat()}
    cert.flags = []
    cert.save()
    certificate_event(
        actor=actor,
        certificate=cert,
        kind="certificate.expired",
        before=before,
        reason=cert.status_reason,
    )
    return cert
