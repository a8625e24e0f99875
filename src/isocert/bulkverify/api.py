"""JSON API of bulk supplier verification (mounted at /api/v1/ by isocert.api): no login needed.

``POST /bulk-verify`` checks an uploaded file (the same service as the page); ``GET
/bulk-verify/{token}`` reads a kept check again. A file that cannot be read is a 400 with the one
error shape (``error`` says which problem: ``file_type``, ``file_empty``, ``file_too_large``,
``file_encoding``, ``file_malformed``, ``file_too_many_rows``, ``file_corrupt``, ``file_no_header``).
"""

from __future__ import annotations

import math
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from ninja import File, Query, Router
from ninja.files import UploadedFile

from isocert.bulkverify import selectors, services
from isocert.bulkverify.models import BulkCheck
from isocert.bulkverify.parsing import MAX_BYTES
from isocert.bulkverify.schemas import BulkCheckOut, BulkPageIn
from isocert.core.schemas import ErrorOut

router = Router(tags=["bulk verification"])


def _out(request: HttpRequest, check: BulkCheck, paging: BulkPageIn) -> dict[str, Any]:
    start = (paging.page - 1) * paging.page_size
    rows = check.rows[start : start + paging.page_size]
    return {
        "token": check.token,
        "file_name": check.file_name,
        "created_at": check.created_at,
        "expires_at": check.expires_at,
        "row_count": check.row_count,
        "counts": check.counts,
        "columns": check.columns,
        "links": {
            "page": request.build_absolute_uri(reverse("bulkverify:result", args=[check.token])),
            "csv": request.build_absolute_uri(reverse("bulkverify:csv", args=[check.token])),
            "xlsx": request.build_absolute_uri(reverse("bulkverify:xlsx", args=[check.token])),
            "api": request.build_absolute_uri(f"/api/v1/bulk-verify/{check.token}"),
        },
        "page": paging.page,
        "page_size": paging.page_size,
        "pages": max(1, math.ceil(check.row_count / paging.page_size)),
        "rows": rows,
    }


@router.post(
    "/bulk-verify",
    response={200: BulkCheckOut, 400: ErrorOut, 422: ErrorOut},
    summary="Check a supplier list (CSV or XLSX)",
    description=(
        "Upload a CSV or Excel (.xlsx) file of suppliers (columns name, country, certificate "
        "number, standard; any may be missing; headers in the usual spellings) as the multipart "
        "field `file`: up to 10,000 rows and 5 MB. Each row gets the matched certificate, its "
        "verdict, a match confidence (0-100) and the reason. The result is kept 7 days under "
        "its `token` (downloads in `links`). A file that cannot be read is refused as a whole "
        "(400, nothing kept)."
    ),
)
def bulk_verify(
    request: HttpRequest,
    response: HttpResponse,
    file: File[UploadedFile],
    paging: Query[BulkPageIn],
) -> dict[str, Any]:
    check = services.bulk_check_run(file=file.read(MAX_BYTES + 1), file_name=file.name or "")
    patch_cache_control(response, private=True, no_store=True)
    return _out(request, check, paging)


@router.get(
    "/bulk-verify/{token}",
    response={200: BulkCheckOut, 404: ErrorOut, 422: ErrorOut},
    summary="A kept supplier check, by its token",
    description="The rows of a check made in the last 7 days, a page at a time.",
)
def bulk_check(
    request: HttpRequest, response: HttpResponse, token: str, paging: Query[BulkPageIn]
) -> dict[str, Any]:
    check = selectors.bulk_check_get(token)
    patch_cache_control(response, private=True, no_store=True)
    return _out(request, check, paging)
