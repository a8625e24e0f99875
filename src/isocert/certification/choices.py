from django.db import models
from django.utils.translation import gettext_lazy as _

from isocert.rules.status import CertificateStatus as RuleStatus


class CertificateStatus(models.TextChoices):
    """Mirror of ``isocert.rules.status.CertificateStatus``; transitions live in the rules."""

    DRAFT = RuleStatus.DRAFT.value, _("Draft")
    ACTIVE = RuleStatus.ACTIVE.value, _("Valid")
    SUSPENDED = RuleStatus.SUSPENDED.value, _("Suspended")
    WITHDRAWN = RuleStatus.WITHDRAWN.value, _("Withdrawn")
    EXPIRED = RuleStatus.EXPIRED.value, _("Expired")
    SUPERSEDED = RuleStatus.SUPERSEDED.value, _("Superseded")


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("Grant initial certification")
    MAINTAIN = "maintain", _("Maintain after surveillance")
    RENEW = "renew", _("Renew after recertification")
    RESTORE = "restore", _("Restore after expiry")
    EXTEND_SCOPE = "extend_scope", _("Extend scope")
    REDUCE_SCOPE = "reduce_scope", _("Reduce scope")
    TRANSFER = "transfer", _("Accept transfer (IAF MD 2)")


class DecisionOutcome(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class ReviewOutcome(models.TextChoices):
    RECOMMEND = "recommend", _("Recommend certification")
    RETURN = "return", _("Return to the audit team")


class ReminderKind(models.TextChoices):
    AUDIT_DUE = "audit_due", _("Audit coming due")
    ACTION_DUE = "action_due", _("Corrective action coming due")
    ACTION_OVERDUE = "action_overdue", _("Corrective action overdue")
    SUSPENSION_DEADLINE = "suspension_deadline", _("Suspension deadline coming")
    SUSPENSION_DEADLINE_PASSED = "suspension_passed", _("Suspension deadline passed")


class CertificateFlag(models.TextChoices):
    """Warnings the daily job (or a selector) attaches to a certificate; they change no status."""

    SURVEILLANCE_OVERDUE = "surveillance_overdue", _("Surveillance overdue")
    SUSPENSION_NEEDS_ACTION = "suspension_needs_action", _("Suspension needs action")
    ACCREDITATION = "accreditation", _("Issuing body's accreditation")
