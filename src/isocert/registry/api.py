"""Public JSON API of the registry (mounted at /api/v1/ by isocert.api): no login needed.

The JSON twins of the registry pages. Answers may be cached for a minute by anyone
(``Cache-Control: public, max-age=60``).

Each endpoint declares its output schema (the OpenAPI document shows it) and builds exactly those
keys with the explicit ``*_out`` functions of ``registry.schemas``; the JSON is written directly
instead of being validated again by pydantic, which cost 40 % of a verification (tests check every
answer against its schema).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Query, Router

from isocert.core.schemas import ErrorOut
from isocert.registry import selectors
from isocert.registry.choices import VERDICT_MEANING, Verdict
from isocert.registry.schemas import (
    BodyOut,
    BulkVerifyIn,
    BulkVerifyOut,
    OrganisationOut,
    SearchIn,
    SearchOut,
    VerdictOut,
    VerificationOut,
    body_out,
    organisation_out,
    search_out,
    verification_out,
)

router = Router(tags=["registry"])

MAX_AGE = 60


def _cacheable(response: HttpResponse) -> None:
    patch_cache_control(response, public=True, max_age=MAX_AGE)


_ENCODER = DjangoJSONEncoder(ensure_ascii=False)
"""``json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)`` without building an encoder per
answer (an encoder keeps no state between calls)."""
_CACHE_CONTROL = f"public, max-age={MAX_AGE}"


def _json(data: Any, *, cache: bool = True) -> HttpResponse:
    response = HttpResponse(_ENCODER.encode(data), content_type="application/json; charset=utf-8")
    if cache:
        # what ``_cacheable`` (``patch_cache_control``) writes on a response without the header
        response.headers["Cache-Control"] = _CACHE_CONTROL
    return response


def _compact_json(data: Any, *, cache: bool = True) -> HttpResponse:
    """``_json`` for the registry's busiest answers (verification, search), written by orjson (a
    fifth of the time). ``schemas.verification_out`` has already written dates and times as
    DjangoJSONEncoder does, and orjson writes plain dates (``search_out``) as it does, so the values
    are the same; only the spacing is compact. Anything orjson does not know (a lazy translation)
    goes through the Django encoder's ``default``."""
    response = HttpResponse(
        orjson.dumps(data, default=_ENCODER.default),
        content_type="application/json; charset=utf-8",
    )
    if cache:
        response.headers["Cache-Control"] = _CACHE_CONTROL
    return response


@router.get(
    "/verdicts",
    response=list[VerdictOut],
    summary="What each verdict means",
    description="The answers a verification can give, with what each means for the reader.",
)
def verdicts(request: HttpRequest, response: HttpResponse) -> list[dict[str, str]]:
    _cacheable(response)
    return [
        {"verdict": v.value, "label": str(v.label), "meaning": str(VERDICT_MEANING[v])}
        for v in Verdict
    ]


@router.get(
    "/certificates/{path:number}",
    response={200: VerificationOut, 422: ErrorOut},
    summary="Verify one certificate by number",
    description=(
        "The verdict first (valid, suspended, withdrawn, expired, superseded, not_found) and "
        "what it means; then the holder, sites and scope, standard edition, IAF codes, dates, the "
        "certification body, its accreditation and whether it covers the certificate today, and "
        "the public status history. Case, spaces and dashes in the number do not matter. A number "
        "that is not found is still a 200 answer, with near numbers and what to do."
    ),
)
def certificate(request: HttpRequest, number: str) -> HttpResponse:
    return _compact_json(verification_out(selectors.certificate_verify(number[:100])))


@router.post(
    "/verify",
    response={200: BulkVerifyOut, 422: ErrorOut},
    summary="Verify up to 100 certificates in one call",
    description=(
        "One answer per number, in the order given, each shaped like `GET /certificates/{number}`. "
        "More than 100 numbers is refused with 422."
    ),
)
def verify_many(request: HttpRequest, payload: BulkVerifyIn) -> HttpResponse:
    results = selectors.certificate_verify_many(payload.numbers)
    counts = Counter(r.verdict.value for r in results)
    return _compact_json(
        {
            "count": len(results),
            "verdicts": {v.value: counts.get(v.value, 0) for v in Verdict},
            "results": [verification_out(r) for r in results],
        },
        cache=False,
    )


@router.get(
    "/search",
    response={200: SearchOut, 422: ErrorOut},
    summary="Search certified organisations",
    description=(
        "By name (typing errors and accents forgiven) or identifier (VAT or registration number), "
        "filtered by country, standard, status, certification body and IAF code; sorted and "
        "paginated (25 a page). Confidential clients are never listed."
    ),
)
def search(request: HttpRequest, filters: Query[SearchIn]) -> HttpResponse:
    page = selectors.organisation_search(
        filters.q,
        country=filters.country,
        standard=filters.standard,
        status=filters.status,
        cb=filters.cb,
        iaf_code=filters.iaf,
        sort=filters.sort,
        page=filters.page,
    )
    return _compact_json(search_out(page))


@router.get(
    "/organisations/{int:pk}",
    response={200: OrganisationOut, 404: ErrorOut},
    summary="A certified organisation and all its certificates",
)
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    return _json(organisation_out(selectors.organisation_get(pk)))


@router.get(
    "/bodies/{int:pk}",
    response={200: BodyOut, 404: ErrorOut},
    summary="A certification body: accreditation, accredited scope and certificate counts",
)
def body(request: HttpRequest, pk: int) -> HttpResponse:
    return _json(body_out(selectors.certification_body_public(pk)))
