"""The one NinjaAPI: every app's router mounted under ``/api/v1/``, one error shape for all errors.

Errors are ``{"error": code, "message": text, "details": …}``: 400 for inputs the rules refuse,
422 for malformed input, 404 for what does not exist (or is not yours), 500 for our faults.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BaseModel

from isocert import __version__
from isocert.accreditation.api import router as accreditation_router
from isocert.audits.api import router as audits_router
from isocert.bulkverify.api import router as bulkverify_router
from isocert.calculators.api import router as calculators_router
from isocert.certification.api import router as certification_router
from isocert.clients.api import router as clients_router
from isocert.core.errors import error_body
from isocert.people.api import router as people_router
from isocert.registry.api import router as registry_router
from isocert.registry.stats_api import router as registry_stats_router
from isocert.rules.errors import RuleError
from isocert.signing.api import router as signing_router
from isocert.watchlists.api import router as watchlists_router

logger = logging.getLogger(__name__)


api = NinjaAPI(
    title="isocert API",
    version="1",
    description=(
        "Open API of isocert: ISO management-system certification rules (IAF MD 1, MD 5, MD 11, "
        "ISO/IEC 17021-1) and, as they land, the certification back office and the public "
        "certificate registry. Every error has the shape "
        '`{"error": code, "message": text, "details": …}`.'
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
)


@api.exception_handler(RuleError)
def rule_error(request: HttpRequest, exc: RuleError) -> HttpResponse:
    return api.create_response(request, error_body(exc.code, exc.message, exc.details), status=400)


@api.exception_handler(NinjaValidationError)
def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    details = []
    for err in exc.errors:
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path", "payload")]
        details.append({"field": ".".join(loc) or "input", "message": str(err.get("msg", ""))})
    message = "; ".join(f"{d['field']}: {d['message']}" for d in details) or "invalid input"
    return api.create_response(request, error_body("invalid_input", message, details), status=422)


@api.exception_handler(MultiPartParserError)
def malformed_form(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    """A form upload Django cannot parse (broken boundary, oversized part headers)."""
    message = f"the request body is not valid multipart/form-data: {exc}"
    return api.create_response(
        request,
        error_body("invalid_input", message, [{"field": "input", "message": str(exc)}]),
        status=422,
    )


@api.exception_handler(SuspiciousOperation)
def suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    """Django's request limits (body size, number of fields or files): the client's fault."""
    if isinstance(exc, RequestDataTooBig):
        return api.create_response(request, error_body("too_large", str(exc)), status=413)
    return api.create_response(request, error_body("bad_request", str(exc)), status=400)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(
        request, error_body("forbidden", str(exc) or "not allowed"), status=403
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(
        request, error_body("not_found", str(exc) or "not found"), status=404
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return api.create_response(
        request, error_body(f"http_{exc.status_code}", str(exc)), status=exc.status_code
    )


@api.exception_handler(Exception)
def server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("unhandled API error on %s", request.path)
    return api.create_response(
        request, error_body("server_error", "something went wrong on our side"), status=500
    )


def _nul_characters(value: Any, loc: tuple[str, ...]) -> list[dict[str, Any]]:
    """Where NUL characters sit in a validated input: strings, inside schemas, lists and dicts."""
    if isinstance(value, str):
        return [{"loc": loc, "msg": "must not contain NUL characters"}] if "\x00" in value else []
    if isinstance(value, BaseModel):
        items: Any = ((name, getattr(value, name)) for name in type(value).model_fields)
    elif isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, list | tuple | set | frozenset):
        items = enumerate(value)
    else:
        return []
    return [err for key, item in items for err in _nul_characters(item, (*loc, str(key)))]


def refuse_nul_characters(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Text with a NUL character is malformed input (422) on every operation, before any query.

    PostgreSQL cannot store or compare a NUL in text and would fail the query (a 500); no one
    means one either. Django's forms refuse them the same way (``ProhibitNullCharactersValidator``).
    """

    @functools.wraps(view_func)
    def operation(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        errors = []
        for name, value in kwargs.items():
            # a schema's fields are the parameters the client named; a plain argument is its own
            loc = () if isinstance(value, BaseModel) else (name,)
            errors.extend(_nul_characters(value, loc))
        if errors:
            raise NinjaValidationError(errors)
        return view_func(request, *args, **kwargs)

    return operation


api.add_decorator(refuse_nul_characters)


class HealthOut(Schema):
    status: str
    version: str


@api.get("/health", response=HealthOut, tags=["meta"], summary="Service health")
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok", "version": __version__}


api.add_router("/", calculators_router)
api.add_router("/", registry_router)
api.add_router("/", registry_stats_router)
api.add_router("/", bulkverify_router)
api.add_router("/watchlists", watchlists_router)
api.add_router("/", signing_router)
api.add_router("/office/accreditation", accreditation_router)
api.add_router("/office/clients", clients_router)
api.add_router("/office/people", people_router)
api.add_router("/office", audits_router)
api.add_router("/office", certification_router)
