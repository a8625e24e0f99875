"""JSON API of the accreditation app (mounted under /api/v1/office/accreditation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from isocert.accreditation import selectors, services
from isocert.accreditation.schemas import (
    AccreditationBodyPageOut,
    AccreditationStatusIn,
    AccreditedScopeOut,
    CertificationBodyDetailOut,
    CertificationBodyFilterIn,
    CertificationBodyPageOut,
    CoversIn,
    CoversOut,
    ScopeAddIn,
    ScopePageOut,
    ScopeStatusIn,
)
from isocert.core.api_auth import staff_auth
from isocert.core.paging import PageIn, api_page
from isocert.core.permissions import Actor
from isocert.core.schemas import ErrorOut

router = Router(tags=["accreditation"], auth=staff_auth)

ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    """The acting person, set by ``staff_auth`` (token or session)."""
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "/bodies",
    response={200: AccreditationBodyPageOut, **ERRORS},
    summary="Accreditation bodies",
)
def accreditation_bodies(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    return api_page(selectors.accreditation_body_list(actor=_actor(request)), paging)


@router.get(
    "/certification-bodies",
    response={200: CertificationBodyPageOut, **ERRORS},
    summary="Certification bodies you see",
    description="Your own body (staff), or the bodies your accreditation body accredits.",
)
def certification_bodies(
    request: HttpRequest, filters: Query[CertificationBodyFilterIn]
) -> dict[str, Any]:
    rows = selectors.certification_body_list(
        actor=_actor(request),
        search=filters.q,
        status=filters.status or "",
        sort=filters.sort,
    )
    return api_page(rows, filters)


@router.get(
    "/certification-bodies/{cb_id}",
    response={200: CertificationBodyDetailOut, **ERRORS},
    summary="A certification body with its accredited scope and status history",
)
def certification_body(request: HttpRequest, cb_id: int) -> Any:
    return selectors.certification_body_get(actor=_actor(request), pk=cb_id)


@router.get(
    "/certification-bodies/{cb_id}/scopes",
    response={200: ScopePageOut, **ERRORS},
    summary="Accredited scope lines of a body",
)
def scopes(request: HttpRequest, cb_id: int, paging: Query[PageIn]) -> dict[str, Any]:
    body = selectors.certification_body_get(actor=_actor(request), pk=cb_id)
    return api_page(
        selectors.accredited_scope_list(actor=_actor(request), certification_body=body), paging
    )


@router.post(
    "/certification-bodies/{cb_id}/scopes",
    response={201: AccreditedScopeOut, **ERRORS},
    summary="Add a line to a body's accredited scope (accreditation body only)",
)
def scope_add(request: HttpRequest, cb_id: int, payload: ScopeAddIn) -> Any:
    body = selectors.certification_body_get(actor=_actor(request), pk=cb_id)
    standard, edition = selectors.edition_resolve(
        standard=payload.standard, year=payload.edition_year
    )
    scope = services.accredited_scope_add(
        actor=_actor(request),
        certification_body=body,
        standard=standard,
        edition=edition,
        iaf_codes=payload.iaf_codes,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )
    return Status(201, selectors.accredited_scope_get(actor=_actor(request), pk=scope.pk))


@router.post(
    "/scopes/{scope_id}/status",
    response={200: AccreditedScopeOut, **ERRORS},
    summary="Suspend, withdraw or restore a scope line (accreditation body only)",
)
def scope_status(request: HttpRequest, scope_id: int, payload: ScopeStatusIn) -> Any:
    scope = selectors.accredited_scope_get(actor=_actor(request), pk=scope_id)
    services.accredited_scope_set_status(
        actor=_actor(request), scope=scope, status=payload.status, reason=payload.reason
    )
    return selectors.accredited_scope_get(actor=_actor(request), pk=scope_id)


@router.post(
    "/certification-bodies/{cb_id}/status",
    response={200: CertificationBodyDetailOut, **ERRORS},
    summary="Change a body's accreditation status (accreditation body only; public event)",
)
def accreditation_status(request: HttpRequest, cb_id: int, payload: AccreditationStatusIn) -> Any:
    body = selectors.certification_body_get(actor=_actor(request), pk=cb_id)
    services.accreditation_status_change(
        actor=_actor(request),
        certification_body=body,
        status=payload.status,
        reason=payload.reason,
        on=payload.on or timezone.localdate(),
    )
    return selectors.certification_body_get(actor=_actor(request), pk=cb_id)


@router.get(
    "/certification-bodies/{cb_id}/covers",
    response={200: CoversOut, **ERRORS},
    summary="Is a standard edition and IAF codes within the body's accredited scope on a day?",
)
def covers(request: HttpRequest, cb_id: int, query: Query[CoversIn]) -> dict[str, Any]:
    body = selectors.certification_body_get(actor=_actor(request), pk=cb_id)
    standard, edition = selectors.edition_resolve(standard=query.standard, year=query.edition_year)
    covered, reason = selectors.accreditation_covers(
        certification_body=body,
        standard=standard,
        edition=edition,
        iaf_codes=query.iaf_code,
        on=query.on or timezone.localdate(),
    )
    return {"covered": covered, "reason": reason}
