"""The justification trail every calculation returns: one step per number, with the clause behind it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class Step:
    """One line of a calculation's justification, e.g. ``Table QMS 1, 65 persons -> 5 days``."""

    text: str
    clause: str
    value: Decimal | int | str | None = None

    def as_dict(self) -> dict[str, Any]:
        value: Any = self.value
        if isinstance(value, Decimal):
            value = float(value)
        return {"text": self.text, "clause": self.clause, "value": value}
