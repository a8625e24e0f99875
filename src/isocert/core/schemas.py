"""Schemas shared by every API router."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field


class ErrorOut(Schema):
    """The one error shape: ``{"error": code, "message": text, "details": …}``."""

    error: str
    message: str
    details: Any = None


ROW_ID_MAX = 2**63 - 1

RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
"""The id of a row, given in a request body or query. Ids are 64-bit (``BigAutoField``): a larger
number names no row and overflows the database's integer (SQLite raises, PostgreSQL refuses the
query), so it is malformed input (422) before any query runs. Path ids need no bound: Django turns
an out-of-range exact lookup into "no row" (404)."""

IafCodeNumber = Annotated[int, Field(ge=1, le=39)]
"""An IAF code (IAF ID 1 sectors 1–39); the code is also the catalogue row's key."""


ERROR_RESPONSES: dict[int, type[Schema]] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
