"""Renewal and restoration after expiry, applied by a granted recertification decision
(ISO/IEC 17021-1 9.6.3.2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.certification.choices import (
    CertificateStatus,
)
from isocert.certification.models import Certificate, Decision
from isocert.certification.selectors import accreditation_check
from isocert.certification.services._common import (
    CERTIFICATE_FIELDS,
    certificate_event,
    codes_of,
    locked,
    next_status,
    sites_of,
)
from isocert.certification.services.certificates import (
    SiteScope,
    certificate_expire,
    certificate_reissue,
)
from isocert.core.errors import Refused
from isocert.core.ledger import snapshot
from isocert.core.permissions import Actor
from isocert.rules import cycle
from isocert.rules.status import CertificateAct

# --------------------------------------------------------------------------------------------------
# Renewal and restoration after expiry (called by decision_take)
# --------------------------------------------------------------------------------------------------


def certificates_recertify(
    *, actor: Actor, decision: Decision, certificates: Sequence[Certificate]
) -> tuple[str, list[Certificate]]:
    """Apply a granted recertification decision to the programme's current certificates.

    ``recertification_outcome`` (ISO/IEC 17021-1 9.6.3.2.3 to 9.6.3.2.5) decides: renewal before expiry → new
    revision with the expiry based on the existing one; within 6 months after expiry → restoration
    (expiry based on the prior cycle, the gap recorded); later → refused with the rules' message.
    Returns the outcome kind and the resulting certificates.
    """
    today = timezone.localdate()
    application = decision.programme.application
    editions = {
        row.standard_id: row.edition for row in application.standards.select_related("edition")
    }
    kinds: set[str] = set()
    results: list[Certificate] = []
    for certificate in certificates:
        cert = locked(certificate)
        outcome = cycle.recertification_outcome(
            current_expiry=cert.expiry_date, recertification_decision=decision.decided_on
        )
        kinds.add(outcome.kind)
        if outcome.kind == "refused":
            raise Refused(outcome.message, details=outcome.as_dict())
        assert outcome.new_expiry is not None and outcome.effective_from is not None
        sites = [SiteScope(site_id=pk, scope=text) for pk, text in sites_of(cert).items()]
        if outcome.kind == "renewal":
            results.append(
                certificate_reissue(
                    actor=actor,
                    old=cert,
                    decision=decision,
                    scope=cert.scope,
                    sites=sites,
                    iaf_codes=sorted(codes_of(cert)),
                    effective_on=outcome.effective_from,
                    event_kind="certificate.renewed",
                    reason=outcome.message,
                    edition=editions.get(cert.standard_id, cert.edition),
                    expiry_date=outcome.new_expiry,
                    cycle_start=decision.decided_on,
                )
            )
            continue
        # Restoration: the expired revision becomes active again; a certificate the daily job
        # has not yet expired is expired first, so the history shows the lapse.
        if cert.status in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED):
            cert = certificate_expire(actor=actor, certificate=cert, today=today)
        covered, why = accreditation_check(
            certification_body=cert.certification_body,
            standard=cert.standard,
            edition=cert.edition,
            iaf_codes=sorted(codes_of(cert)),
            on=outcome.effective_from,
        )
        if not covered:
            raise Refused(
                _("No accredited certificate can be restored: %(why)s") % {"why": why},
                details={"field": "accreditation"},
            )
        before = snapshot(cert, CERTIFICATE_FIELDS)
        cert.status = next_status(cert.status, CertificateAct.RESTORE_AFTER_EXPIRY)
        cert.decision = decision
        cert.expiry_date = outcome.new_expiry
        cert.effective_date = outcome.effective_from
        cert.issue_date = today
        cert.cycle_start = decision.decided_on
        cert.status_reason = outcome.message
        cert.suspended_on = None
        cert.suspension_deadline = None
        cert.save()
        gap: Any = [day.isoformat() for day in outcome.gap] if outcome.gap else None
        certificate_event(
            actor=actor,
            certificate=cert,
            kind="certificate.restored_after_expiry",
            before=before,
            reason=outcome.message,
            extra={"decision": decision.pk, "not_valid_between": gap},
        )
        results.append(cert)
    kind = "restoration" if "restoration" in kinds else "renewal"
    return kind, results
