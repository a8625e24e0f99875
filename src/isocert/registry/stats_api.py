"""JSON twins of the registry's statistics and explainer pages (mounted at /api/v1/ by isocert.api).

The output schemas live here beside their one endpoint; the explainer of the statuses has its twin at
``/api/v1/verdicts`` (registry/api.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from ninja import Router, Schema

from isocert.registry.statistics import Tally, registry_statistics

router = Router(tags=["registry"])

MAX_AGE = 60


class TallyOut(Schema):
    key: str
    label: str
    valid: int
    suspended: int
    withdrawn: int
    expired: int
    total: int


class VerdictCountOut(Schema):
    verdict: str
    label: str
    count: int


class YearOut(Schema):
    year: int
    issued: int
    in_force: int | None


class StatisticsOut(Schema):
    as_of: dt.date
    totals: TallyOut
    confidential: int
    countries: int
    by_verdict: list[VerdictCountOut]
    by_standard: list[TallyOut]
    by_country: list[TallyOut]
    by_year: list[YearOut]


def _tally(t: Tally) -> dict[str, Any]:
    return {
        "key": t.key,
        "label": t.label,
        "valid": t.valid,
        "suspended": t.suspended,
        "withdrawn": t.withdrawn,
        "expired": t.expired,
        "total": t.total,
    }


@router.get(
    "/statistics",
    response=StatisticsOut,
    summary="The registry in numbers",
    description=(
        "Published certificates (current revisions; confidential clients counted, never named) by "
        "verdict, standard, country (the top 15 and the rest as one row with an empty key) and year "
        "of first issue, with how many were in force on 31 December of each past year. Refreshed "
        "every 10 minutes."
    ),
)
def statistics(request: HttpRequest, response: HttpResponse) -> dict[str, Any]:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    stats = registry_statistics()
    return {
        "as_of": stats.as_of,
        "totals": _tally(stats.totals),
        "confidential": stats.confidential,
        "countries": stats.countries,
        "by_verdict": [
            {"verdict": line.verdict.value, "label": str(line.verdict.label), "count": line.count}
            for line in stats.by_verdict
        ],
        "by_standard": [_tally(t) for t in stats.by_standard],
        "by_country": [_tally(t) for t in stats.by_country],
        "by_year": [
            {"year": y.year, "issued": y.issued, "in_force": y.in_force} for y in stats.by_year
        ],
    }
