"""The registry's search index: distinct organisation names and which public clients carry them.

The index is derived data: ``registry.services.search_index_refresh`` keeps it equal to the clients
(called after writes, and by ``isocert synth`` in bulk). Confidential clients (ISO/IEC 17021-1 8.1.2
note) are never in it, so search cannot list them.

The engine's own trigram index sits on ``SearchName.name`` (migration 0001): an FTS5 table with the
trigram tokenizer on SQLite, a pg_trgm GIN index on PostgreSQL.
"""

from __future__ import annotations

from django.db import models


class SearchName(models.Model):
    """One distinct normalized organisation name (unaccented, lower case, punctuation folded)."""

    name = models.CharField(max_length=250, unique=True)

    def __str__(self) -> str:
        return self.name


class SearchEntry(models.Model):
    """One public client in the search index, with the columns search filters and sorts on."""

    client = models.OneToOneField(
        "clients.Client", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    search_name = models.ForeignKey(SearchName, on_delete=models.PROTECT, related_name="entries")
    sort_key = models.CharField(max_length=250)
    country = models.CharField(max_length=2)
    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["sort_key"], name="registry_entry_sort_idx"),
            models.Index(fields=["country", "sort_key"], name="registry_entry_country_idx"),
            models.Index(fields=["certification_body", "sort_key"], name="registry_entry_cb_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.client_id}: {self.sort_key}"


class SearchIdentifier(models.Model):
    """A searchable form of a public client's identifier: compact (no spaces, dots or dashes, upper
    case), and for a VAT number also without its two-letter country prefix."""

    value = models.CharField(max_length=64, db_index=True)
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return self.value


TOTAL = ""
"""The ``TrigramStat`` row whose count is the number of indexed names."""


class TrigramStat(models.Model):
    """How many indexed names contain a trigram (document frequency), to pick the rare ones.

    The row with the empty trigram (``TOTAL``) counts the indexed names themselves.
    """

    trigram = models.CharField(max_length=3, primary_key=True)
    names = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.trigram}: {self.names}"
