"""Pages of bulk supplier verification (no login): upload a file, read the result, download it.

Thin: parse the form, call the service or selector, render. A result is reached only through its
unguessable token; its pages are private to the browser (never kept by shared caches).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from isocert.bulkverify import exports, samples, selectors, services
from isocert.bulkverify.forms import UploadForm
from isocert.bulkverify.parsing import MAX_BYTES, MAX_ROWS
from isocert.core.web import form_apply
from isocert.registry.choices import VERDICT_MEANING, Verdict

PER_PAGE = 50

View = Callable[..., HttpResponse]


def private(view: View) -> View:
    """Results belong to whoever holds the link: no shared cache, no search engine."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex"
        return response

    return wrapped


def index(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        check = form_apply(
            form,
            lambda data: services.bulk_check_run(
                file=upload.read(MAX_BYTES + 1), file_name=upload.name or ""
            ),
        )
        if check is not None:
            return redirect("bulkverify:result", token=check.token)
    return render(
        request,
        "bulkverify/index.html",
        {
            "form": form,
            "max_rows": f"{MAX_ROWS:,}",
            "statuses": [(v, str(VERDICT_MEANING[v])) for v in Verdict],
        },
        status=400 if request.method == "POST" else 200,
    )


@private
def result(request: HttpRequest, token: str) -> HttpResponse:
    check = selectors.bulk_check_get(token)
    verdict = request.GET.get("verdict", "")
    verdict = verdict if verdict in Verdict.values else ""
    page = Paginator(selectors.rows_with_verdict(check, verdict), PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = [(Verdict(v), n) for v, n in check.counts.items() if v in Verdict.values]
    return render(
        request,
        "bulkverify/result.html",
        {
            "check": check,
            "page": page,
            "verdict": verdict,
            "counts": counts,
            "chart": [(_short(v), n) for v, n in counts],
            "query_string": urlencode({"verdict": verdict}) if verdict else "",
            "json_url": f"/api/v1/bulk-verify/{check.token}",
        },
    )


def _short(verdict: Verdict) -> str:
    return _("Superseded") if verdict == Verdict.SUPERSEDED else str(verdict.label)


def _download_name(check: Any, extension: str) -> str:
    stem = (check.file_name or "suppliers").rsplit(".", 1)[0]
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in stem)[:60] or "suppliers"
    return f"{safe}-checked.{extension}"


@private
def download_csv(request: HttpRequest, token: str) -> HttpResponse:
    check = selectors.bulk_check_get(token)
    return exports.csv_download(_download_name(check, "csv"), check.rows)


@private
def download_xlsx(request: HttpRequest, token: str) -> HttpResponse:
    check = selectors.bulk_check_get(token)
    return exports.xlsx_download(_download_name(check, "xlsx"), check.rows)


def sample_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        samples.sample_csv(samples.sample_rows()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="sample-suppliers.csv"'
    return response


def sample_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        samples.sample_xlsx(samples.sample_rows()), content_type=exports.XLSX_TYPE
    )
    response["Content-Disposition"] = 'attachment; filename="sample-suppliers.xlsx"'
    return response
