"""Public registry pages (no login). Thin: parse, call one selector, render.

Every page has a JSON twin in the API (linked from the page). Responses say they may be cached for a
minute by anyone (``Cache-Control: public, max-age=60``); a signed-in visitor's pages show their name,
so theirs are private.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import quote, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from isocert.registry import selectors
from isocert.registry.choices import PUBLIC_STATUS_FILTERS, VERDICT_MEANING, Verdict
from isocert.registry.forms import SearchForm, VerifyForm

MAX_AGE = 60

View = Callable[..., HttpResponse]


def public_page(view: View) -> View:
    """Cache headers for public pages: shared caches may keep them a minute (anonymous visitors)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return wrapped


def _statuses() -> list[tuple[Verdict, str]]:
    return [(v, str(VERDICT_MEANING[v])) for v in Verdict]


@public_page
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/index.html",
        {"verify_form": VerifyForm(), "search_form": SearchForm(), "statuses": _statuses()},
    )


@public_page
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.GET or None)
    if not form.is_valid():
        return render(
            request,
            "registry/verify.html",
            {"form": form, "result": None},
            status=400 if request.GET else 200,
        )
    result = selectors.certificate_verify(form.cleaned_data["number"])
    return render(
        request,
        "registry/verify.html",
        {
            "form": form,
            "result": result,
            "json_url": "/api/v1/certificates/" + quote(result.key or form.cleaned_data["number"]),
        },
    )


@public_page
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    if request.GET and form.is_valid():
        data = form.cleaned_data
        page = selectors.organisation_search(
            data["q"],
            country=data["country"],
            standard=data["standard"],
            status=data["status"],
            cb=data["cb"] or None,
            iaf_code=data["iaf"] or None,
            sort=data["sort"],
            page=data["page"] or 1,
        )
    params = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "registry/search.html",
        {
            "form": form,
            "result": page,
            "query_string": urlencode(params),
            "json_url": "/api/v1/search" + (f"?{request.GET.urlencode()}" if request.GET else ""),
            "statuses": PUBLIC_STATUS_FILTERS,
        },
        status=400 if request.GET and not form.is_valid() else 200,
    )


@public_page
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organisation_get(pk)
    return render(
        request,
        "registry/organisation.html",
        {"org": org, "json_url": f"/api/v1/organisations/{pk}"},
    )


@public_page
def body(request: HttpRequest, pk: int) -> HttpResponse:
    cb = selectors.certification_body_public(pk)
    return render(request, "registry/body.html", {"body": cb, "json_url": f"/api/v1/bodies/{pk}"})
