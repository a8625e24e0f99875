"""Enumerations of bulk supplier verification: how sure a match is, and what it was made on."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Confidence(models.TextChoices):
    """How sure the match of a supplier row to a certificate is (from its 0-100 score)."""

    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")
    NONE = "none", _("No match")


HIGH_FROM = 80
MEDIUM_FROM = 50


def confidence_label(score: int) -> Confidence:
    if score >= HIGH_FROM:
        return Confidence.HIGH
    if score >= MEDIUM_FROM:
        return Confidence.MEDIUM
    if score > 0:
        return Confidence.LOW
    return Confidence.NONE


class MatchedBy(models.TextChoices):
    NUMBER = "number", _("Certificate number")
    NAME = "name", _("Exact name")
    FUZZY = "fuzzy", _("Similar name")
    NONE = "none", _("Nothing")


class Column(models.TextChoices):
    """The columns a supplier file may carry (any may be missing)."""

    NAME = "name", _("Name")
    COUNTRY = "country", _("Country")
    NUMBER = "number", _("Certificate number")
    STANDARD = "standard", _("Standard")
