"""Writes of accreditation: scope lines and accreditation status, by the accreditation body only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.accreditation.choices import AccreditationStatus
from isocert.accreditation.models import (
    AccreditationStatusChange,
    AccreditedScope,
    CertificationBody,
)
from isocert.accreditation.permissions import require_ab_member
from isocert.accreditation.selectors import accredited_scope_get, certification_body_get
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_append, snapshot
from isocert.core.permissions import Actor
from isocert.rules import standards as catalogue

CB_STATUS_FIELDS = ["accreditation_status", "accreditation_status_since"]


def _status(value: str) -> AccreditationStatus:
    if value not in AccreditationStatus.values:
        raise Refused(
            _("“%(value)s” is not an accreditation status; use one of: %(allowed)s.")
            % {"value": value, "allowed": ", ".join(AccreditationStatus.values)},
            details={"field": "status"},
        )
    return AccreditationStatus(value)


def _reason(reason: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise Refused(
            _("Say why: the reason is kept in the ledger and shown with the change."),
            details={"field": "reason"},
        )
    return text


def _own_body(actor: Actor, certification_body: CertificationBody) -> CertificationBody:
    """The body again, fetched through the actor's scope: another AB's body is a 404."""
    require_ab_member(actor)
    body = certification_body_get(actor=actor, pk=certification_body.pk)
    if body.accreditation_body_id != actor.ab_id:  # visible as their own CB, accredited elsewhere
        raise Http404(_("No such certification body."))
    return body


def _scope_snapshot(scope: AccreditedScope) -> dict[str, Any]:
    data = snapshot(scope, ["valid_from", "valid_until", "status"])
    data["edition"] = f"{scope.standard.code}:{scope.edition.year}"
    data["iaf_codes"] = sorted(code.code for code in scope.iaf_codes.all())
    return data


@transaction.atomic
def accredited_scope_add(
    *,
    actor: Actor,
    certification_body: CertificationBody,
    standard: Standard,
    edition: Edition,
    iaf_codes: Sequence[int],
    valid_from: dt.date,
    valid_until: dt.date | None = None,
) -> AccreditedScope:
    """Add a line to a body's accredited scope: one standard edition and the IAF codes it covers."""
    body = _own_body(actor, certification_body)
    if edition.standard_id != standard.pk:
        raise Refused(
            _("%(edition)s is not an edition of %(standard)s.")
            % {"edition": edition, "standard": standard.code},
            details={"field": "edition"},
        )
    rules_std = catalogue.standard_get(standard.code)
    if not rules_std.certifiable:
        raise Refused(
            _("%(code)s cannot be certified, so it cannot be accredited: %(why)s")
            % {"code": standard.code, "why": rules_std.not_certifiable_reason},
            details={"field": "standard"},
        )
    rules_edition = next((e for e in rules_std.editions if e.year == edition.year), None)
    if rules_edition is None or not rules_edition.is_valid_at(valid_from):
        raise Refused(
            _("%(label)s is not a valid edition on %(day)s; accredit a current edition.")
            % {"label": f"{standard.code}:{edition.year}", "day": valid_from.isoformat()},
            details={"field": "valid_from"},
        )
    if valid_until is not None and valid_until < valid_from:
        raise Refused(
            _("The scope line ends (%(end)s) before it starts (%(start)s).")
            % {"end": valid_until.isoformat(), "start": valid_from.isoformat()},
            details={"field": "valid_until"},
        )
    wanted = sorted(set(iaf_codes))
    if standard.uses_iaf_codes and not wanted:
        raise Refused(
            _("Scopes for %(code)s name the IAF codes they cover; give at least one.")
            % {"code": standard.code},
            details={"field": "iaf_codes"},
        )
    if not standard.uses_iaf_codes and wanted:
        raise Refused(
            _("%(code)s scopes are not defined by IAF codes; leave the codes empty.")
            % {"code": standard.code},
            details={"field": "iaf_codes"},
        )
    codes = list(IafCode.objects.filter(code__in=wanted))
    unknown = sorted(set(wanted) - {c.code for c in codes})
    if unknown:
        raise Refused(
            _("Unknown IAF code(s): %(codes)s; IAF codes run from 1 to 39.")
            % {"codes": ", ".join(map(str, unknown))},
            details={"field": "iaf_codes"},
        )
    if AccreditedScope.objects.filter(certification_body=body, edition=edition).exists():
        raise Refused(
            _("%(cb)s already has a scope line for %(label)s; change that line instead.")
            % {"cb": body.acronym, "label": f"{standard.code}:{edition.year}"},
            details={"field": "edition"},
        )
    try:
        with transaction.atomic():
            scope = AccreditedScope.objects.create(
                certification_body=body,
                standard=standard,
                edition=edition,
                valid_from=valid_from,
                valid_until=valid_until,
            )
    except IntegrityError:  # a concurrent add of the same line
        raise Refused(_("That scope line was just added by someone else.")) from None
    scope.iaf_codes.set(codes)
    ledger_append(
        actor=actor.user,
        kind="accreditation.scope_added",
        obj=scope,
        after=_scope_snapshot(scope),
        certification_body_id=body.pk,
    )
    return scope


