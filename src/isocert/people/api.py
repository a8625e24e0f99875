"""JSON API of the people app (mounted under /api/v1/office/people)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from isocert.accreditation.selectors import iaf_code_resolve, standard_resolve
from isocert.clients.selectors import client_get
from isocert.core.api_auth import staff_auth
from isocert.core.paging import PageIn, api_page
from isocert.core.permissions import Actor
from isocert.core.schemas import ErrorOut
from isocert.core.tokens import api_token_create, api_token_revoke
from isocert.people import selectors, services
from isocert.people.schemas import (
    ApiTokenIn,
    ConflictEndIn,
    ConflictFilterIn,
    ConflictIn,
    ConflictOut,
    ConflictPageOut,
    MembershipOut,
    PersonIn,
    PersonOut,
    PersonPageOut,
    QualificationEndIn,
    QualificationFilterIn,
    QualificationIn,
    QualificationOut,
    QualificationPageOut,
    RoleIn,
    StaffFilterIn,
    TokenCreatedOut,
    TokenOut,
    TokenPageOut,
)

router = Router(tags=["people"], auth=staff_auth)

ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    """The acting person, set by ``staff_auth`` (token or session)."""
    return request.auth  # type: ignore[attr-defined]


@router.get(
    "/staff", response={200: PersonPageOut, **ERRORS}, summary="People of your body and their roles"
)
def staff_list(request: HttpRequest, filters: Query[StaffFilterIn]) -> dict[str, Any]:
    rows = selectors.staff_list(
        actor=_actor(request),
        search=filters.q,
        role=filters.role or "",
        state=filters.state,
        sort=filters.sort,
    )
    return api_page(rows, filters)


@router.post("/staff", response={201: PersonOut, **ERRORS}, summary="Add a person (administrators)")
def person_add(request: HttpRequest, payload: PersonIn) -> Any:
    user = services.person_add(
        actor=_actor(request),
        username=payload.username,
        email=payload.email,
        roles=[str(r) for r in payload.roles],
        password=payload.password,
        first_name=payload.first_name,
        last_name=payload.last_name,
    )
    return Status(201, selectors.person_get(actor=_actor(request), pk=user.pk))


@router.get("/staff/{person_id}", response={200: PersonOut, **ERRORS}, summary="A person")
def person_detail(request: HttpRequest, person_id: int) -> Any:
    return selectors.person_get(actor=_actor(request), pk=person_id)


@router.post(
    "/staff/{person_id}/roles",
    response={201: MembershipOut, **ERRORS},
    summary="Give a role (administrators)",
)
def role_grant(request: HttpRequest, person_id: int, payload: RoleIn) -> Any:
    person = selectors.person_get(actor=_actor(request), pk=person_id)
    return Status(201, services.role_grant(actor=_actor(request), person=person, role=payload.role))


@router.delete(
    "/staff/{person_id}/roles/{role}",
    response={200: MembershipOut, **ERRORS},
    summary="Take a role away (administrators)",
)
def role_revoke(request: HttpRequest, person_id: int, role: str) -> Any:
    person = selectors.person_get(actor=_actor(request), pk=person_id)
    return services.role_revoke(actor=_actor(request), person=person, role=role)


@router.get(
    "/qualifications",
    response={200: QualificationPageOut, **ERRORS},
    summary="Qualifications recorded by your body",
)
def qualification_list(
    request: HttpRequest, filters: Query[QualificationFilterIn]
) -> dict[str, Any]:
    actor = _actor(request)
    person = selectors.person_get(actor=actor, pk=filters.user) if filters.user else None
    standard = standard_resolve(standard=filters.standard) if filters.standard else None
    rows = selectors.qualification_list(
        actor=actor,
        user=person,
        standard=standard,
        iaf_code=filters.iaf_code,
        level=filters.level or "",
        on=filters.on,
    )
    return api_page(rows, filters)


@router.post(
    "/staff/{person_id}/qualifications",
    response={201: QualificationOut, **ERRORS},
    summary="Record a qualification (administrators, scheme managers)",
)
def qualification_add(request: HttpRequest, person_id: int, payload: QualificationIn) -> Any:
    person = selectors.person_get(actor=_actor(request), pk=person_id)
    row = services.qualification_add(
        actor=_actor(request),
        person=person,
        standard=standard_resolve(standard=payload.standard),
        iaf_code=iaf_code_resolve(code=payload.iaf_code),
        level=payload.level,
        valid_from=payload.valid_from,
        valid_until=payload.valid_until,
    )
    return Status(201, selectors.qualification_get(actor=_actor(request), pk=row.pk))


@router.post(
    "/qualifications/{qualification_id}/end",
    response={200: QualificationOut, **ERRORS},
    summary="End a qualification (administrators, scheme managers)",
)
def qualification_end(
    request: HttpRequest, qualification_id: int, payload: QualificationEndIn
) -> Any:
    row = selectors.qualification_get(actor=_actor(request), pk=qualification_id)
    services.qualification_end(
        actor=_actor(request), qualification=row, on=payload.on, reason=payload.reason
    )
    return selectors.qualification_get(actor=_actor(request), pk=qualification_id)


@router.get(
    "/conflicts",
    response={200: ConflictPageOut, **ERRORS},
    summary="Conflict-of-interest declarations, per person and per client",
)
def conflict_list(request: HttpRequest, filters: Query[ConflictFilterIn]) -> dict[str, Any]:
    actor = _actor(request)
    person = selectors.person_get(actor=actor, pk=filters.user) if filters.user else None
    client = client_get(actor=actor, pk=filters.client) if filters.client else None
    return api_page(selectors.conflict_list(actor=actor, user=person, client=client), filters)


@router.post(
    "/staff/{person_id}/conflicts",
    response={201: ConflictOut, **ERRORS},
    summary="Declare a conflict of interest (the person, or an administrator)",
)
def conflict_declare(request: HttpRequest, person_id: int, payload: ConflictIn) -> Any:
    person = selectors.person_get(actor=_actor(request), pk=person_id)
    client = client_get(actor=_actor(request), pk=payload.client)
    row = services.conflict_declare(
        actor=_actor(request),
        person=person,
        client=client,
        kind=payload.kind,
        started_on=payload.started_on,
        ended_on=payload.ended_on,
        note=payload.note,
    )
    return Status(201, selectors.conflict_get(actor=_actor(request), pk=row.pk))


@router.post(
    "/conflicts/{conflict_id}/end",
    response={200: ConflictOut, **ERRORS},
    summary="Record that a declared relationship ended",
)
def conflict_end(request: HttpRequest, conflict_id: int, payload: ConflictEndIn) -> Any:
    row = selectors.conflict_get(actor=_actor(request), pk=conflict_id)
    services.conflict_end(actor=_actor(request), conflict=row, on=payload.on)
    return selectors.conflict_get(actor=_actor(request), pk=conflict_id)


@router.get("/tokens", response={200: TokenPageOut, **ERRORS}, summary="Your API tokens")
def token_list(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    return api_page(selectors.token_list(user=_actor(request).user), paging)


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **ERRORS},
    summary="Create an API token (the secret is shown once)",
)
def token_create(request: HttpRequest, payload: ApiTokenIn) -> Any:
    made = api_token_create(user=_actor(request).user, name=payload.name)
    row = made.token
    return Status(
        201,
        {
            "id": row.pk,
            "name": row.name,
            "prefix": row.prefix,
            "created_at": row.created_at,
            "last_used_at": row.last_used_at,
            "revoked_at": row.revoked_at,
            "secret": made.secret,
        },
    )


@router.delete(
    "/tokens/{token_id}", response={200: TokenOut, **ERRORS}, summary="Revoke one of your tokens"
)
def token_revoke(request: HttpRequest, token_id: int) -> Any:
    row = selectors.token_get(user=_actor(request).user, pk=token_id)
    return api_token_revoke(user=_actor(request).user, token_id=row.pk)
