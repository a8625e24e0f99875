"""Enumerations of the watchlists app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class WatchKind(models.TextChoices):
    CERTIFICATE = "certificate", _("Certificate (all revisions of the number)")
    ORGANISATION = "organisation", _("Organisation (all its certificates)")


class DeliveryKind(models.TextChoices):
    ALERT = "alert", _("Alert")
    TEST = "test", _("Test")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed (no more retries)")
