"""Verifier accounts, what they watch, the alerts they get and the webhook deliveries of those alerts.

A verifier is a public user of the registry (a buyer, an auditor, a journalist): a Django user with
no back-office membership, activated when they confirm their e-mail address.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isocert.watchlists.choices import DeliveryKind, DeliveryStatus, WatchKind


class Verifier(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="verifier"
    )
    confirmed_at = models.DateTimeField(_("e-mail confirmed"), null=True, blank=True)
    site_url = models.CharField(_("site address for links in alerts"), max_length=200, blank=True)
    email_alerts = models.BooleanField(_("send alerts by e-mail"), default=True)
    webhook_url = models.URLField(_("webhook URL"), max_length=500, blank=True)
    webhook_secret = models.CharField(max_length=100, blank=True)
    """Kept in clear: the server signs every delivery with it (shown to the verifier only once)."""
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.user.get_username()


class Watch(models.Model):
    """A certificate family (one body's number, every revision) or an organisation being watched."""

    verifier = models.ForeignKey(Verifier, on_delete=models.CASCADE, related_name="watches")
    kind = models.CharField(_("kind"), max_length=20, choices=WatchKind.choices)
    certification_body = models.ForeignKey(
        "accreditation.CertificationBody",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    number = models.CharField(_("certificate number"), max_length=60, blank=True)
    client = models.ForeignKey(
        "clients.Client", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    label = models.CharField(_("what"), max_length=300)
    since_seq = models.BigIntegerField(
        help_text="the last ledger event when the watch began: older events raise no alert"
    )
    created_at = models.DateTimeField(_("watched since"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["verifier", "certification_body", "number"],
                condition=models.Q(kind="certificate"),
                name="watch_one_certificate",
            ),
            models.UniqueConstraint(
                fields=["verifier", "client"],
                condition=models.Q(kind="organisation"),
                name="watch_one_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["number"], name="watch_number_idx"),
        ]

    def __str__(self) -> str:
        return self.label


class Alert(models.Model):
    """One public change of a watched certificate, for one verifier."""

    verifier = models.ForeignKey(Verifier, on_delete=models.CASCADE, related_name="alerts")
    watch = models.ForeignKey(
        Watch, null=True, blank=True, on_delete=models.SET_NULL, related_name="alerts"
    )
    event_seq = models.BigIntegerField()
    kind = models.CharField(max_length=60)
    label = models.CharField(_("what happened"), max_length=200)
    occurred_at = models.DateTimeField(_("when (UTC)"))
    certificate_number = models.CharField(_("certificate"), max_length=80)
    holder = models.CharField(_("holder"), max_length=250)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-event_seq", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["verifier", "event_seq"], name="alert_once_per_event")
        ]

    def __str__(self) -> str:
        return f"{self.certificate_number}: {self.label}"


class AlertCursor(models.Model):
    """The single row naming the last ledger event the dispatcher has looked at."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"alerts dispatched up to #{self.last_seq}"


class WebhookDelivery(models.Model):
    """One JSON message to a verifier's webhook, tried until delivered or out of retries."""

    verifier = models.ForeignKey(Verifier, on_delete=models.CASCADE, related_name="deliveries")
    alert = models.ForeignKey(
        Alert, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    kind = models.CharField(max_length=10, choices=DeliveryKind.choices)
    url = models.URLField(max_length=500)
    body = models.TextField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"delivery #{self.pk} ({self.status})"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"attempt {self.number} of delivery #{self.delivery_id}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
