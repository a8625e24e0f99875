"""Input and output schemas of the watchlists API (small and deliberate: nothing leaks by accident)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field, model_validator

from isocert.core.paging import PageMeta


class WatchIn(Schema):
    """Watch a certificate by its exact number, or a listed organisation by its registry id."""

    kind: Literal["certificate", "organisation"]
    number: str | None = Field(default=None, max_length=80, description="for kind=certificate")
    organisation_id: int | None = Field(
        default=None, ge=1, le=2**63 - 1, description="for kind=organisation"
    )

    @model_validator(mode="after")
    def _target(self) -> WatchIn:
        if self.kind == "certificate" and not (self.number or "").strip():
            raise ValueError("a certificate watch needs the certificate number")
        if self.kind == "organisation" and self.organisation_id is None:
            raise ValueError("an organisation watch needs organisation_id")
        return self


class WatchStatusOut(Schema):
    verdict: str | None
    number: str
    expiry_date: dt.date | None
    summary: str


class WatchOut(Schema):
    id: int
    kind: str
    label: str
    number: str
    organisation_id: int | None
    created_at: dt.datetime
    latest: WatchStatusOut | None = None


class WatchPage(PageMeta):
    items: list[WatchOut]


class AlertOut(Schema):
    id: int
    event: int
    kind: str
    label: str
    occurred_at: dt.datetime
    certificate_number: str
    holder: str
    from_status: str
    to_status: str
    changes: dict[str, Any]
    watch_id: int | None


class AlertPage(PageMeta):
    items: list[AlertOut]


class AttemptOut(Schema):
    number: int
    started_at: dt.datetime
    duration_ms: int
    status_code: int | None
    error: str


class DeliveryOut(Schema):
    id: int
    kind: str
    alert_id: int | None
    url: str
    status: str
    attempts: list[AttemptOut]
    next_attempt_at: dt.datetime | None
    delivered_at: dt.datetime | None
    created_at: dt.datetime


class DeliveryPage(PageMeta):
    items: list[DeliveryOut]
