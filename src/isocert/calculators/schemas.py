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


# --- Outputs: explicit, so the OpenAPI document says exactly what comes back ---------------------


class StepOut(Schema):
    text: str
    clause: str
    value: float | int | str | None = None


class AdjustmentOut(Schema):
    percent: float
    justification: str


class StandardTimeOut(Schema):
    standard: str
    scheme: str
    complexity: str | None
    table_days: float
    reduction_percent: float
    increase_percent: float
    adjusted_days: float
    adjustments: list[AdjustmentOut]
    steps: list[StepOut]


class EffectivePersonnelOut(Schema):
    value: int
    steps: list[StepOut]


class AuditTimeOut(Schema):
    at: date
    editions: list[str]
    personnel: int
    effective_personnel: EffectivePersonnelOut
    standards: list[StandardTimeOut]
    table_days_total: float
    integration_percent: float
    floor_days: float
    floor_days_exact: float
    initial_days: float
    stage1_days: float
    stage2_days: float
    surveillance_days: float
    recertification_days: float
    onsite_min_days: float
    policy: dict[str, Any]
    steps: list[StepOut]


class SampleOut(Schema):
    sites: int
    sampling: bool
    risk_increase_percent: float
    initial: int
    surveillance: int
    recertification: int
    central_function_always: bool
    steps: list[StepOut]


class RecertificationOut(Schema):
    kind: str
    current_expiry: date
    recertification_decision: date
    new_expiry: date | None
    effective_from: date | None
    gap: list[date] | None
    message: str
    steps: list[StepOut]


class CycleOut(Schema):
    decision_date: date | None = None
    expiry_date: date | None = None
    surveillance_1_due: date | None = None
    surveillance_2_due: date | None = None
    recertification_due: date | None = None
    steps: list[StepOut] = Field(default_factory=list)
    recertification: RecertificationOut | None = None


class CertifiableStandardOut(Schema):
    code: str
    title: str
    family: str
    editions: list[str]
    audit_time: str
    uses_iaf_codes: bool


class RefusedStandardOut(Schema):
    code: str
    title: str
    reason: str


class StandardsOut(Schema):
    at: date
    certifiable: list[CertifiableStandardOut]
    not_certifiable: list[RefusedStandardOut]
