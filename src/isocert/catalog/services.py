"""Writes to the catalogue: copying the rules engine's reference data into the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from isocert.catalog.models import Edition, IafCode, Standard
from isocert.rules import standards as rules_standards


@dataclass(frozen=True)
class SyncResult:
    standards: int
    editions: int
    iaf_codes: int


@transaction.atomic
def catalog_sync() -> SyncResult:
    """Make the catalogue tables equal to ``isocert.rules`` data. Idempotent; safe to run twice."""
    editions = 0
    for std in rules_standards.standards_all():
        row, _created = Standard.objects.update_or_create(
            code=std.code,
            defaults={
                "title": std.title,
                "family": std.family,
                "certifiable": std.certifiable,
                "audit_time_scheme": std.audit_time_scheme or "",
                "uses_iaf_codes": std.uses_iaf_codes,
                "not_certifiable_reason": std.not_certifiable_reason,
            },
        )
        for ed in std.editions:
            Edition.objects.update_or_create(
                standard=row,
                year=ed.year,
                defaults={
                    "published": ed.published,
                    "new_audits_until": ed.new_audits_until,
                    "valid_until": ed.valid_until,
                    "confidence": ed.confidence,
                    "note": ed.note,
                },
            )
            editions += 1
    codes = rules_standards.iaf_codes()
    for code in codes:
        IafCode.objects.update_or_create(
            code=code.code,
            defaults={
                "sector": code.sector,
                "nace": code.nace,
                "nace_confidence": code.nace_confidence,
            },
        )
    return SyncResult(
        standards=len(rules_standards.standards_all()), editions=editions, iaf_codes=len(codes)
    )
