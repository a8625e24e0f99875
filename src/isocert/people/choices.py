from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a person does for a certification body (one membership row per role)."""

    CB_ADMIN = "cb_admin", _("Certification-body administrator")
    SCHEME_MANAGER = "scheme_manager", _("Scheme manager / planner")
    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    AUDITOR = "auditor", _("Auditor")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert")
    TECHNICAL_REVIEWER = "technical_reviewer", _("Technical reviewer")
    DECISION_MAKER = "decision_maker", _("Certification decision maker")


class QualificationLevel(models.TextChoices):
    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    AUDITOR = "auditor", _("Auditor")
    TECHNICAL_EXPERT = "technical_expert", _("Technical expert")


class ConflictKind(models.TextChoices):
    CONSULTANCY = "consultancy", _("Management-system consultancy")
    EMPLOYMENT = "employment", _("Employment")
    FINANCIAL = "financial", _("Financial interest")
    OTHER = "other", _("Other relationship")
