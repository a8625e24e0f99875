"""Input schemas of the three calculations, shared by the API, the CLI and the pages.

Outputs are the rules engine's own ``as_dict()`` shapes, documented in docs/api.md; they are plain
numbers and dates computed from the input, so nothing of the database can leak through them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field, model_validator

from isocert.rules.audit_time import Complexity


class PartTimeIn(Schema):
    count: int = Field(ge=0, le=10_000_000, description="people working part time")
    hours_per_week: Decimal = Field(gt=0, le=168, description="hours each works per week")


class AuditTimeIn(Schema):
    standards: list[str] = Field(
        min_length=1,
        max_length=8,
        description='standards audited together, e.g. ["ISO 9001", "ISO 14001:2015"]',
    )
    personnel: int = Field(
        ge=0, le=10_000_000, description="full-time personnel in the scope, all shifts"
    )
    part_time: list[PartTimeIn] = Field(default_factory=list, max_length=20)
    seasonal: int = Field(default=0, ge=0, le=10_000_000, description="seasonal staff present")
    repetitive: int = Field(
        default=0, ge=0, le=10_000_000, description="people doing similar repetitive tasks"
    )
    repetitive_justification: str = Field(default="", max_length=2000)
    complexity: list[Complexity | None] = Field(
        default_factory=list,
        description=(
            "EMS environmental complexity / OH&SMS risk: one value for every standard that needs "
            "one, or one per standard in the same order (null for ISO 9001)"
        ),
    )
    reduction_percent: Decimal = Field(default=Decimal(0), ge=0, le=100)
    increase_percent: Decimal = Field(default=Decimal(0), ge=0, le=500)
    justification: str = Field(default="", max_length=2000)
    integration_percent: Decimal = Field(
        default=Decimal(0), ge=0, le=100, description="MD 11 integration reduction, percent"
    )
    integration_justification: str = Field(default="", max_length=2000)
    at: date | None = Field(default=None, description="date the editions must be valid at")

    @model_validator(mode="after")
    def _someone_in_scope(self) -> AuditTimeIn:
        total = (
            self.personnel + self.seasonal + self.repetitive + sum(p.count for p in self.part_time)
        )
        if total < 1:
            raise ValueError("at least one person must be in the scope of certification")
        return self


class SampleIn(Schema):
    sites: int = Field(
        ge=0, le=1_000_000, description="sites besides the central function (x in IAF MD 1)"
    )
    risk_increase_percent: Decimal = Field(default=Decimal(0), ge=0, le=500)
    sampling: bool = Field(
        default=True, description="false when sampling is not allowed (MD 1 §6.2)"
    )


class CycleIn(Schema):
    decision_date: date | None = Field(default=None, description="certification decision date")
    surveillance_1_date: date | None = None
    current_expiry: date | None = None
    recertification_decision: date | None = None

    @model_validator(mode="after")
    def _a_question(self) -> CycleIn:
        pair = (self.current_expiry is None, self.recertification_decision is None)
        if pair[0] != pair[1]:
            raise ValueError(
                "give both current_expiry and recertification_decision to ask about renewal"
            )
        if self.decision_date is None and self.current_expiry is None:
            raise ValueError(
                "give decision_date for the cycle, or current_expiry and "
                "recertification_decision for a renewal"
            )
        if self.surveillance_1_date is not None and self.decision_date is None:
            raise ValueError("surveillance_1_date needs decision_date")
        return self


class StandardsIn(Schema):
    at: date | None = None


def json_ready(value: Any) -> Any:
    """Decimals to floats and dates to ISO strings, recursively (for JSON responses)."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_ready(v) for v in value]
    return value
