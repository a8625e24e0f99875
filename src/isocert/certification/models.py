"""Technical reviews, certification decisions and certificates (ISO/IEC 17021-1 9.5, 8.2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isocert.certification.choices import (
    CertificateStatus,
    DecisionKind,
    DecisionOutcome,
    ReminderKind,
    ReviewOutcome,
)
from isocert.core.models import TimeStamped


class TechnicalReview(TimeStamped):
    audit = models.ForeignKey("audits.Audit", on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices)
    notes = models.TextField(blank=True)
    reviewed_on = models.DateField()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} ({self.reviewed_on})"


class Decision(TimeStamped):
    """A certification decision taken by someone who was not on the audit team (9.5)."""

    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.PROTECT, related_name="decisions"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="decisions")
    programme = models.ForeignKey(
        "audits.Programme", on_delete=models.PROTECT, related_name="decisions"
    )
    audit = models.ForeignKey(
        "audits.Audit", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField(max_length=15, choices=DecisionKind.choices)
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField()
    notes = models.TextField(blank=True)
    details = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("What the rules said: renewal or restoration dates, the transfer assessment."),
    )

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_outcome_display()} ({self.decided_on})"


class Certificate(TimeStamped):
    """One revision of a certificate. A reissue creates a new row that supersedes the old one.

    ``number`` is the printable base number; ``revision`` counts reissues and the printed number is
    ``number`` with ``-R<revision>`` appended from revision 1 on (ISO/IEC 17021-1 8.2.2 i).
    """

    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.PROTECT, related_name="certificates"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="certificates"
    )
    programme = models.ForeignKey(
        "audits.Programme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=60, db_index=True)
    revision = models.PositiveSmallIntegerField(default=0)
    lookup_key = models.CharField(
        max_length=70,
        unique=True,
        help_text=_("Printed number upper-cased without spaces or dashes, for tolerant look-up."),
    )
    status = models.CharField(
        max_length=12,
        choices=CertificateStatus.choices,
        default=CertificateStatus.DRAFT,
        db_index=True,
    )
    standard = models.ForeignKey("catalog.Standard", on_delete=models.PROTECT, related_name="+")
    edition = models.ForeignKey("catalog.Edition", on_delete=models.PROTECT, related_name="+")
    iaf_codes = models.ManyToManyField("catalog.IafCode", blank=True, related_name="+")
    scope = models.TextField(_("scope"))
    original_issue_date = models.DateField(_("original certification date"))
    issue_date = models.DateField(_("issue date of this revision"))
    effective_date = models.DateField(_("effective date"))
    expiry_date = models.DateField(_("expiry date"))
    cycle_start = models.DateField(_("current cycle start"))
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="superseded_by"
    )
    suspended_on = models.DateField(null=True, blank=True)
    suspension_reason = models.TextField(blank=True)
    suspension_deadline = models.DateField(null=True, blank=True)
    withdrawn_on = models.DateField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    transferred_from = models.CharField(_("transferred from"), max_length=200, blank=True)
    flags = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["number", "revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "revision"], name="certificate_number_revision"
            )
        ]
        indexes = [
            models.Index(
                fields=["certification_body", "status", "expiry_date"], name="cert_cb_status_idx"
            )
        ]

    def __str__(self) -> str:
        return self.printed_number

    @property
    def printed_number(self) -> str:
        return self.number if self.revision == 0 else f"{self.number}-R{self.revision}"


class CertificateSite(models.Model):
    """A site on the certificate with the scope of activities at that site (8.2.2 a, f)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="sites")
    site = models.ForeignKey("clients.Site", on_delete=models.PROTECT, related_name="+")
    scope = models.TextField(_("scope at this site"))

    def __str__(self) -> str:
        return f"{self.site}"


class Reminder(models.Model):
    """One mail queued by the daily job. The unique ``key`` makes every reminder go out once."""

    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.CASCADE, related_name="reminders"
    )
    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    due_on = models.DateField(_("due on"))
    recipients = models.JSONField(default=list, blank=True)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("body"))
    queued_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued_at", "-pk"]

    def __str__(self) -> str:
        return self.key
