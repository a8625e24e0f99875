from django.db import models
from django.utils.translation import gettext_lazy as _


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACCEPTED = "accepted", _("Accepted (contract review done)")
    REFUSED = "refused", _("Refused")


class ApplicationKind(models.TextChoices):
    INITIAL = "initial", _("Initial certification")
    TRANSFER = "transfer", _("Transfer from another body (IAF MD 2)")


class ProgrammeStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class AuditKind(models.TextChoices):
    STAGE1 = "stage1", _("Stage 1")
    STAGE2 = "stage2", _("Stage 2")
    SURVEILLANCE1 = "surveillance1", _("Surveillance 1")
    SURVEILLANCE2 = "surveillance2", _("Surveillance 2")
    RECERTIFICATION = "recertification", _("Recertification")
    SPECIAL = "special", _("Special (scope extension)")
    SHORT_NOTICE = "short_notice", _("Short-notice")
    TRANSFER_REVIEW = "transfer_review", _("Pre-transfer review")


class AuditStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Report submitted")
    CANCELLED = "cancelled", _("Cancelled")


class TeamRole(models.TextChoices):
    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    AUDITOR = "auditor", _("Auditor")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert")


class FindingKind(models.TextChoices):
    MAJOR = "major", _("Major nonconformity")
    MINOR = "minor", _("Minor nonconformity")
    OBSERVATION = "observation", _("Observation")
    OFI = "ofi", _("Opportunity for improvement")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESPONDED = "responded", _("Response submitted")
    PLAN_ACCEPTED = "plan_accepted", _("Action plan accepted")
    VERIFIED = "verified", _("Verified closed")


class AuditRecommendation(models.TextChoices):
    """The audit team's recommendation in the report (ISO/IEC 17021-1 9.4.8.3)."""

    RECOMMEND = "recommend", _("Recommend certification (or its continuation)")
    AFTER_ACTIONS = (
        "after_actions",
        _("Recommend once the corrective actions are accepted or verified"),
    )
    NOT_RECOMMEND = "not_recommend", _("Do not recommend certification")
