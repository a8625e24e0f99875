"""Writes of the audits app: applications, programmes, audits, teams, findings.

Every function is keyword-only, atomic, checks who may act, validates through ``isocert.rules`` and
appends a ledger event for every change. Other apps import them from here.
"""

from isocert.audits.services.applications import (
    StandardChoice,
    application_create,
    application_review,
)
from isocert.audits.services.audits import (
    audit_cancel,
    audit_complete,
    audit_schedule,
    audit_sites_select,
    audit_start,
    audit_team_assign,
    audit_team_remove,
    eligibility_problems,
)
from isocert.audits.services.findings import (
    finding_accept_plan,
    finding_raise,
    finding_reject_plan,
    finding_respond,
    finding_verify,
)
from isocert.audits.services.programmes import (
    audit_add_special,
    programme_repeat_stage2,
    programme_start_cycle,
)

__all__ = [
    "StandardChoice",
    "application_create",
    "application_review",
    "audit_add_special",
    "audit_cancel",
    "audit_complete",
    "audit_schedule",
    "audit_sites_select",
    "audit_start",
    "audit_team_assign",
    "audit_team_remove",
    "eligibility_problems",
    "finding_accept_plan",
    "finding_raise",
    "finding_reject_plan",
    "finding_respond",
    "finding_verify",
    "programme_repeat_stage2",
    "programme_start_cycle",
]
