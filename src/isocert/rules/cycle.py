"""The three-year certification cycle of ISO/IEC 17021-1:2015: surveillance, recertification,
restoration after expiry, and the six-month rule for major nonconformities after stage 2.

All dates are calendar dates. "Months" are calendar months (``dates.add_months``: a day missing in
the target month becomes that month's last day). Windows are inclusive: a deadline day is in time.

Clause numbers marked "(clause number unverified)" were not confirmed against the normative text
(domain reference §1, tags [R]); the rule text itself was seen in secondary sources.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .dates import add_months, add_years, anniversary_end
from .errors import InvalidInput
from .explain import Step

__all__ = [
    "CLAUSE_CYCLE",
    "CLAUSE_MAJOR_NC",
    "CLAUSE_RECERT_EXPIRY",
    "CLAUSE_RESTORATION",
    "DEFAULT_CYCLE_POLICY",
    "CyclePlan",
    "CyclePolicy",
    "RecertificationOutcome",
    "certification_cycle",
    "major_nc_deadline",
    "recertification_outcome",
    "renewed_expiry",
    "stage2_repeat_required",
    "surveillance_overdue",
]

CLAUSE_CYCLE = "ISO/IEC 17021-1:2015 9.1.3.2"
CLAUSE_EXPIRY = "ISO/IEC 17021-1:2015 8.2.2 c); 9.1.3.2"
CLAUSE_RECERT_EXPIRY = "ISO/IEC 17021-1:2015 9.6.3.2.3 (clause number unverified)"
CLAUSE_RECERT_NOT_DONE = "ISO/IEC 17021-1:2015 9.6.3.2.4 (clause number unverified)"
CLAUSE_RESTORATION = "ISO/IEC 17021-1:2015 9.6.3.2.5"
CLAUSE_EFFECTIVE_DATE = "ISO/IEC 17021-1:2015 8.2.2 b)"
CLAUSE_MAJOR_NC = "ISO/IEC 17021-1:2015 9.5.3.2 (clause number unverified)"


@dataclass(frozen=True)
class CyclePolicy:
    """The numbers of the cycle. Defaults are ISO/IEC 17021-1:2015; change them only for a scheme
    that sets other values (e.g. the IAF ID 3 extraordinary-event extensions)."""

    validity_years: int = 3  # 9.1.3 / 8.2.2 c): three-year cycle
    restoration_months: int = 6  # 9.6.3.2.5: restoration within 6 months after expiry
    major_nc_months: int = 6  # 9.5.3.2 (number unverified): majors verified within 6 months
    surveillance_1_months: int = 12  # 9.1.3.2: surveillance 1 ≤ 12 months after the decision

    def __post_init__(self) -> None:
        for name in ("validity_years", "restoration_months", "major_nc_months"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InvalidInput(f"CyclePolicy.{name} must be a whole number ≥ 1, not {value!r}")
        months = self.surveillance_1_months
        if isinstance(months, bool) or not isinstance(months, int) or months < 1:
            raise InvalidInput(
                f"CyclePolicy.surveillance_1_months must be a whole number ≥ 1, not {months!r}"
            )
        if months >= 12 * self.validity_years:
            raise InvalidInput(
                f"CyclePolicy.surveillance_1_months ({months}) must fall inside the "
                f"{self.validity_years}-year cycle (less than {12 * self.validity_years})"
            )


DEFAULT_CYCLE_POLICY = CyclePolicy()


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _check_date(value: object, name: str) -> date:
    # ``datetime`` is a subclass of ``date``: refuse it, a timestamp is not a calendar date.
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(f"{name} must be a calendar date (datetime.date), not {value!r}")
    return value


# --------------------------------------------------------------------------------------------------
# Cycle plan
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CyclePlan:
    """Due dates of one certification cycle, from the certification or recertification decision."""

    decision_date: date
    expiry_date: date
    surveillance_1_due: date
    surveillance_2_due: date
    recertification_due: date
    steps: tuple[Step, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "decision_date": self.decision_date.isoformat(),
            "expiry_date": self.expiry_date.isoformat(),
            "surveillance_1_due": self.surveillance_1_due.isoformat(),
            "surveillance_2_due": self.surveillance_2_due.isoformat(),
            "recertification_due": self.recertification_due.isoformat(),
            "steps": [step.as_dict() for step in self.steps],
        }


def certification_cycle(
    decision_date: date,
    *,
    surveillance_1_date: date | None = None,
    policy: CyclePolicy = DEFAULT_CYCLE_POLICY,
) -> CyclePlan:
    """Expiry and audit due dates of a cycle (ISO/IEC 17021-1:2015 9.1.3.2; 8.2.2 c).

    * The cycle starts with the certification decision (9.1.3.2); the certificate expires at the end
      of three whole years: 2024-03-15 → 2027-03-14 (``dates.anniversary_end``; 29 February → 28
      February).
    * Surveillance 1: not more than 12 months after the certification decision (9.1.3.2).
    * Surveillance 2: at least once per calendar year except recertification years (9.1.3.2) → by
      31 December of the calendar year after surveillance 1 (the actual date when given, else its
      due date), and never after the expiry date.
    * Recertification: the audit and decision must be complete before the certificate expires
      (9.6.3.2.4, clause number unverified) → due on the expiry date.

    ``surveillance_1_date`` (when surveillance 1 was actually done) must fall between the decision
    and its due date; otherwise InvalidInput.
    """
    decision_date = _check_date(decision_date, "decision_date")
    expiry = anniversary_end(decision_date, policy.validity_years)
    s1_due = add_months(decision_date, policy.surveillance_1_months)
    steps = [
        Step(
            "The cycle starts with the certification decision",
            CLAUSE_CYCLE,
            decision_date.isoformat(),
        ),
        Step(
            f"Certificate expires at the end of {policy.validity_years} whole years from the "
            "decision (the day before the anniversary)",
            CLAUSE_EXPIRY,
            expiry.isoformat(),
        ),
        Step(
            f"First surveillance audit not more than {policy.surveillance_1_months} months after "
            "the certification decision",
            CLAUSE_CYCLE,
            s1_due.isoformat(),
        ),
    ]
    if surveillance_1_date is not None:
        surveillance_1_date = _check_date(surveillance_1_date, "surveillance_1_date")
        if surveillance_1_date < decision_date:
            raise InvalidInput(
                f"surveillance 1 on {surveillance_1_date.isoformat()} is before the certification "
                f"decision of {decision_date.isoformat()}; it must fall between the decision and "
                f"{s1_due.isoformat()}",
                details={"surveillance_1_date": surveillance_1_date.isoformat()},
            )
        if surveillance_1_date > s1_due:
            raise InvalidInput(
                f"surveillance 1 on {surveillance_1_date.isoformat()} is after its due date "
                f"{s1_due.isoformat()}; it must be not more than {policy.surveillance_1_months} "
                f"months after the certification decision ({CLAUSE_CYCLE})",
                details={"surveillance_1_date": surveillance_1_date.isoformat()},
            )
        base, base_text = surveillance_1_date, "surveillance 1 (done)"
    else:
        base, base_text = s1_due, "surveillance 1 (due date)"
    calendar_rule = date(base.year + 1, 12, 31)
    s2_due = min(calendar_rule, expiry)
    steps.append(
        Step(
            f"Second surveillance audit in the calendar year after {base_text} on "
            f"{base.isoformat()}: by 31 December {base.year + 1}"
            + (", but not after the expiry date" if s2_due < calendar_rule else ""),
            CLAUSE_CYCLE,
            s2_due.isoformat(),
        )
    )
    steps.append(
        Step(
            "Recertification audit and decision must be complete before the certificate expires",
            CLAUSE_RECERT_NOT_DONE,
            expiry.isoformat(),
        )
    )
    return CyclePlan(
        decision_date=decision_date,
        expiry_date=expiry,
        surveillance_1_due=s1_due,
        surveillance_2_due=s2_due,
        recertification_due=expiry,
        steps=tuple(steps),
    )


# --------------------------------------------------------------------------------------------------
# Recertification and restoration
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecertificationOutcome:
    """What a recertification decision on a given day does to the certificate."""

    kind: str  # "renewal" | "restoration" | "refused"
    current_expiry: date
    recertification_decision: date
    new_expiry: date | None
    effective_from: date | None
    gap: tuple[date, date] | None
    message: str
    steps: tuple[Step, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "current_expiry": self.current_expiry.isoformat(),
            "recertification_decision": self.recertification_decision.isoformat(),
            "new_expiry": _iso(self.new_expiry),
            "effective_from": _iso(self.effective_from),
            "gap": [self.gap[0].isoformat(), self.gap[1].isoformat()] if self.gap else None,
            "message": self.message,
            "steps": [step.as_dict() for step in self.steps],
        }


def renewed_expiry(current_expiry: date, *, policy: CyclePolicy = DEFAULT_CYCLE_POLICY) -> date:
    """Expiry of the next cycle when it continues from ``current_expiry`` (no drift).

    ISO/IEC 17021-1:2015 9.6.3.2.3 (clause number unverified): the new expiry date can be based on
    the existing expiry date. The next cycle starts the day after the old expiry and lasts three
    whole years: 2027-03-14 → 2030-03-14. This equals ``dates.add_years(current_expiry, 3)`` except
    when the old expiry is 28 February and the new year is a leap year: 2025-02-28 → 2028-02-29 (the
    cycle that starts on 1 March ends on 29 February).
    """
    current_expiry = _check_date(current_expiry, "current_expiry")
    return anniversary_end(current_expiry + timedelta(days=1), policy.validity_years)


def recertification_outcome(
    *,
    current_expiry: date,
    recertification_decision: date,
    policy: CyclePolicy = DEFAULT_CYCLE_POLICY,
) -> RecertificationOutcome:
    """Renewal, restoration or refusal, by the day of the recertification decision.

    * decision ≤ expiry → **renewal**: the cycle continues, new expiry based on the existing expiry
      (9.6.3.2.3, clause number unverified; ``renewed_expiry``).
    * expiry < decision ≤ expiry + 6 months → **restoration** at the certification body's
      discretion, provided the outstanding recertification activities are completed (9.6.3.2.5);
      the expiry is based on the prior cycle, and the certificate was not valid between the old
      expiry and the restoration decision (``gap``).
    * later → **refused**: restoration is no longer possible; at least a stage 2 audit is needed, as
      for a new initial certification (9.6.3.2.5).

    The new certificate is effective from the decision date, never before it (8.2.2 b).
    """
    current_expiry = _check_date(current_expiry, "current_expiry")
    decision = _check_date(recertification_decision, "recertification_decision")
    cycle_start = add_years(current_expiry, -policy.validity_years)
    if decision <= cycle_start:
        raise InvalidInput(
            f"a recertification decision on {decision.isoformat()} lies before the cycle that "
            f"expires on {current_expiry.isoformat()}; it must be after {cycle_start.isoformat()}",
            details={
                "current_expiry": current_expiry.isoformat(),
                "recertification_decision": decision.isoformat(),
            },
        )
    restoration_end = add_months(current_expiry, policy.restoration_months)
    steps = [
        Step("Current certificate expires", CLAUSE_RECERT_NOT_DONE, current_expiry.isoformat()),
        Step("Recertification decision", CLAUSE_RECERT_EXPIRY, decision.isoformat()),
    ]
    gap: tuple[date, date] | None = None
    new_expiry: date | None
    effective_from: date | None
    if decision <= current_expiry:
        kind = "renewal"
        new_expiry = renewed_expiry(current_expiry, policy=policy)
        effective_from = decision
        steps.append(
            Step(
                "Recertified before expiry: the new expiry date is based on the existing expiry "
                f"date ({policy.validity_years} whole years after it, so the cycle does not drift)",
                CLAUSE_RECERT_EXPIRY,
                new_expiry.isoformat(),
            )
        )
        message = (
            f"Renewed: the recertification decision of {decision.isoformat()} was taken by the "
            f"expiry date {current_expiry.isoformat()}. The new certificate is effective "
            f"from {decision.isoformat()} and valid until {new_expiry.isoformat()}."
        )
    elif decision <= restoration_end:
        kind = "restoration"
        new_expiry = renewed_expiry(current_expiry, policy=policy)
        effective_from = decision
        steps.append(
            Step(
                f"Decision after expiry but within {policy.restoration_months} months "
                f"(until {restoration_end.isoformat()}): certification can be restored if the "
                "outstanding recertification activities are completed",
                CLAUSE_RESTORATION,
                restoration_end.isoformat(),
            )
        )
        steps.append(
            Step(
                "On restoration the expiry date is based on the prior certification cycle",
                CLAUSE_RESTORATION,
                new_expiry.isoformat(),
            )
        )
        first_gap_day = current_expiry + timedelta(days=1)
        last_gap_day = decision - timedelta(days=1)
        if first_gap_day <= last_gap_day:
            gap = (first_gap_day, last_gap_day)
            steps.append(
                Step(
                    "Certification was not valid between the expiry and the restoration decision",
                    CLAUSE_RESTORATION,
                    f"{first_gap_day.isoformat()}/{last_gap_day.isoformat()}",
                )
            )
            gap_text = (
                f" Certification was not valid from {first_gap_day.isoformat()} to "
                f"{last_gap_day.isoformat()}; the certificate must show the current cycle dates."
            )
        else:
            gap_text = ""
        message = (
            f"Restored: the certificate expired on {current_expiry.isoformat()} and the "
            f"recertification decision of {decision.isoformat()} falls within the "
            f"{policy.restoration_months}-month restoration period (until "
            f"{restoration_end.isoformat()}). The restored certificate is effective from "
            f"{decision.isoformat()} and valid until {new_expiry.isoformat()}, the expiry of the "
            f"cycle that continues the prior one.{gap_text}"
        )
    else:
        kind = "refused"
        new_expiry = None
        effective_from = None
        steps.append(
            Step(
                f"Decision more than {policy.restoration_months} months after expiry (restoration "
                f"possible until {restoration_end.isoformat()}): at least a stage 2 audit is "
                "required",
                CLAUSE_RESTORATION,
                restoration_end.isoformat(),
            )
        )
        message = (
            f"Cannot be restored: the certificate expired on {current_expiry.isoformat()} and "
            f"restoration was possible only until {restoration_end.isoformat()}. A new initial "
            "audit, at least stage 2, is required; the new certificate starts a new cycle."
        )
    if effective_from is not None:
        steps.append(
            Step(
                "The effective date is not before the certification decision",
                CLAUSE_EFFECTIVE_DATE,
                effective_from.isoformat(),
            )
        )
    return RecertificationOutcome(
        kind=kind,
        current_expiry=current_expiry,
        recertification_decision=decision,
        new_expiry=new_expiry,
        effective_from=effective_from,
        gap=gap,
        message=message,
        steps=tuple(steps),
    )


# --------------------------------------------------------------------------------------------------
# Major nonconformities after stage 2
# --------------------------------------------------------------------------------------------------


def major_nc_deadline(stage2_last_day: date, *, policy: CyclePolicy = DEFAULT_CYCLE_POLICY) -> date:
    """Last day to verify corrections and corrective actions of major NCs from stage 2.

    ISO/IEC 17021-1:2015 9.5.3.2 (clause number unverified): if implementation of corrections and
    corrective actions of any major nonconformity cannot be verified within 6 months after the last
    day of stage 2, another stage 2 is conducted before certification is recommended.
    """
    stage2_last_day = _check_date(stage2_last_day, "stage2_last_day")
    return add_months(stage2_last_day, policy.major_nc_months)


def stage2_repeat_required(
    *,
    stage2_last_day: date,
    majors_verified_on: date | None,
    today: date,
    policy: CyclePolicy = DEFAULT_CYCLE_POLICY,
) -> bool:
    """Whether another stage 2 is needed because majors were not verified in time.

    ISO/IEC 17021-1:2015 9.5.3.2 (clause number unverified). True when the majors were verified
    after the deadline (``major_nc_deadline``), or are still unverified and ``today`` is past it.
    Call it only when stage 2 raised at least one major nonconformity. ``majors_verified_on`` after
    ``today`` is refused (a planned verification is not a verification).
    """
    deadline = major_nc_deadline(stage2_last_day, policy=policy)
    today = _check_date(today, "today")
    if majors_verified_on is None:
        return today > deadline
    majors_verified_on = _check_date(majors_verified_on, "majors_verified_on")
    if majors_verified_on > today:
        raise InvalidInput(
            f"majors_verified_on {majors_verified_on.isoformat()} is after today "
            f"{today.isoformat()}; give the date the verification was done, or None",
        )
    return majors_verified_on > deadline


def surveillance_overdue(*, due: date, done_on: date | None, today: date) -> bool:
    """Whether a surveillance audit is overdue today: not done and past its due date.

    ISO/IEC 17021-1:2015 9.1.3.2 (surveillance frequency). A surveillance done (even late) is no
    longer overdue; compare ``done_on`` with ``due`` to see whether it was late. The due day itself
    is in time. ``done_on`` after ``today`` is refused (a planned date is not a completed audit).
    """
    due = _check_date(due, "due")
    today = _check_date(today, "today")
    if done_on is not None:
        done_on = _check_date(done_on, "done_on")
        if done_on > today:
            raise InvalidInput(
                f"done_on {done_on.isoformat()} is after today {today.isoformat()}; give the date "
                "the surveillance audit was done, or None if it is not done yet",
            )
        return False
    return today > due
