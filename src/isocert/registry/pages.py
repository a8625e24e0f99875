"""Public explainer pages and the statistics page of the registry (no login).

Thin like the other registry views: call one selector, render. Cached by anyone for a minute
(``public_page``). The statistics tables download as CSV with ``?format=csv&table=<name>``.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from isocert.core.paging import csv_response, wants_csv
from isocert.registry.choices import VERDICT_MEANING, Verdict
from isocert.registry.statistics import Statistics, registry_statistics
from isocert.registry.views import public_page

CSV_TABLES = ("standard", "country", "status", "year")
CHART_YEARS = 15
"""The year charts show the last 15 years; the table and its CSV have every year."""


@public_page
def explain_registration(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/explain_registration.html")


@public_page
def explain_statuses(request: HttpRequest) -> HttpResponse:
    statuses = [(v, VERDICT_MEANING[v]) for v in Verdict]
    return render(
        request,
        "registry/explain_statuses.html",
        {"statuses": statuses, "json_url": "/api/v1/verdicts"},
    )


@public_page
def explain_check(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/explain_check.html")


def _statistics_csv(stats: Statistics, table: str) -> HttpResponse:
    verdict_header = [
        str(Verdict.VALID.label),
        str(Verdict.SUSPENDED.label),
        str(Verdict.WITHDRAWN.label),
        str(Verdict.EXPIRED.label),
        _("Total"),
    ]
    day = stats.as_of.isoformat()
    if table == "standard":
        return csv_response(
            f"certificates-by-standard-{day}.csv",
            [_("Standard"), *verdict_header],
            [
                (t.label, t.valid, t.suspended, t.withdrawn, t.expired, t.total)
                for t in stats.by_standard
            ],
        )
    if table == "country":
        return csv_response(
            f"certificates-by-country-{day}.csv",
            [_("Country code"), _("Country"), *verdict_header],
            [
                (t.key, t.label, t.valid, t.suspended, t.withdrawn, t.expired, t.total)
                for t in stats.by_country
            ],
        )
    if table == "status":
        return csv_response(
            f"certificates-by-status-{day}.csv",
            [_("Status"), _("Certificates")],
            [(line.verdict.label, line.count) for line in stats.by_verdict],
        )
    return csv_response(
        f"certificates-by-year-{day}.csv",
        [_("Year"), _("First issued"), _("In force on 31 December")],
        [(y.year, y.issued, "" if y.in_force is None else y.in_force) for y in stats.by_year],
    )


@public_page
def statistics(request: HttpRequest) -> HttpResponse:
    stats = registry_statistics()
    if wants_csv(request):
        table = request.GET.get("table", "")
        if table not in CSV_TABLES:
            raise Http404(_("No such table."))
        return _statistics_csv(stats, table)
    return render(
        request,
        "registry/statistics.html",
        {
            "stats": stats,
            "standard_rows": [(t.label, t.valid) for t in stats.by_standard],
            "country_rows": [(t.label, t.valid) for t in stats.by_country],
            "status_rows": [(line.verdict.label, line.count) for line in stats.by_verdict],
            "issued_rows": [(y.year, y.issued) for y in stats.by_year[-CHART_YEARS:]],
            "in_force_rows": [
                (y.year, y.in_force) for y in stats.by_year[-CHART_YEARS:] if y.in_force is not None
            ],
            "json_url": "/api/v1/statistics",
        },
    )
