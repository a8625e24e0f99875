"""The one error shape every interface shows: ``{"error": code, "message": text, "details": …}``."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from isocert.rules.errors import RuleError


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": code, "message": message, "details": details}


def validation_messages(exc: ValidationError) -> list[dict[str, str]]:
    """Pydantic errors as ``[{"field": "personnel", "message": "…"}]`` with readable field paths."""
    out = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ()) if part not in ("body", "query", "payload")]
        out.append({"field": ".".join(loc) or "input", "message": str(err.get("msg", "invalid"))})
    return out


def rule_error_body(exc: RuleError) -> dict[str, Any]:
    return error_body(exc.code, exc.message, exc.details)


class Refused(RuleError):
    """A service refuses an act: a guard of the certification process (anti-fraud) says no."""

    code = "refused"
