"""JSON API of the calculators: thin adapters over ``calculators.selectors``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from isocert.calculators import selectors
from isocert.calculators.schemas import (
    AuditTimeIn,
    AuditTimeOut,
    CycleIn,
    CycleOut,
    SampleIn,
    SampleOut,
    StandardsIn,
    StandardsOut,
    json_ready,
)
from isocert.core.schemas import ErrorOut

router = Router(tags=["calculators"])

ERRORS = {400: ErrorOut, 422: ErrorOut}


@router.post(
    "/audit-time",
    response={200: AuditTimeOut, **ERRORS},
    summary="Audit time (IAF MD 5, MD 11)",
    description=(
        "Initial audit time (stage 1 + stage 2), surveillance and recertification time in audit "
        "days for one standard or an integrated audit, with each step's justification and clause."
    ),
)
def audit_time(request: HttpRequest, payload: AuditTimeIn) -> dict[str, Any]:
    return json_ready(selectors.audit_time_compute(payload, today=timezone.localdate()))


@router.post(
    "/sample",
    response={200: SampleOut, **ERRORS},
    summary="Multi-site sample size (IAF MD 1)",
)
def sample(request: HttpRequest, payload: SampleIn) -> dict[str, Any]:
    return json_ready(selectors.sample_compute(payload))


@router.post(
    "/cycle",
    response={200: CycleOut, **ERRORS},
    summary="Certification cycle and renewal (ISO/IEC 17021-1 9.1.3, 9.6.3)",
)
def cycle(request: HttpRequest, payload: CycleIn) -> dict[str, Any]:
    return json_ready(selectors.cycle_compute(payload))


@router.get(
    "/standards",
    response={200: StandardsOut, **ERRORS},
    summary="Certifiable standards and editions at a date",
)
def standards(request: HttpRequest, filters: Query[StandardsIn]) -> dict[str, Any]:
    return json_ready(selectors.standards_compute(at=filters.at or timezone.localdate()))
