"""Pagination, sorting and CSV export shared by the back-office lists (pages and API).

Pages show 25 rows a page (``?page=``); the API takes ``?page=`` and ``?page_size=`` (at most 100).
Every list costs a fixed number of queries: a count and one page of rows (plus its prefetches).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Schema
from pydantic import Field

PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class PageIn(Schema):
    page: int = Field(default=1, ge=1, description="page number, from 1")
    page_size: int = Field(
        default=PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="rows a page, at most 100"
    )


class PageMeta(Schema):
    count: int
    page: int
    page_size: int
    pages: int


def api_page(queryset: QuerySet[Any], paging: PageIn) -> dict[str, Any]:
    """One page of ``queryset`` for the API: ``{"count", "page", "page_size", "pages", "items"}``."""
    count = queryset.count()
    start = (paging.page - 1) * paging.page_size
    items = list(queryset[start : start + paging.page_size]) if start < count else []
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": max(1, math.ceil(count / paging.page_size)),
        "items": items,
    }


def page_of(request: HttpRequest, queryset: QuerySet[Any], per_page: int = PAGE_SIZE) -> Page:
    """The page asked for by ``?page=`` (the last one when past the end, the first when not a number)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def sort_param(request: HttpRequest, allowed: Mapping[str, Sequence[str]], default: str) -> str:
    """The ``?sort=`` key when it is one of ``allowed``, else ``default``."""
    key = request.GET.get("sort", default)
    return key if key in allowed else default


def wants_csv(request: HttpRequest) -> bool:
    return request.GET.get("format") == "csv"


def _cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return response
