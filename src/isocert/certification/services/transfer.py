"""Transfer of accredited certification from another body (IAF MD 2)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.catalog.models import Edition, Standard
from isocert.certification.choices import (
    DecisionKind,
    DecisionOutcome,
)
from isocert.certification.models import Certificate, Decision
from isocert.certification.services.certificates import (
    DECIDER,
    SiteScope,
    certificate_issue,
)
from isocert.clients.models import Site
from isocert.core.errors import Refused
from isocert.core.permissions import Actor, require_role
from isocert.rules import transfer
from isocert.rules.status import CertificateStatus as RuleStatus

# --------------------------------------------------------------------------------------------------
# Transfer in (IAF MD 2)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TransferReview:
    """What the pre-transfer review found about the certificate issued by the other body."""

    issuing_body: str
    previous_number: str
    standard: Standard
    edition: Edition
    certificate_status: str
    original_issue_date: dt.date
    cycle_start: dt.date
    expiry_date: dt.date
    accredited: bool
    reports_available: bool
    surveillance_overdue: bool
    open_major_ncs: int = 0
    minor_plans_accepted: bool = True
    issuing_body_ceased_or_lost_accreditation_on: dt.date | None = None


@transaction.atomic
def certificate_transfer_in(
    *, actor: Actor, decision: Decision, review: TransferReview
) -> Certificate:
    """Issue this body's certificate for a certification transferred from another body.

    ``isocert.rules.transfer.transfer_assess`` (IAF MD 2) decides: eligible → the certificate keeps
    the existing cycle and expiry date and names where it came from; not eligible → refused with
    every reason (the client is treated as a new client); eligible but majors open or minor plans
    not accepted → refused until they are.
    """
    require_role(actor, DECIDER)
    if decision.certification_body_id != actor.cb_id:
        raise Http404(_("No such decision."))
    if decision.kind != DecisionKind.TRANSFER or decision.outcome != DecisionOutcome.GRANTED:
        raise Refused(
            _(
                "A transferred certificate needs a granted transfer decision after the "
                "pre-transfer review; decision #%(pk)s is “%(kind)s”, %(outcome)s."
            )
            % {
                "pk": decision.pk,
                "kind": decision.get_kind_display(),
                "outcome": decision.get_outcome_display().lower(),
            },
            details={"field": "decision"},
        )
    application = decision.programme.application
    if not application.standards.filter(standard=review.standard).exists():
        raise Refused(
            _("The transfer application does not ask for %(standard)s.")
            % {"standard": review.standard.code},
            details={"field": "standard"},
        )
    if Certificate.objects.filter(decision=decision, standard=review.standard).exists():
        raise Refused(
            _("Decision #%(pk)s has already issued the %(standard)s certificate.")
            % {"pk": decision.pk, "standard": review.standard.code},
            details={"field": "standard"},
        )
    today = timezone.localdate()
    try:
        status = RuleStatus(review.certificate_status)
    except ValueError:
        raise Refused(
            _("%(value)r is not a certificate status; statuses: %(allowed)s.")
            % {
                "value": review.certificate_status,
                "allowed": ", ".join(s.value for s in RuleStatus),
            },
            details={"field": "certificate_status"},
        ) from None
    assessment = transfer.transfer_assess(
        transfer.TransferCandidate(
            certificate_status=status,
            expiry_date=review.expiry_date,
            accredited=review.accredited,
            reports_available=review.reports_available,
            surveillance_overdue=review.surveillance_overdue,
            open_major_ncs=review.open_major_ncs,
            minor_plans_accepted=review.minor_plans_accepted,
            issuing_body_ceased_or_lost_accreditation_on=(
                review.issuing_body_ceased_or_lost_accreditation_on
            ),
        ),
        today=today,
    )
    if not assessment.eligible:
        raise Refused(
            _("Not eligible for transfer; treat as a new client (initial audit): %(reasons)s")
            % {"reasons": " ".join(assessment.reasons)},
            details={"reasons": list(assessment.reasons), "treat_as_new_client": True},
        )
    if not assessment.can_issue_now:
        raise Refused(
            _("The transfer is eligible but the certificate cannot be issued yet: %(why)s")
            % {"why": " ".join(assessment.issue_blockers)},
            details={"reasons": list(assessment.issue_blockers)},
        )
    assert assessment.keeps_expiry is not None
    site_ids = list(application.sites.values_list("pk", flat=True)) or list(
        Site.objects.filter(client_id=decision.client_id).values_list("pk", flat=True)
    )
    decision.details = {**(decision.details or {}), review.standard.code: assessment.as_dict()}
    decision.save(update_fields=["details", "updated_at"])
    source = f"{review.issuing_body.strip()} {review.previous_number.strip()}".strip()
    return certificate_issue(
        actor=actor,
        decision=decision,
        standard=review.standard,
        edition=review.edition,
        scope=application.scope,
        sites=[SiteScope(site_id=pk, scope=application.scope) for pk in site_ids],
        iaf_codes=list(application.iaf_codes.values_list("code", flat=True)),
        effective_on=max(today, decision.decided_on),
        expiry_date=assessment.keeps_expiry,
        cycle_start=review.cycle_start,
        original_issue_date=review.original_issue_date,
        transferred_from=source,
        event_kind="certificate.transferred_in",
        reason=_("Transferred from %(source)s (IAF MD 2).") % {"source": source},
    )
