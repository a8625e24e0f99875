"""JSON API of the clients app (mounted under /api/v1/office/clients)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from isocert.clients import selectors, services
from isocert.clients.schemas import (
    ClientFilterIn,
    ClientIdentifierOut,
    ClientIn,
    ClientOut,
    ClientPageOut,
    ClientSiteOut,
    ClientUserIn,
    ClientUserOut,
    ContactIn,
    ContactOut,
    IdentifierIn,
    SiteIn,
    SitePageOut,
)
from isocert.core.api_auth import staff_auth
from isocert.core.paging import PageIn, api_page
from isocert.core.permissions import Actor
from isocert.core.schemas import ErrorOut

router = Router(tags=["clients"], auth=staff_auth)

ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    """The acting person, set by ``staff_auth`` (token or session)."""
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "",
    response={200: ClientPageOut, **ERRORS},
    summary="Clients",
    description="Your body's clients (a client user sees only their own organisation).",
)
def client_list(request: HttpRequest, filters: Query[ClientFilterIn]) -> dict[str, Any]:
    rows = selectors.client_list(
        actor=_actor(request), search=filters.q, country=filters.country, sort=filters.sort
    )
    return api_page(rows, filters)


@router.post("", response={201: ClientOut, **ERRORS}, summary="Record a new client")
def client_create(request: HttpRequest, payload: ClientIn) -> Any:
    client = services.client_create(actor=_actor(request), **payload.dict())
    return Status(201, selectors.client_get(actor=_actor(request), pk=client.pk))


@router.get("/{client_id}", response={200: ClientOut, **ERRORS}, summary="A client")
def client_detail(request: HttpRequest, client_id: int) -> Any:
    return selectors.client_get(actor=_actor(request), pk=client_id)


@router.put("/{client_id}", response={200: ClientOut, **ERRORS}, summary="Change a client")
def client_update(request: HttpRequest, client_id: int, payload: ClientIn) -> Any:
    client = selectors.client_get(actor=_actor(request), pk=client_id)
    services.client_update(actor=_actor(request), client=client, **payload.dict())
    return selectors.client_get(actor=_actor(request), pk=client_id)


@router.get(
    "/{client_id}/sites", response={200: SitePageOut, **ERRORS}, summary="Sites of a client"
)
def site_list(request: HttpRequest, client_id: int, paging: Query[PageIn]) -> dict[str, Any]:
    client = selectors.client_get(actor=_actor(request), pk=client_id)
    return api_page(selectors.site_list(actor=_actor(request), client=client), paging)


@router.post("/{client_id}/sites", response={201: ClientSiteOut, **ERRORS}, summary="Add a site")
def site_add(request: HttpRequest, client_id: int, payload: SiteIn) -> Any:
    client = selectors.client_get(actor=_actor(request), pk=client_id)
    return Status(201, services.site_add(actor=_actor(request), client=client, **payload.dict()))


@router.put("/sites/{site_id}", response={200: ClientSiteOut, **ERRORS}, summary="Change a site")
def site_update(request: HttpRequest, site_id: int, payload: SiteIn) -> Any:
    site = selectors.site_get(actor=_actor(request), pk=site_id)
    return services.site_update(actor=_actor(request), site=site, **payload.dict())


@router.delete("/sites/{site_id}", response={204: None, **ERRORS}, summary="Remove a site")
def site_remove(request: HttpRequest, site_id: int) -> Any:
    site = selectors.site_get(actor=_actor(request), pk=site_id)
    services.site_remove(actor=_actor(request), site=site)
    return Status(204, None)


@router.post(
    "/{client_id}/identifiers",
    response={201: ClientIdentifierOut, **ERRORS},
    summary="Record a legal identifier (VAT, company number, LEI, D-U-N-S)",
    description="VAT, company and LEI numbers are checked with python-stdnum where it has a "
    "module for the scheme and country; a number that fails the check is refused (400).",
)
def identifier_add(request: HttpRequest, client_id: int, payload: IdentifierIn) -> Any:
    client = selectors.client_get(actor=_actor(request), pk=client_id)
    return Status(
        201,
        services.identifier_add(
            actor=_actor(request), client=client, scheme=payload.scheme, value=payload.value
        ),
    )


@router.delete(
    "/identifiers/{identifier_id}", response={204: None, **ERRORS}, summary="Remove an identifier"
)
def identifier_remove(request: HttpRequest, identifier_id: int) -> Any:
    row = selectors.identifier_get(actor=_actor(request), pk=identifier_id)
    services.identifier_remove(actor=_actor(request), identifier=row)
    return Status(204, None)


@router.post("/{client_id}/contacts", response={201: ContactOut, **ERRORS}, summary="Add a contact")
def contact_add(request: HttpRequest, client_id: int, payload: ContactIn) -> Any:
    client = selectors.client_get(actor=_actor(request), pk=client_id)
    return Status(201, services.contact_add(actor=_actor(request), client=client, **payload.dict()))


@router.put(
    "/contacts/{contact_id}", response={200: ContactOut, **ERRORS}, summary="Change a contact"
)
def contact_update(request: HttpRequest, contact_id: int, payload: ContactIn) -> Any:
    contact = selectors.contact_get(actor=_actor(request), pk=contact_id)
    return services.contact_update(actor=_actor(request), contact=contact, **payload.dict())


@router.delete("/contacts/{contact_id}", response={204: None, **ERRORS}, summary="Remove a contact")
def contact_remove(request: HttpRequest, contact_id: int) -> Any:
    contact = selectors.contact_get(actor=_actor(request), pk=contact_id)
    services.contact_remove(actor=_actor(request), contact=contact)
    return Status(204, None)


@router.post(
    "/{client_id}/users",
    response={201: ClientUserOut, **ERRORS},
    summary="Let a person of the client sign in (link an account or create one)",
)
def client_user_add(request: HttpRequest, client_id: int, payload: ClientUserIn) -> Any:
    client = selectors.client_get(actor=_actor(request), pk=client_id)
    if payload.create:
        return Status(
            201,
            services.client_user_create(
                actor=_actor(request),
                client=client,
                username=payload.username,
                email=payload.email,
                password=payload.password,
            ),
        )
    return Status(
        201,
        services.client_user_link(actor=_actor(request), client=client, username=payload.username),
    )


@router.delete(
    "/users/{client_user_id}",
    response={204: None, **ERRORS},
    summary="Stop an account signing in for a client",
)
def client_user_remove(request: HttpRequest, client_user_id: int) -> Any:
    link = selectors.client_user_get(actor=_actor(request), pk=client_user_id)
    services.client_user_unlink(actor=_actor(request), client_user=link)
    return Status(204, None)
