"""Reads of accreditation, scoped to the actor, and ``accreditation_covers`` for certificate issue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from isocert.accreditation.choices import AccreditationStatus
from isocert.accreditation.models import (
    AccreditationBody,
    AccreditationStatusChange,
    AccreditedScope,
    CertificationBody,
)
from isocert.accreditation.permissions import require_accreditation_viewer
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.clients.models import Client
from isocert.core.errors import Refused
from isocert.core.permissions import Actor
from isocert.rules import standards as catalogue

CB_SORTS: dict[str, list[str]] = {
    "name": ["name"],
    "-name": ["-name"],
    "acronym": ["acronym"],
    "status": ["accreditation_status", "name"],
    "clients": ["-client_count", "name"],
}


def _count(queryset: QuerySet, group_by: str) -> Coalesce:
    """A correlated ``COUNT(*)`` (no join, so several counts do not multiply each other)."""
    sub = queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(sub, output_field=IntegerField()), 0)


def _visible(actor: Actor) -> Q:
    """The certification bodies the actor may see: their own, or those their AB accredits."""
    visible = Q(pk__in=[])
    if actor.cb_id is not None:
        visible |= Q(pk=actor.cb_id)
    if actor.ab_id is not None:
        visible |= Q(accreditation_body_id=actor.ab_id)
    return visible


def _scopes() -> Prefetch:
    return Prefetch(
        "scopes",
        queryset=AccreditedScope.objects.select_related("standard", "edition__standard")
        .prefetch_related("iaf_codes")
        .order_by("standard__code", "edition__year"),
    )


def certification_body_list(
    *, actor: Actor, search: str = "", status: str = "", sort: str = "name"
) -> QuerySet[CertificationBody]:
    """Certification bodies the actor sees, with counts of clients and scope lines."""
    require_accreditation_viewer(actor)
    rows = (
        CertificationBody.objects.filter(_visible(actor))
        .select_related("accreditation_body")
        .annotate(
            client_count=_count(
                Client.objects.filter(certification_body=OuterRef("pk")), "certification_body"
            ),
            scope_count=_count(
                AccreditedScope.objects.filter(certification_body=OuterRef("pk")),
                "certification_body",
            ),
        )
    )
    if search.strip():
        text = search.strip()
        rows = rows.filter(
            Q(name__icontains=text)
            | Q(acronym__icontains=text)
            | Q(accreditation_number__icontains=text)
        )
    if status in AccreditationStatus.values:
        rows = rows.filter(accreditation_status=status)
    return rows.order_by(*CB_SORTS.get(sort, CB_SORTS["name"]))


def certification_body_get(*, actor: Actor, pk: int) -> CertificationBody:
    """A certification body the actor sees, with its scope lines and status history; else 404."""
    require_accreditation_viewer(actor)
    row = (
        CertificationBody.objects.filter(_visible(actor), pk=pk)
        .select_related("accreditation_body")
        .annotate(
            client_count=_count(
                Client.objects.filter(certification_body=OuterRef("pk")), "certification_body"
            )
        )
        .prefetch_related(
            _scopes(),
            Prefetch(
                "status_changes",
                queryset=AccreditationStatusChange.objects.select_related("changed_by").order_by(
                    "-effective_on", "-pk"
                ),
            ),
        )
        .first()
    )
    if row is None:
        raise Http404(_("No such certification body."))
    return row


def accredited_scope_list(
    *, actor: Actor, certification_body: CertificationBody
) -> QuerySet[AccreditedScope]:
    require_accreditation_viewer(actor)
    return (
        AccreditedScope.objects.filter(
            certification_body__in=CertificationBody.objects.filter(_visible(actor)),
            certification_body=certification_body,
        )
        .select_related("standard", "edition__standard", "certification_body")
        .prefetch_related("iaf_codes")
        .order_by("standard__code", "edition__year", "pk")
    )


def accredited_scope_get(*, actor: Actor, pk: int) -> AccreditedScope:
    """A scope line of a body the actor sees; else 404."""
    require_accreditation_viewer(actor)
    row = (
        AccreditedScope.objects.filter(
            certification_body__in=CertificationBody.objects.filter(_visible(actor)), pk=pk
        )
        .select_related("standard", "edition__standard", "certification_body")
        .prefetch_related("iaf_codes")
        .first()
    )
    if row is None:
        raise Http404(_("No such accredited scope line."))
    return row


def accreditation_body_list(*, actor: Actor) -> QuerySet[AccreditationBody]:
    """Accreditation bodies (public reference data) with the number of bodies each accredits."""
    require_accreditation_viewer(actor)
    return AccreditationBody.objects.annotate(
        cb_count=_count(
            CertificationBody.objects.filter(accreditation_body=OuterRef("pk")),
            "accreditation_body",
        )
    ).order_by("name")


def edition_resolve(*, standard: str, year: int) -> tuple[Standard, Edition]:
    """The catalogue rows of ``standard`` (any spelling the rules engine knows) and ``year``."""
    code = catalogue.standard_get(standard).code
    edition = Edition.objects.select_related("standard").filter(standard__code=code, year=year)
    row = edition.first()
    if row is None:
        known = ", ".join(
            str(y)
            for y in Edition.objects.filter(standard__code=code).values_list("year", flat=True)
        )
        raise Refused(
            _("%(code)s has no %(year)s edition; known editions: %(known)s.")
            % {"code": code, "year": year, "known": known or "—"},
            details={"field": "edition_year"},
        )
    return row.standard, row


def accreditation_status_on(*, certification_body: CertificationBody, on: dt.date) -> str:
    """The body's accreditation status on ``on``, from its recorded status changes."""
    changes = list(
        AccreditationStatusChange.objects.filter(certification_body=certification_body)
        .order_by("effective_on", "pk")
        .values_list("from_status", "to_status", "effective_on")
    )
    if not changes:
        return certification_body.accreditation_status
    status = changes[0][0]
    for _from, to, effective_on in changes:
        if effective_on <= on:
            status = to
    return status


