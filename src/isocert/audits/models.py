"""Applications (contract review), the 3-year audit programme, audits, teams, findings, responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from isocert.audits.choices import (
    ApplicationKind,
    ApplicationStatus,
    AuditKind,
    AuditRecommendation,
    AuditStatus,
    FindingKind,
    FindingStatus,
    ProgrammeStatus,
    TeamRole,
)
from isocert.core.models import TimeStamped


class Application(TimeStamped):
    """A client's request for certification and the body's contract review (audit time, sample)."""

    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.PROTECT, related_name="applications"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="applications"
    )
    kind = models.CharField(
        max_length=10, choices=ApplicationKind.choices, default=ApplicationKind.INITIAL
    )
    status = models.CharField(
        max_length=10, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    scope = models.TextField(_("scope of certification requested"))
    iaf_codes = models.ManyToManyField("catalog.IafCode", blank=True, related_name="+")
    sites = models.ManyToManyField("clients.Site", blank=True, related_name="applications")
    # effective personnel inputs (IAF MD 5)
    personnel = models.PositiveIntegerField(_("full-time personnel"))
    part_time_count = models.PositiveIntegerField(default=0)
    part_time_hours = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    seasonal = models.PositiveIntegerField(default=0)
    repetitive = models.PositiveIntegerField(default=0)
    repetitive_justification = models.TextField(blank=True)
    reduction_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    increase_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    adjustment_justification = models.TextField(blank=True)
    integration_percent = models.DecimalField(max_digits=5, decimal_places=2, default=0)
    integration_justification = models.TextField(blank=True)
    sampling = models.BooleanField(_("multi-site sampling allowed"), default=True)
    # results of the contract review, from isocert.rules
    effective_personnel = models.PositiveIntegerField(null=True, blank=True)
    initial_days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    stage1_days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    stage2_days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    surveillance_days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    recertification_days = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True
    )
    floor_days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    audit_time_detail = models.JSONField(null=True, blank=True)
    sample_detail = models.JSONField(null=True, blank=True)
    refusal_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Application {self.pk} — {self.client}"


class ApplicationStandard(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="standards")
    standard = models.ForeignKey("catalog.Standard", on_delete=models.PROTECT, related_name="+")
    edition = models.ForeignKey("catalog.Edition", on_delete=models.PROTECT, related_name="+")
    complexity = models.CharField(max_length=10, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "standard"], name="app_standard_unique")
        ]

    def __str__(self) -> str:
        return f"{self.edition}"


class Programme(TimeStamped):
    """The audit programme of one 3-year certification cycle (ISO/IEC 17021-1 9.1.3)."""

    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.PROTECT, related_name="programmes"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.PROTECT, related_name="programmes"
    )
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="programmes"
    )
    cycle_number = models.PositiveSmallIntegerField(default=1)
    cycle_start = models.DateField(_("cycle start (decision)"), null=True, blank=True)
    expiry_date = models.DateField(_("cycle expiry"), null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ProgrammeStatus.choices, default=ProgrammeStatus.ACTIVE
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Programme {self.pk} — {self.client} cycle {self.cycle_number}"


class Audit(TimeStamped):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="audits")
    certification_body = models.ForeignKey(
        "accreditation.CertificationBody", on_delete=models.PROTECT, related_name="audits"
    )
    kind = models.CharField(max_length=20, choices=AuditKind.choices)
    status = models.CharField(
        max_length=12, choices=AuditStatus.choices, default=AuditStatus.PLANNED
    )
    due_date = models.DateField(_("due by"), null=True, blank=True)
    planned_start = models.DateField(_("first day"), null=True, blank=True)
    planned_end = models.DateField(_("last day"), null=True, blank=True)
    cycle = models.PositiveSmallIntegerField(_("certification cycle"), default=1)
    days_required = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    days_floor = models.DecimalField(
        _("least allowed audit days (IAF MD 5 / MD 11)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
    )
    days_planned = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    days_justification = models.TextField(blank=True)
    schedule_exception = models.TextField(
        _("recorded exception for planning past the due date"), blank=True
    )
    sites = models.ManyToManyField("clients.Site", blank=True, related_name="audits")
    sample_detail = models.JSONField(_("site sample drawn (IAF MD 1)"), null=True, blank=True)
    report = models.TextField(_("audit report"), blank=True)
    recommendation = models.CharField(
        max_length=20, blank=True, choices=AuditRecommendation.choices
    )
    report_submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["programme", "due_date", "pk"]
        indexes = [
            models.Index(fields=["certification_body", "status", "due_date"], name="audit_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.programme.client}"


class TeamMember(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=TeamRole.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit", "user"], name="team_member_unique")]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"


class Finding(TimeStamped):
    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField(max_length=12, choices=FindingKind.choices)
    clause = models.CharField(_("clause of the standard"), max_length=40)
    statement = models.TextField(_("statement of nonconformity"))
    evidence = models.TextField(_("objective evidence"))
    site = models.ForeignKey(
        "clients.Site", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=14, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # the client's response
    correction = models.TextField(blank=True)
    root_cause = models.TextField(blank=True)
    corrective_action = models.TextField(blank=True)
    action_due = models.DateField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    # the auditor's review and verification
    plan_accepted_at = models.DateTimeField(null=True, blank=True)
    verified_on = models.DateField(null=True, blank=True)
    verification_note = models.TextField(blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["audit", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.clause}"
