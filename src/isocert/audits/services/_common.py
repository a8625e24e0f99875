"""Plumbing shared by the audits services: who acted, text checks, rule refusals, ledger events."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import Model
from django.http import Http404
from django.utils.translation import gettext as _
from pydantic import ValidationError

from isocert.audits.models import Audit
from isocert.core.errors import Refused, validation_messages
from isocert.core.ledger import ledger_append, snapshot
from isocert.core.permissions import Actor
from isocert.rules.errors import RuleError

SYSTEM = "system"

APPLICATION_FIELDS = [
    "status",
    "kind",
    "client_id",
    "scope",
    "personnel",
    "part_time_count",
    "part_time_hours",
    "seasonal",
    "repetitive",
    "reduction_percent",
    "increase_percent",
    "integration_percent",
    "sampling",
    "effective_personnel",
    "initial_days",
    "stage1_days",
    "stage2_days",
    "surveillance_days",
    "recertification_days",
    "floor_days",
    "refusal_reason",
]
PROGRAMME_FIELDS = ["status", "cycle_number", "cycle_start", "expiry_date"]
AUDIT_FIELDS = [
    "kind",
    "status",
    "cycle",
    "due_date",
    "planned_start",
    "planned_end",
    "days_required",
    "days_floor",
    "days_planned",
    "days_justification",
    "schedule_exception",
    "recommendation",
    "report_submitted_at",
]
FINDING_FIELDS = [
    "kind",
    "status",
    "clause",
    "site_id",
    "correction",
    "root_cause",
    "corrective_action",
    "action_due",
    "plan_accepted_at",
    "verified_on",
    "verified_by_id",
    "verification_note",
]


def who(actor: Actor) -> Any:
    """The ledger's actor: the person, or the system (command line)."""
    return actor.user if actor.user is not None else SYSTEM


def event(
    actor: Actor,
    kind: str,
    obj: Model,
    cb_id: int,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
) -> None:
    ledger_append(
        actor=who(actor),
        kind=kind,
        obj=obj,
        before=before,
        after=after,
        reason=reason,
        certification_body_id=cb_id,
    )


def snap(obj: Model, fields: list[str]) -> dict[str, Any]:
    return snapshot(obj, fields)


def required_text(value: str | None, message: str, field: str, max_length: int = 20_000) -> str:
    text = (value or "").strip()
    if not text:
        raise Refused(message, details={"field": field})
    if len(text) > max_length:
        raise Refused(
            _("%(field)s is longer than %(n)s characters.") % {"field": field, "n": max_length},
            details={"field": field},
        )
    return text


def days(value: Any, field: str) -> Decimal:
    """Audit days: a positive number in half days (IAF MD 5 cl. 2.2.3 rounds to half days)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise Refused(
            _("%(value)r is not a number of audit days.") % {"value": value},
            details={"field": field},
        ) from None
    if not number.is_finite() or number <= 0 or (number * 2) % 1 != 0 or number > 9999:
        raise Refused(
            _("Give the audit days as a positive number of half days (e.g. 1.5), not %(value)s.")
            % {"value": value},
            details={"field": field},
        )
    return number.quantize(Decimal("0.1"))


def decimal_or_none(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.1"))


@contextmanager
def rules_refuse() -> Iterator[None]:
    """A rule error or invalid calculator input becomes a ``Refused`` with the rule's message."""
    try:
        yield
    except Refused:
        raise
    except RuleError as exc:
        details = dict(exc.details) if isinstance(exc.details, dict) else {"detail": exc.details}
        details.setdefault("rule", exc.code)
        raise Refused(exc.message, details=details) from None
    except ValidationError as exc:
        problems = validation_messages(exc)
        message = "; ".join(p["message"].removeprefix("Value error, ") for p in problems)
        raise Refused(message or _("invalid input"), details={"problems": problems}) from None


def own_cb(actor: Actor, cb_id: int, message: str) -> None:
    """Another body's record is a 404, not a 403."""
    if actor.cb_id is None or actor.cb_id != cb_id:
        raise Http404(message)


def lock_audit(actor: Actor, audit: Audit) -> Audit:
    """The audit, locked for this transaction, after checking it is the actor's body's."""
    own_cb(actor, audit.certification_body_id, _("No such audit."))
    return (
        Audit.objects.select_for_update(of=("self",))
        .select_related("programme__application", "programme__client", "certification_body")
        .get(pk=audit.pk)
    )
