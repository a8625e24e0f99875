"""``{{ status|badge }}``: the site.css badge class of an application, audit or finding status."""

from __future__ import annotations

from typing import Any

from django import template

from isocert.audits.choices import (
    ApplicationStatus,
    AuditStatus,
    FindingKind,
    FindingStatus,
    TeamRole,
)

register = template.Library()

BADGES: dict[str, str] = {
    ApplicationStatus.DRAFT: "badge",
    ApplicationStatus.ACCEPTED: "badge badge-active",
    ApplicationStatus.REFUSED: "badge badge-withdrawn",
    AuditStatus.PLANNED: "badge",
    AuditStatus.IN_PROGRESS: "badge badge-suspended",
    AuditStatus.COMPLETED: "badge badge-active",
    AuditStatus.CANCELLED: "badge badge-withdrawn",
    FindingStatus.OPEN: "badge badge-withdrawn",
    FindingStatus.RESPONDED: "badge badge-suspended",
    FindingStatus.PLAN_ACCEPTED: "badge",
    FindingStatus.VERIFIED: "badge badge-active",
    FindingKind.MAJOR: "badge badge-withdrawn",
    FindingKind.MINOR: "badge badge-suspended",
}


@register.filter
def badge(status: str) -> str:
    return BADGES.get(str(status), "badge")


@register.filter
def is_nonconformity(kind: str) -> bool:
    return str(kind) in (FindingKind.MAJOR, FindingKind.MINOR)


@register.filter
def lead_auditor(team: Any) -> str:
    """The lead auditor's name from an audit's (prefetched) team."""
    return ", ".join(m.user.get_username() for m in team.all() if m.role == TeamRole.LEAD_AUDITOR)
