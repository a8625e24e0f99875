"""Schemas shared by every API router."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    """The one error shape: ``{"error": code, "message": text, "details": …}``."""

    error: str
    message: str
    details: Any = None


ERROR_RESPONSES: dict[int, type[Schema]] = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
