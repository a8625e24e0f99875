"""Transfer of accredited certification between certification bodies (IAF MD 2:2017).

The rules were seen in accreditation-body and CB pages paraphrasing IAF MD 2 (domain reference §4);
the MD 2 text itself was not read, so its section numbers are given as "(clause number unverified)".
The pre-transfer review (reason for transfer, scopes, complaints, regulators …) needs a person: this
module only decides the yes/no conditions that follow from recorded facts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .dates import add_months
from .errors import InvalidInput
from .explain import Step
from .status import CertificateStatus

__all__ = [
    "CLAUSE_ELIGIBILITY",
    "CLAUSE_ISSUE",
    "CLAUSE_REVIEW",
    "TransferAssessment",
    "TransferCandidate",
    "transfer_assess",
]

CLAUSE_ELIGIBILITY = "IAF MD 2:2017 §2.1 (clause number unverified)"
CLAUSE_REVIEW = "IAF MD 2:2017 §2.2 (clause number unverified)"
CLAUSE_ISSUE = "IAF MD 2:2017 §2.3.1 (clause number unverified)"
CLAUSE_CYCLE = "IAF MD 2:2017 §2.3 (clause number unverified)"
CESSATION_MONTHS = 6
"""Transfer after the issuing body ceased or lost accreditation: within 6 months or by expiry."""


@dataclass(frozen=True)
class TransferCandidate:
    """Facts about the certificate a client wants to transfer, found in the pre-transfer review."""

    certificate_status: CertificateStatus
    expiry_date: date
    accredited: bool
    reports_available: bool
    surveillance_overdue: bool
    open_major_ncs: int = 0
    minor_plans_accepted: bool = True
    issuing_body_ceased_or_lost_accreditation_on: date | None = None


@dataclass(frozen=True)
class TransferAssessment:
    """Whether the certification can be transferred, and on which terms.

    ``issue_blockers`` (an addition to the agreed interface) lists why the accepting body cannot
    issue its certificate yet although the transfer is eligible (open majors, minor plans not
    accepted).
    """

    eligible: bool
    treat_as_new_client: bool
    reasons: tuple[str, ...]
    complete_by: date | None
    keeps_expiry: date | None
    can_issue_now: bool
    steps: tuple[Step, ...]
    issue_blockers: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "eligible": self.eligible,
            "treat_as_new_client": self.treat_as_new_client,
            "reasons": list(self.reasons),
            "complete_by": self.complete_by.isoformat() if self.complete_by else None,
            "keeps_expiry": self.keeps_expiry.isoformat() if self.keeps_expiry else None,
            "can_issue_now": self.can_issue_now,
            "issue_blockers": list(self.issue_blockers),
            "steps": [step.as_dict() for step in self.steps],
        }


def _check_date(value: object, name: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{name} must be a calendar date (datetime.date), not {value!r}")
    return value


def _status(value: CertificateStatus | str) -> CertificateStatus:
    try:
        return CertificateStatus(value)
    except ValueError:
        allowed = ", ".join(s.value for s in CertificateStatus)
        raise InvalidInput(
            f"{value!r} is not a certificate status; statuses: {allowed}",
            details={"certificate_status": value},
        ) from None


_STATUS_REASON = {
    CertificateStatus.SUSPENDED: (
        "The certificate is suspended; certification known to be suspended is not accepted for "
        f"transfer ({CLAUSE_ELIGIBILITY})."
    ),
    CertificateStatus.WITHDRAWN: (
        f"The certificate is withdrawn; only valid certification can be transferred "
        f"({CLAUSE_ELIGIBILITY})."
    ),
    CertificateStatus.EXPIRED: (
        f"The certificate has expired; only valid certification can be transferred "
        f"({CLAUSE_ELIGIBILITY})."
    ),
    CertificateStatus.SUPERSEDED: (
        "This certificate revision is superseded; assess the current revision, since only valid "
        f"certification can be transferred ({CLAUSE_ELIGIBILITY})."
    ),
    CertificateStatus.DRAFT: (
        "The certificate is a draft that was never issued; only valid certification can be "
        f"transferred ({CLAUSE_ELIGIBILITY})."
    ),
}


def transfer_assess(candidate: TransferCandidate, *, today: date) -> TransferAssessment:
    """Assess a transfer of accredited certification (IAF MD 2:2017, clause numbers unverified).

    Not eligible — the client is treated as a new client (initial audit) — when any of these holds:

    * not issued under accreditation by an IAF MLA signatory (§2.1);
    * not valid: suspended (never accepted), withdrawn, expired, superseded, draft, or the expiry
      date is before ``today`` (§2.1);
    * the initial or last recertification report, or a later surveillance report, is not available
      (§2.2);
    * a surveillance audit is overdue (§2.2);
    * the issuing body ceased trading or its accreditation expired / was suspended / withdrawn, and
      ``today`` is after ``complete_by`` = that date + 6 months or the certificate expiry, whichever
      is sooner (§2.1).

    Eligible transfers keep the existing cycle and expiry date (``keeps_expiry``, §2.3) unless the
    accepting body ends up doing an initial or recertification audit. The accepting body cannot
    issue its certificate while major nonconformities are open or plans for minors are not accepted
    (§2.3.1 — [R] in the domain reference).
    """
    today = _check_date(today, "today")
    status = _status(candidate.certificate_status)
    expiry = _check_date(candidate.expiry_date, "expiry_date")
    majors = candidate.open_major_ncs
    if isinstance(majors, bool) or not isinstance(majors, int) or majors < 0:
        raise InvalidInput(f"open_major_ncs must be a whole number ≥ 0, not {majors!r}")

    reasons: list[str] = []
    steps: list[Step] = []

    if candidate.accredited:
        steps.append(Step("Issued under accreditation by an IAF MLA signatory", CLAUSE_ELIGIBILITY))
    else:
        reasons.append(
            "The certificate was not issued under accreditation by an IAF MLA signatory; only "
            f"accredited certification can be transferred ({CLAUSE_ELIGIBILITY})."
        )

    if status is not CertificateStatus.ACTIVE:
        reasons.append(_STATUS_REASON[status])
    elif expiry < today:
        reasons.append(
            f"The certificate expired on {expiry.isoformat()}; only valid certification can be "
            f"transferred ({CLAUSE_ELIGIBILITY})."
        )
    else:
        steps.append(
            Step("Certificate is active and not past its expiry date", CLAUSE_ELIGIBILITY, "active")
        )

    if candidate.reports_available:
        steps.append(
            Step(
                "Initial or last recertification report and later surveillance reports available",
                CLAUSE_REVIEW,
            )
        )
    else:
        reasons.append(
            "The initial or last recertification audit report and the later surveillance reports "
            f"are not available ({CLAUSE_REVIEW})."
        )

    if candidate.surveillance_overdue:
        reasons.append(f"A surveillance audit is overdue ({CLAUSE_REVIEW}).")
    else:
        steps.append(Step("No surveillance audit is overdue", CLAUSE_REVIEW))

    complete_by: date | None = None
    ceased_on = candidate.issuing_body_ceased_or_lost_accreditation_on
    if ceased_on is not None:
        ceased_on = _check_date(ceased_on, "issuing_body_ceased_or_lost_accreditation_on")
        six_months = add_months(ceased_on, CESSATION_MONTHS)
        complete_by = min(six_months, expiry)
        limit = (
            "6 months after that date"
            if six_months <= expiry
            else "the certificate expiry date, which comes sooner than 6 months"
        )
        steps.append(
            Step(
                f"Issuing body ceased trading or lost accreditation on {ceased_on.isoformat()}: "
                f"transfer within 6 months or by expiry, whichever is sooner ({limit})",
                CLAUSE_ELIGIBILITY,
                complete_by.isoformat(),
            )
        )
        if today > complete_by:
            reasons.append(
                f"The transfer had to be completed by {complete_by.isoformat()} (6 months after "
                f"the issuing body ceased or lost accreditation on {ceased_on.isoformat()}, or the "
                f"certificate expiry if sooner) ({CLAUSE_ELIGIBILITY})."
            )

    eligible = not reasons
    blockers: list[str] = []
    if majors:
        blockers.append(
            f"{majors} major nonconformit{'y is' if majors == 1 else 'ies are'} open: corrections "
            f"and corrective actions must be verified before issuing ({CLAUSE_ISSUE})."
        )
    if not candidate.minor_plans_accepted:
        blockers.append(
            "The client's correction and corrective-action plans for minor nonconformities are not "
            f"yet accepted ({CLAUSE_ISSUE})."
        )
    can_issue_now = eligible and not blockers
    if eligible:
        steps.append(
            Step(
                "Eligible: the existing certification cycle continues with the same expiry date",
                CLAUSE_CYCLE,
                expiry.isoformat(),
            )
        )
        steps.append(
            Step(
                "Certificate can be issued now"
                if can_issue_now
                else "Certificate cannot be issued yet: " + " ".join(blockers),
                CLAUSE_ISSUE,
                "yes" if can_issue_now else "no",
            )
        )
    else:
        steps.append(
            Step(
                "Not eligible for transfer: treat the client as a new client (initial audit)",
                CLAUSE_ELIGIBILITY,
                len(reasons),
            )
        )
    return TransferAssessment(
        eligible=eligible,
        treat_as_new_client=not eligible,
        reasons=tuple(reasons),
        complete_by=complete_by,
        keeps_expiry=expiry if eligible else None,
        can_issue_now=can_issue_now,
        steps=tuple(steps),
        issue_blockers=tuple(blockers) if eligible else (),
    )
