"""Reads of bulk supplier verification: a kept check by its token (no listing, by design)."""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.bulkverify.models import BulkCheck

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def bulk_check_get(token: str) -> BulkCheck:
    """The check with this token, or 404 (unknown, malformed or expired: all look the same)."""
    if not TOKEN.match(token or ""):
        raise Http404(_("No such bulk check (results are kept for 7 days)."))
    check = BulkCheck.objects.filter(token=token, expires_at__gt=timezone.now()).first()
    if check is None:
        raise Http404(_("No such bulk check (results are kept for 7 days)."))
    return check


def rows_with_verdict(check: BulkCheck, verdict: str = "") -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = check.rows
    return [r for r in rows if r.get("verdict") == verdict] if verdict else rows
