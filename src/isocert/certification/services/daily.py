"""The daily job (``isocert tick``): expiry, warning flags and reminder mails.

Idempotent: a second run on the same day changes nothing. Expiry is a status change (public ledger
event); flags are warnings on the certificate (one private event when a flag appears, one when it
clears); each reminder is recorded under a unique key and queued once, after commit, for the worker.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from isocert.audits.choices import AuditKind, AuditStatus, FindingKind, FindingStatus, TeamRole
from isocert.audits.models import Audit, Finding
from isocert.certification.choices import CertificateFlag, CertificateStatus, ReminderKind
from isocert.certification.models import Certificate, Reminder
from isocert.certification.services._common import who
from isocert.certification.services.certificates import certificate_expire
from isocert.certification.tasks import send_reminder
from isocert.clients.models import Contact
from isocert.core.ledger import ledger_append
from isocert.core.permissions import Actor
from isocert.people.choices import Role
from isocert.people.models import Membership
from isocert.rules import cycle
from isocert.rules import status as status_rules

AUDIT_DUE_DAYS = 30
"""Remind the audit team and planners of audits coming due within this many days."""
ACTION_DUE_DAYS = 7
"""Remind the client and the lead auditor of corrective actions due within this many days."""
SUSPENSION_DEADLINE_DAYS = 14
"""Remind the client and the decision makers of a suspension deadline this many days ahead."""

CURRENT = (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED)
OPEN_AUDIT = (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)
SURVEILLANCE = (AuditKind.SURVEILLANCE1, AuditKind.SURVEILLANCE2)


@dataclass
class TickSummary:
    today: dt.date
    expired: int = 0
    flags_raised: Counter[str] = field(default_factory=Counter)
    flags_cleared: int = 0
    reminders: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "today": self.today.isoformat(),
            "expired": self.expired,
            "surveillance_overdue_flagged": self.flags_raised[CertificateFlag.SURVEILLANCE_OVERDUE],
            "suspensions_flagged": self.flags_raised[CertificateFlag.SUSPENSION_NEEDS_ACTION],
            "flags_cleared": self.flags_cleared,
            "reminders_queued": sum(self.reminders.values()),
            "reminders": {kind: self.reminders[kind] for kind in ReminderKind.values},
        }


@transaction.atomic
def tick_run(*, actor: Actor, today: dt.date) -> TickSummary:
    """Run the daily job for ``today`` over every certification body."""
    summary = TickSummary(today=today)
    _expire(actor, today, summary)
    _flag(actor, today, summary)
    _remind(today, summary)
    return summary


# --------------------------------------------------------------------------------------------------
# Expiry
# --------------------------------------------------------------------------------------------------


def _expire(actor: Actor, today: dt.date, summary: TickSummary) -> None:
    due = Certificate.objects.filter(status__in=CURRENT, expiry_date__lt=today).order_by("pk")
    for certificate in due:
        certificate_expire(actor=actor, certificate=certificate, today=today)
        summary.expired += 1


# --------------------------------------------------------------------------------------------------
# Flags
# --------------------------------------------------------------------------------------------------


def _wanted_flags(today: dt.date) -> dict[int, dict[str, dict[str, Any]]]:
    """Every flag each current certificate should carry today, by certificate and flag key."""
    wanted: dict[int, dict[str, dict[str, Any]]] = defaultdict(dict)
    overdue = [
        audit
        for audit in Audit.objects.filter(
            kind__in=SURVEILLANCE, status__in=OPEN_AUDIT, due_date__lt=today
        ).order_by("due_date", "pk")
        if audit.due_date is not None
        and cycle.surveillance_overdue(due=audit.due_date, done_on=None, today=today)
    ]
    by_programme: dict[int, list[int]] = defaultdict(list)
    for pk, programme_id in Certificate.objects.filter(
        status__in=CURRENT, programme_id__in={a.programme_id for a in overdue}
    ).values_list("pk", "programme_id"):
        by_programme[programme_id].append(pk)
    for audit in overdue:
        assert audit.due_date is not None
        for pk in by_programme[audit.programme_id]:
            key = f"{CertificateFlag.SURVEILLANCE_OVERDUE}:{audit.pk}"
            wanted[pk][key] = {
                "key": key,
                "code": CertificateFlag.SURVEILLANCE_OVERDUE.value,
                "audit": audit.pk,
                "audit_kind": audit.kind,
                "due": audit.due_date.isoformat(),
                "since": (audit.due_date + dt.timedelta(days=1)).isoformat(),
            }
    suspended = Certificate.objects.filter(
        status=CertificateStatus.SUSPENDED, suspended_on__isnull=False, suspended_on__lte=today
    ).values_list("pk", "suspended_on")
    for pk, suspended_on in suspended:
        if suspended_on is not None and status_rules.suspension_needs_action(
            suspended_on=suspended_on, today=today
        ):
            key = CertificateFlag.SUSPENSION_NEEDS_ACTION.value
            wanted[pk][key] = {"key": key, "code": key, "since": suspended_on.isoformat()}
    return wanted


def _flag(actor: Actor, today: dt.date, summary: TickSummary) -> None:
    wanted = _wanted_flags(today)
    flagged = set(Certificate.objects.exclude(flags=[]).values_list("pk", flat=True))
    candidates = (
        Certificate.objects.select_for_update().filter(pk__in=flagged | set(wanted)).order_by("pk")
    )
    for certificate in candidates:
        current = {flag.get("key"): flag for flag in certificate.flags or []}
        desired = wanted.get(certificate.pk, {})
        added = [desired[key] for key in sorted(desired) if current.get(key) != desired[key]]
        removed = [
            current[key] for key in sorted(current, key=str) if desired.get(key) != current[key]
        ]
        if not added and not removed:
            continue
        certificate.flags = [desired[key] for key in sorted(desired)]
        certificate.save(update_fields=["flags", "updated_at"])
        for flag in added:
            summary.flags_raised[flag["code"]] += 1
            _flag_event(actor, certificate, f"certificate.{flag['code']}", flag)
        for flag in removed:
            summary.flags_cleared += 1
            _flag_event(actor, certificate, "certificate.flag_cleared", flag)


def _flag_event(actor: Actor, certificate: Certificate, kind: str, flag: dict[str, Any]) -> None:
    if flag.get("code") == CertificateFlag.SURVEILLANCE_OVERDUE:
        reason = _("Surveillance audit due by %(due)s is not completed.") % {"due": flag["due"]}
    elif flag.get("code") == CertificateFlag.SUSPENSION_NEEDS_ACTION:
        reason = _(
            "Suspended since %(since)s, more than 6 months: withdraw or reduce the scope "
            "(ISO/IEC 17021-1 9.6.5)."
        ) % {"since": flag["since"]}
    else:
        reason = ""
    if kind == "certificate.flag_cleared":
        reason = _("No longer applies: %(reason)s") % {"reason": reason}
    ledger_append(
        actor=who(actor),
        kind=kind,
        obj=certificate,
        after={"flag": flag},
        reason=reason,
        certification_body_id=certificate.certification_body_id,
    )


# --------------------------------------------------------------------------------------------------
# Reminders
# --------------------------------------------------------------------------------------------------


class _Addresses:
    """E-mail addresses of a body's people by role and of a client's contacts (cached per run)."""

    def __init__(self) -> None:
        self._roles: dict[tuple[int, str], list[str]] = {}
        self._contacts: dict[int, list[str]] = {}

    def role(self, cb_id: int, role: str) -> list[str]:
        if (cb_id, role) not in self._roles:
            self._roles[(cb_id, role)] = list(
                Membership.objects.filter(certification_body_id=cb_id, role=role, active=True)
                .exclude(user__email="")
                .values_list("user__email", flat=True)
            )
        return self._roles[(cb_id, role)]

    def contacts(self, client_id: int) -> list[str]:
        if client_id not in self._contacts:
            self._contacts[client_id] = list(
                Contact.objects.filter(client_id=client_id)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        return self._contacts[client_id]


def _unique(*groups: list[str]) -> list[str]:
    return sorted({address.strip().lower() for group in groups for address in group if address})


def _queue(
    summary: TickSummary,
    *,
    key: str,
    kind: str,
    certification_body_id: int,
    obj: Any,
    due_on: dt.date,
    recipients: list[str],
    subject: str,
    body: str,
) -> None:
    reminder, created = Reminder.objects.get_or_create(
        key=key,
        defaults={
            "certification_body_id": certification_body_id,
            "kind": kind,
            "object_type": obj._meta.label_lower,
            "object_id": str(obj.pk),
            "due_on": due_on,
            "recipients": recipients,
            "subject": subject[:250],
            "body": body,
        },
    )
    if not created:
        return
    summary.reminders[kind] += 1
    if recipients:
        pk = reminder.pk
        transaction.on_commit(lambda: send_reminder.enqueue(pk))


def _remind(today: dt.date, summary: TickSummary) -> None:
    addresses = _Addresses()
    _remind_audits(today, summary, addresses)
    _remind_actions(today, summary, addresses)
    _remind_suspensions(today, summary, addresses)


def _remind_audits(today: dt.date, summary: TickSummary, addresses: _Addresses) -> None:
    horizon = today + dt.timedelta(days=AUDIT_DUE_DAYS)
    audits = (
        Audit.objects.filter(status__in=OPEN_AUDIT, due_date__gte=today, due_date__lte=horizon)
        .select_related("programme__client")
        .prefetch_related("team__user")
        .order_by("due_date", "pk")
    )
    for audit in audits:
        assert audit.due_date is not None
        client = audit.programme.client
        team = [member.user.email for member in audit.team.all()]
        _queue(
            summary,
            key=f"{ReminderKind.AUDIT_DUE}:{audit.pk}:{audit.due_date.isoformat()}",
            kind=ReminderKind.AUDIT_DUE,
            certification_body_id=audit.certification_body_id,
            obj=audit,
            due_on=audit.due_date,
            recipients=_unique(
                team, addresses.role(audit.certification_body_id, Role.SCHEME_MANAGER)
            ),
            subject=_("%(audit)s of %(client)s is due by %(due)s")
            % {"audit": audit.get_kind_display(), "client": client.name, "due": audit.due_date},
            body=_(
                "The %(audit)s audit of %(client)s must be carried out by %(due)s.\n"
                "Planned: %(start)s to %(end)s.\n\n/office/audits/%(pk)s/\n"
            )
            % {
                "audit": audit.get_kind_display(),
                "client": client.name,
                "due": audit.due_date.isoformat(),
                "start": audit.planned_start or _("not yet planned"),
                "end": audit.planned_end or "—",
                "pk": audit.pk,
            },
        )


def _remind_actions(today: dt.date, summary: TickSummary, addresses: _Addresses) -> None:
    horizon = today + dt.timedelta(days=ACTION_DUE_DAYS)
    findings = (
        Finding.objects.filter(
            kind__in=(FindingKind.MAJOR, FindingKind.MINOR),
            action_due__isnull=False,
            action_due__lte=horizon,
        )
        .exclude(status=FindingStatus.VERIFIED)
        .select_related("audit__programme__client")
        .prefetch_related("audit__team__user")
        .order_by("action_due", "pk")
    )
    for finding in findings:
        assert finding.action_due is not None
        audit = finding.audit
        client = audit.programme.client
        overdue = finding.action_due < today
        kind = ReminderKind.ACTION_OVERDUE if overdue else ReminderKind.ACTION_DUE
        leads = [m.user.email for m in audit.team.all() if m.role == TeamRole.LEAD_AUDITOR]
        words = {
            "finding": finding.get_kind_display(),
            "clause": finding.clause,
            "client": client.name,
            "due": finding.action_due.isoformat(),
        }
        subject = (
            _("Overdue: corrective action for %(finding)s (clause %(clause)s) was due %(due)s")
            if overdue
            else _("Corrective action for %(finding)s (clause %(clause)s) is due by %(due)s")
        ) % words
        _queue(
            summary,
            key=f"{kind}:{finding.pk}:{finding.action_due.isoformat()}",
            kind=kind,
            certification_body_id=audit.certification_body_id,
            obj=finding,
            due_on=finding.action_due,
            recipients=_unique(addresses.contacts(client.pk), leads),
            subject=subject,
            body=_(
                "%(client)s: the correction and corrective action for the %(finding)s raised "
                "against clause %(clause)s are due by %(due)s.\n\nStatement: %(statement)s\n"
            )
            % {**words, "statement": finding.statement},
        )


def _remind_suspensions(today: dt.date, summary: TickSummary, addresses: _Addresses) -> None:
    horizon = today + dt.timedelta(days=SUSPENSION_DEADLINE_DAYS)
    certificates = (
        Certificate.objects.filter(
            status=CertificateStatus.SUSPENDED,
            suspension_deadline__isnull=False,
            suspension_deadline__lte=horizon,
        )
        .select_related("client", "standard")
        .order_by("suspension_deadline", "pk")
    )
    for certificate in certificates:
        deadline = certificate.suspension_deadline
        assert deadline is not None
        passed = deadline < today
        kind = (
            ReminderKind.SUSPENSION_DEADLINE_PASSED if passed else ReminderKind.SUSPENSION_DEADLINE
        )
        words = {
            "number": certificate.printed_number,
            "client": certificate.client.name,
            "deadline": deadline.isoformat(),
            "reason": certificate.suspension_reason,
        }
        subject = (
            _("Suspension deadline passed for certificate %(number)s (%(deadline)s)")
            if passed
            else _("Certificate %(number)s: suspension to be resolved by %(deadline)s")
        ) % words
        _queue(
            summary,
            key=f"{kind}:{certificate.pk}:{deadline.isoformat()}",
            kind=kind,
            certification_body_id=certificate.certification_body_id,
            obj=certificate,
            due_on=deadline,
            recipients=_unique(
                addresses.contacts(certificate.client_id),
                addresses.role(certificate.certification_body_id, Role.DECISION_MAKER),
            ),
            subject=subject,
            body=_(
                "Certificate %(number)s of %(client)s is suspended: %(reason)s\n"
                "The issue must be resolved by %(deadline)s; otherwise the certificate is "
                "withdrawn or its scope reduced (ISO/IEC 17021-1 9.6.5).\n"
            )
            % words,
        )
