"""A bulk supplier check: the answer to one uploaded file, kept a few days for its downloads.

Whoever holds the token (unguessable, in the result's address) can read the result; nobody can
list them. Rows are stored as JSON, exactly as the result page and the downloads show them.
"""

from __future__ import annotations

from django.db import models


class BulkCheck(models.Model):
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField(db_index=True)
    file_name = models.CharField(max_length=255, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    """Rows per verdict, every verdict present (0 when none)."""
    columns = models.JSONField(default=dict)
    """Which column of the file was read as what (``{"name": "Supplier", ...}``)."""
    rows = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"{self.file_name or 'rows'} ({self.row_count})"