@transaction.atomic
def accredited_scope_set_status(
    *, actor: Actor, scope: AccreditedScope, status: str, reason: str
) -> AccreditedScope:
    """Suspend, withdraw or restore one line of a body's accredited scope."""
    require_ab_member(actor)
    scope = accredited_scope_get(actor=actor, pk=scope.pk)
    _own_body(actor, scope.certification_body)
    new = _status(status)
    if scope.status == new:
        raise Refused(
            _("The scope line for %(label)s is already %(status)s.")
            % {"label": f"{scope.standard.code}:{scope.edition.year}", "status": new.label.lower()},
            details={"field": "status"},
        )
    why = _reason(reason)
    before = _scope_snapshot(scope)
    scope.status = new
    scope.save(update_fields=["status", "updated_at"])
    ledger_append(
        actor=actor.user,
        kind="accreditation.scope_status_changed",
        obj=scope,
        before=before,
        after=_scope_snapshot(scope),
        reason=why,
        certification_body_id=scope.certification_body_id,
    )
    return scope


@transaction.atomic
def accreditation_status_change(
    *,
    actor: Actor,
    certification_body: CertificationBody,
    status: str,
    reason: str,
    on: dt.date,
) -> CertificationBody:
    """Suspend, withdraw or restore a body's accreditation from ``on`` (a public ledger event)."""
    body = _own_body(actor, certification_body)
    body = CertificationBody.objects.select_for_update().get(pk=body.pk)
    new = _status(status)
    if body.accreditation_status == new:
        raise Refused(
            _("%(cb)s's accreditation is already %(status)s.")
            % {"cb": body.acronym, "status": new.label.lower()},
            details={"field": "status"},
        )
    why = _reason(reason)
    today = timezone.localdate()
    if on > today:
        raise Refused(
            _("Record the change on the day it takes effect (%(on)s is in the future).")
            % {"on": on.isoformat()},
            details={"field": "on"},
        )
    last = (
        AccreditationStatusChange.objects.filter(certification_body=body)
        .order_by("-effective_on")
        .values_list("effective_on", flat=True)
        .first()
    )
    known = [day for day in (last, body.accreditation_status_since) if day is not None]
    if known and on < max(known):
        raise Refused(
            _("The current status holds since %(since)s; a change cannot take effect before it.")
            % {"since": max(known).isoformat()},
            details={"field": "on"},
        )
    before = snapshot(body, CB_STATUS_FIELDS)
    AccreditationStatusChange.objects.create(
        certification_body=body,
        from_status=body.accreditation_status,
        to_status=new,
        effective_on=on,
        reason=why,
        changed_by=actor.user,
    )
    body.accreditation_status = new
    body.accreditation_status_since = on
    body.save(update_fields=[*CB_STATUS_FIELDS, "updated_at"])
    ledger_append(
        actor=actor.user,
        kind="accreditation.status_changed",
        obj=body,
        before=before,
        after=snapshot(body, CB_STATUS_FIELDS),
        reason=why,
        certification_body_id=body.pk,
        public=True,
    )
    return body
