"""Plumbing shared by the certification services: who acted, status changes through the rules,
certificate numbers, and the ledger event of a certificate change."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from isocert.accreditation.models import CertificationBody
from isocert.catalog.models import Standard
from isocert.certification.models import Certificate, Decision
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_append, snapshot
from isocert.core.permissions import Actor
from isocert.registry.services import registry_changed
from isocert.rules import status as status_rules
from isocert.rules.errors import TransitionNotAllowed
from isocert.watchlists.services import alerts_dispatch_soon

SYSTEM = "isocert tick"
"""Who the ledger names when the daily job acts (no person)."""

CERTIFICATE_FIELDS = [
    "status",
    "number",
    "revision",
    "scope",
    "effective_date",
    "expiry_date",
    "cycle_start",
    "suspended_on",
    "suspension_deadline",
    "withdrawn_on",
    "status_reason",
]


def who(actor: Actor) -> Any:
    """The ledger's actor: the person, or the daily job."""
    return actor.user if actor.user is not None else SYSTEM


def next_status(current: str, act: status_rules.CertificateAct) -> str:
    """The status after ``act`` (rules/status.py); a refused transition becomes ``Refused``."""
    try:
        return status_rules.transition(current, act).value
    except TransitionNotAllowed as exc:
        raise Refused(exc.message, details=exc.details) from None


def certificate_event(
    *,
    actor: Actor,
    certificate: Certificate,
    kind: str,
    before: dict[str, Any] | None,
    reason: str = "",
    extra: dict[str, Any] | None = None,
    public: bool = True,
) -> None:
    """Append the certificate's ledger event (public: a buyer may see status changes), refresh the
    registry's search entry of its client, and queue the watchlist dispatcher after commit."""
    after = snapshot(certificate, CERTIFICATE_FIELDS)
    if extra:
        after.update(extra)
    ledger_append(
        actor=who(actor),
        kind=kind,
        obj=certificate,
        before=before,
        after=after,
        reason=reason,
        certification_body_id=certificate.certification_body_id,
        public=public,
    )
    registry_changed(client_ids=[certificate.client_id])
    alerts_dispatch_soon()


def standard_number(standard: Standard) -> str:
    """The standard's number for certificate numbers: "ISO/IEC 27001" → "27001"."""
    number = standard.code.rsplit(" ", 1)[-1]
    return re.sub(r"[^0-9A-Za-z-]", "", number).upper()


def printed(number: str, revision: int) -> str:
    return number if revision == 0 else f"{number}-R{revision}"


def lookup_key(printed_number: str) -> str:
    """The printed number upper-cased without spaces or dashes, for tolerant look-up."""
    return re.sub(r"[\s\-\u2010\u2011\u2013\u2014]", "", printed_number).upper()


def new_number(*, certification_body_id: int, standard: Standard) -> str:
    """``<CB acronym>-<standard number>-<6-digit sequence>``; the sequence row is locked."""
    body = CertificationBody.objects.select_for_update().get(pk=certification_body_id)
    seq = body.next_certificate_seq
    body.next_certificate_seq = seq + 1
    body.save(update_fields=["next_certificate_seq"])
    acronym = re.sub(r"[^0-9A-Za-z]", "", body.acronym).upper()
    return f"{acronym}-{standard_number(standard)}-{seq:06d}"


def require_text(value: str, message: str, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise Refused(message, details={"field": field})
    return text


def not_future(day: dt.date, today: dt.date, what: str, field: str) -> None:
    if day > today:
        raise Refused(
            _("%(what)s %(day)s is in the future; it can be today (%(today)s) at the latest.")
            % {"what": what, "day": day.isoformat(), "today": today.isoformat()},
            details={"field": field},
        )


def own_certificate(actor: Actor, certificate: Certificate) -> None:
    if actor.cb_id is None or certificate.certification_body_id != actor.cb_id:
        raise Http404(_("No such certificate."))


def locked(certificate: Certificate) -> Certificate:
    return (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("certification_body", "standard", "edition", "client")
        .get(pk=certificate.pk)
    )


def drop_flags(certificate: Certificate, *codes: str) -> None:
    certificate.flags = [f for f in certificate.flags or [] if f.get("code") not in codes]


def sites_of(certificate: Certificate) -> dict[int, str]:
    return {row.site_id: row.scope for row in certificate.sites.all()}


def codes_of(certificate: Certificate) -> set[int]:
    return set(certificate.iaf_codes.values_list("code", flat=True))


def listing(sites: set[int], codes: set[int]) -> str:
    """Sites and IAF codes named in a refusal: "site 4, IAF 28"."""
    words = [_("site %(pk)s") % {"pk": pk} for pk in sorted(sites)]
    words += [_("IAF %(code)s") % {"code": code} for code in sorted(codes)]
    return ", ".join(words)


def decision_event(*, actor: Actor, decision: Decision, reason: str = "") -> None:
    ledger_append(
        actor=who(actor),
        kind="decision.taken",
        obj=decision,
        after=snapshot(decision, ["kind", "outcome", "decided_on", "audit_id", "programme_id"]),
        reason=reason or decision.notes,
        certification_body_id=decision.certification_body_id,
    )
