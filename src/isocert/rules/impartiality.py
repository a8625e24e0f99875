"""Impartiality of the audit team: the cooling-off period after consultancy or employment.

ISO/IEC 17021-1:2015 5.2 (managing impartiality) and 7.2 (personnel involved in the certification
activities), clause numbers unverified: a person who provided management-system consultancy to a
client, or was employed by it, is not used to audit that client for two years after the
relationship ended (the standard's example of a threat to impartiality, 5.2.5 / 5.2.8 in the
secondary sources). The number of months is a policy value: a certification body or a scheme may
set a longer period.

All dates are calendar dates; "months" are calendar months (``dates.add_months``). The person may
audit again from the day the period has run: a relationship that ended on 2022-03-15 bars audits
that start before 2024-03-15 and allows one that starts on 2024-03-15 (exactly 24 months later).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .dates import add_months
from .errors import InvalidInput
from .explain import Step

__all__ = [
    "BARRING_KINDS",
    "CLAUSE_COOLING_OFF",
    "DEFAULT_IMPARTIALITY_POLICY",
    "ImpartialityCheck",
    "ImpartialityPolicy",
    "Relationship",
    "cooling_off_end",
    "impartiality_check",
]

CLAUSE_COOLING_OFF = "ISO/IEC 17021-1:2015 5.2; 7.2 (clause number unverified)"
BARRING_KINDS = frozenset({"consultancy", "employment"})


@dataclass(frozen=True)
class ImpartialityPolicy:
    """``cooling_off_months``: how long after consultancy or employment a person may not audit the
    client (default 24, ISO/IEC 17021-1 5.2 / 7.2); ``barring_kinds``: which relationships bar."""

    cooling_off_months: int = 24
    barring_kinds: frozenset[str] = field(default=BARRING_KINDS)

    def __post_init__(self) -> None:
        months = self.cooling_off_months
        if isinstance(months, bool) or not isinstance(months, int) or months < 0:
            raise InvalidInput(
                "ImpartialityPolicy.cooling_off_months must be a whole number of months ≥ 0, "
                f"not {months!r}",
                details={"field": "cooling_off_months"},
            )


DEFAULT_IMPARTIALITY_POLICY = ImpartialityPolicy()


@dataclass(frozen=True)
class Relationship:
    """A relationship a person declared with the client.

    ``kind`` is "consultancy", "employment", "financial" or "other"; ``ended_on`` is None while it
    goes on. ``label`` names the declaration in messages (e.g. its id).
    """

    kind: str
    started_on: date | None = None
    ended_on: date | None = None
    label: str = ""


@dataclass(frozen=True)
class ImpartialityCheck:
    """May the person audit the client on ``audit_day``? ``reasons`` say why not; ``free_from`` is
    the first day they may (None when allowed, or while a barring relationship goes on); ``notes``
    list declared relationships that do not bar by rule but that the body must judge (5.2)."""

    audit_day: date
    allowed: bool
    free_from: date | None
    reasons: tuple[str, ...]
    notes: tuple[str, ...]
    steps: tuple[Step, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "audit_day": self.audit_day.isoformat(),
            "allowed": self.allowed,
            "free_from": self.free_from.isoformat() if self.free_from else None,
            "reasons": list(self.reasons),
            "notes": list(self.notes),
            "steps": [step.as_dict() for step in self.steps],
        }


def _check_date(value: object, name: str) -> date:
    if not isinstance(value, date) or isinstance(value, datetime):
        raise InvalidInput(
            f"{name} must be a calendar date (datetime.date), not {value!r}",
            details={"field": name},
        )
    return value


def cooling_off_end(
    ended_on: date, *, policy: ImpartialityPolicy = DEFAULT_IMPARTIALITY_POLICY
) -> date:
    """The first day a person may audit the client again after a barring relationship ended.

    ISO/IEC 17021-1:2015 5.2 / 7.2 (clause number unverified): ``ended_on`` + 24 months (calendar
    months; 2022-03-15 → 2024-03-15, 2022-02-28 → 2024-02-28, 2022-08-31 + 18 → 2024-02-29).
    """
    ended_on = _check_date(ended_on, "ended_on")
    return add_months(ended_on, policy.cooling_off_months)


def impartiality_check(
    relationships: Sequence[Relationship],
    *,
    audit_day: date,
    policy: ImpartialityPolicy = DEFAULT_IMPARTIALITY_POLICY,
) -> ImpartialityCheck:
    """Whether a person with these declared relationships may audit the client on ``audit_day``.

    ISO/IEC 17021-1:2015 5.2; 7.2 (clause number unverified). A relationship of a barring kind
    (consultancy, employment) bars the person while it goes on (``ended_on`` None) and until
    ``cooling_off_end(ended_on)``; the audit's first day must be on or after that day. Other kinds
    (financial interest, other) do not bar by rule: they are returned as ``notes`` for the body to
    judge. ``ended_on`` before ``started_on`` is refused.
    """
    audit_day = _check_date(audit_day, "audit_day")
    if isinstance(relationships, str | bytes) or not isinstance(relationships, Sequence):
        raise InvalidInput(
            "relationships must be a list of Relationship", details={"field": "relationships"}
        )
    reasons: list[str] = []
    notes: list[str] = []
    steps: list[Step] = []
    latest_free: date | None = None
    goes_on = False
    for index, rel in enumerate(relationships, start=1):
        if not isinstance(rel, Relationship):
            raise InvalidInput(
                f"relationship {index} must be a Relationship, got {type(rel).__name__}",
                details={"index": index},
            )
        name = rel.label or f"relationship {index}"
        started = _check_date(rel.started_on, "started_on") if rel.started_on else None
        ended = _check_date(rel.ended_on, "ended_on") if rel.ended_on else None
        if started is not None and ended is not None and ended < started:
            raise InvalidInput(
                f"{name}: ended on {ended.isoformat()}, before it started on {started.isoformat()}",
                details={"index": index},
            )
        kind = str(rel.kind)
        if kind not in policy.barring_kinds:
            notes.append(
                f"{name}: declared {kind} relationship with the client; it does not bar by rule, "
                "judge it as a threat to impartiality"
            )
            continue
        if ended is None:
            goes_on = True
            reasons.append(
                f"{name}: {kind} with the client goes on; nobody may audit a client they "
                "consult for or work for"
            )
            steps.append(Step(f"{name}: {kind} goes on", CLAUSE_COOLING_OFF, None))
            continue
        free_from = cooling_off_end(ended, policy=policy)
        steps.append(
            Step(
                f"{name}: {kind} ended on {ended.isoformat()}; may audit the client from "
                f"{free_from.isoformat()} ({policy.cooling_off_months} months later)",
                CLAUSE_COOLING_OFF,
                free_from.isoformat(),
            )
        )
        if audit_day < free_from:
            reasons.append(
                f"{name}: {kind} with the client ended on {ended.isoformat()}, less than "
                f"{policy.cooling_off_months} months before the audit on "
                f"{audit_day.isoformat()}; may audit this client from {free_from.isoformat()}"
            )
            if latest_free is None or free_from > latest_free:
                latest_free = free_from
    return ImpartialityCheck(
        audit_day=audit_day,
        allowed=not reasons,
        free_from=None if goes_on else latest_free,
        reasons=tuple(reasons),
        notes=tuple(notes),
        steps=tuple(steps),
    )
