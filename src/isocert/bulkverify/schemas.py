"""Explicit input and output schemas of the bulk verification API."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

MAX_PAGE_SIZE = 10_000
DEFAULT_PAGE_SIZE = 1_000


class BulkPageIn(Schema):
    page: int = Field(default=1, ge=1, le=10_000, description="page of rows, from 1")
    page_size: int = Field(
        default=DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description="rows a page (at most 10,000: a whole check in one answer)",
    )


class BulkRowOut(Schema):
    line: int = Field(description="the row's number in the file, as a spreadsheet shows it")
    name: str = Field(description="the name as given")
    country: str = Field(description="the country as given")
    number: str = Field(description="the certificate number as given")
    standard: str = Field(description="the standard as given")
    verdict: str = Field(
        description="valid, suspended, withdrawn, expired, superseded or not_found"
    )
    verdict_label: str
    meaning: str = Field(description="what the verdict means for the reader")
    certificate: str = Field(description="the matched certificate's printed number, or empty")
    holder: str
    holder_country: str
    certificate_standard: str
    expiry_date: str = Field(description="ISO date, or empty")
    certification_body: str = Field(description="acronym of the issuing certification body")
    confidence: int = Field(ge=0, le=100, description="how sure the match is, 0 to 100")
    confidence_label: str = Field(description="high (80+), medium (50-79), low (1-49) or none")
    matched_by: str = Field(description="number, name (exact), fuzzy (similar name) or none")
    reason: str = Field(description="why, in plain words")
    notes: list[str] = Field(
        description="problems with the row's cells (the row was still checked)"
    )


class BulkLinksOut(Schema):
    page: str
    csv: str
    xlsx: str
    api: str


class BulkCheckOut(Schema):
    token: str = Field(description="the check's unguessable id: whoever has it can read the result")
    file_name: str
    created_at: dt.datetime
    expires_at: dt.datetime
    row_count: int
    counts: dict[str, int] = Field(description="rows per verdict")
    columns: dict[str, str] = Field(description="which header of the file was read as what")
    links: BulkLinksOut
    page: int
    page_size: int
    pages: int
    rows: list[BulkRowOut]
