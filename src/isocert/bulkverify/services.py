"""Writes of bulk supplier verification: run a check (kept ``KEEP_DAYS`` for its downloads) and
delete the expired ones."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from isocert.bulkverify.matching import match_rows
from isocert.bulkverify.models import BulkCheck
from isocert.bulkverify.parsing import read_file, rows_from_records
from isocert.registry.choices import Verdict

KEEP_DAYS = 7
"""Days a result stays downloadable; then ``bulk_check_cleanup`` deletes it."""


def verdict_counts(rows: Sequence[Mapping[str, Any]]) -> dict[str, int]:
    counts = Counter(str(row["verdict"]) for row in rows)
    return {v.value: counts.get(v.value, 0) for v in Verdict}


def bulk_check_run(
    *,
    file: bytes | None = None,
    file_name: str = "",
    rows: Sequence[Mapping[str, Any]] | None = None,
    today: dt.date | None = None,
) -> BulkCheck:
    """Check a supplier file (``file`` and its ``file_name``) or supplier ``rows`` (mappings keyed by
    header, e.g. ``{"Supplier": …, "Certificate number": …}``) against the registry and keep the
    result. A file that cannot be read raises ``FileRefused`` and nothing is kept."""
    parsed = read_file(file, file_name) if file is not None else rows_from_records(list(rows or []))
    results = [r.as_dict() for r in match_rows(parsed.rows, today=today)]
    now = timezone.now()
    with transaction.atomic():
        bulk_check_cleanup(now=now)
        return BulkCheck.objects.create(
            token=secrets.token_urlsafe(24),
            created_at=now,
            expires_at=now + dt.timedelta(days=KEEP_DAYS),
            file_name=(file_name or "")[-255:],
            row_count=len(results),
            counts=verdict_counts(results),
            columns=parsed.columns,
            rows=results,
        )


@transaction.atomic
def bulk_check_cleanup(*, now: dt.datetime | None = None) -> int:
    """Delete the checks past their expiry; returns how many were deleted."""
    deleted, _by_model = BulkCheck.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
