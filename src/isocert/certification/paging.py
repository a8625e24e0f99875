"""Pagination, sorting and CSV export of the certification lists (pages and API).

Same shapes as the other back-office lists: pages show 25 rows (``?page=``); the API answers
``{"count", "page", "page_size", "pages", "items"}``. Each list costs a count and one page of rows.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Sequence
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


def api_page(queryset: QuerySet[Any], paging: PageIn) -> dict[str, Any]:
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
    """The page asked for by ``?page=`` (the last one when past the end, the first when garbled)."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula (CSV injection)."""
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