def accreditation_covers(
    *,
    certification_body: CertificationBody,
    standard: Standard,
    edition: Edition,
    iaf_codes: Iterable[int | IafCode],
    on: dt.date,
) -> tuple[bool, str]:
    """May this body issue an accredited certificate for ``edition`` and ``iaf_codes`` on ``on``?

    True when, on that date, the body's accreditation is active and an active scope line for that
    edition is valid and covers every IAF code (ISO/IEC 17021-1 8.2.1: the certificate's scope is
    within the accredited scope). Returns ``(answer, reason)``; the reason says what is missing.
    """
    cb = certification_body
    codes = sorted({c.code if isinstance(c, IafCode) else int(c) for c in iaf_codes})
    label = f"{standard.code}:{edition.year}"
    if edition.standard_id != standard.pk:
        return False, _("%(label)s is not an edition of %(standard)s.") % {
            "label": label,
            "standard": standard.code,
        }
    if cb.accreditation_body_id is None:
        return False, _("%(cb)s is not accredited by any accreditation body.") % {"cb": cb.acronym}
    status = accreditation_status_on(certification_body=cb, on=on)
    if status != AccreditationStatus.ACTIVE:
        return False, _("%(cb)s's accreditation was %(status)s on %(on)s.") % {
            "cb": cb.acronym,
            "status": AccreditationStatus(status).label.lower(),
            "on": on.isoformat(),
        }
    line = (
        AccreditedScope.objects.filter(certification_body=cb, edition=edition)
        .prefetch_related("iaf_codes")
        .first()
    )
    if line is None:
        return False, _("%(cb)s is not accredited for %(label)s.") % {
            "cb": cb.acronym,
            "label": label,
        }
    if line.status != AccreditationStatus.ACTIVE:
        return False, _("%(cb)s's accreditation for %(label)s is %(status)s.") % {
            "cb": cb.acronym,
            "label": label,
            "status": line.get_status_display().lower(),
        }
    if on < line.valid_from or (line.valid_until is not None and on > line.valid_until):
        return False, _(
            "%(cb)s's accreditation for %(label)s is valid from %(start)s until %(end)s, "
            "not on %(on)s."
        ) % {
            "cb": cb.acronym,
            "label": label,
            "start": line.valid_from.isoformat(),
            "end": line.valid_until.isoformat() if line.valid_until else _("further notice"),
            "on": on.isoformat(),
        }
    accredited = {code.code for code in line.iaf_codes.all()}
    missing = [code for code in codes if code not in accredited]
    if missing:
        return False, _(
            "IAF code(s) %(missing)s are outside %(cb)s's accredited scope for %(label)s "
            "(accredited: %(codes)s)."
        ) % {
            "missing": ", ".join(map(str, missing)),
            "cb": cb.acronym,
            "label": label,
            "codes": ", ".join(map(str, sorted(accredited))) or "—",
        }
    return True, _("%(label)s%(codes)s is within %(cb)s's accredited scope on %(on)s.") % {
        "label": label,
        "codes": (" " + _("IAF code(s) %(c)s") % {"c": ", ".join(map(str, codes))})
        if codes
        else "",
        "cb": cb.acronym,
        "on": on.isoformat(),
    }


def standard_resolve(*, standard: str) -> Standard:
    """The catalogue row of a standard, from any spelling the rules engine knows ("ISO9001")."""
    code = catalogue.standard_get(standard).code
    row = Standard.objects.filter(code=code).first()
    if row is None:
        raise Refused(
            _("%(code)s is not in the catalogue tables yet; run `isocert load-reference`.")
            % {"code": code},
            details={"field": "standard"},
        )
    return row


def iaf_code_resolve(*, code: int | None) -> IafCode | None:
    if code is None:
        return None
    row = IafCode.objects.filter(code=code).first()
    if row is None:
        raise Refused(
            _("%(code)s is not an IAF code; IAF codes run from 1 to 39.") % {"code": code},
            details={"field": "iaf_code"},
        )
    return row
