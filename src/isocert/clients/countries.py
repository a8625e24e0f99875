"""ISO 3166-1 alpha-2 country codes (``data/countries.csv``, from Debian's iso-codes)."""

from __future__ import annotations

import csv
import functools
from importlib.resources import files

from django.utils.translation import gettext as _

from isocert.core.errors import Refused


@functools.cache
def countries() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its English name, in code order."""
    text = (files("isocert.clients") / "data" / "countries.csv").read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    return {row["code"]: row["name"] for row in csv.DictReader(lines)}


def country_choices() -> list[tuple[str, str]]:
    """``(code, "Name (CODE)")`` sorted by name, for a select."""
    return sorted(
        ((code, f"{name} ({code})") for code, name in countries().items()),
        key=lambda pair: pair[1],
    )


def country_name(code: str) -> str:
    return countries().get(code, code)


def country_check(value: str) -> str:
    """The code in upper case, or ``Refused`` when it is not an ISO 3166-1 alpha-2 code."""
    code = (value or "").strip().upper()
    if code not in countries():
        raise Refused(
            _(
                "“%(value)s” is not an ISO 3166-1 alpha-2 country code; write two letters such "
                "as GB, DE, US or CA."
            )
            % {"value": value},
            details={"field": "country"},
        )
    return code
