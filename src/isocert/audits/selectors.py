"""Reads of applications, programmes, audits and findings, every one scoped to the acting person.

Staff see their certification body's records; a client user sees their own organisation's records;
anyone else is refused (403). Another body's (or another client's) record is a 404, never a 403.

``decision_blockers``, ``audit_team_user_ids`` and ``audit_last_day`` are called by the
certification app before a review or decision; they read only the audit's prefetched team and
findings, so a queue of audits costs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.utils.translation import gettext as _

from isocert.audits.choices import (
    ApplicationStatus,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingStatus,
    TeamRole,
)
from isocert.audits.models import (
    Application,
    ApplicationStandard,
    Audit,
    Finding,
    Programme,
    TeamMember,
)
from isocert.audits.permissions import require_reader, require_staff
from isocert.clients.models import Client, Site
from isocert.core.models import Event
from isocert.core.permissions import Actor
from isocert.rules import cycle

OPEN_AUDIT = (AuditStatus.PLANNED, AuditStatus.IN_PROGRESS)
NONCONFORMITIES = (FindingKind.MAJOR, FindingKind.MINOR)

APPLICATION_SORTS: dict[str, list[str]] = {
    "-created": ["-created_at", "-pk"],
    "created": ["created_at", "pk"],
    "client": ["client__name", "-created_at"],
    "-client": ["-client__name", "-created_at"],
    "status": ["status", "-created_at"],
    "days": ["-initial_days", "-created_at"],
}
AUDIT_SORTS: dict[str, list[Any]] = {
    "due": [
        "-is_open",
        F("due_date").asc(nulls_last=True),
        F("planned_start").asc(nulls_last=True),
        "pk",
    ],
    "start": [F("planned_start").asc(nulls_last=True), "pk"],
    "-start": [F("planned_start").desc(nulls_last=True), "-pk"],
    "client": ["programme__client__name", F("due_date").asc(nulls_last=True), "pk"],
    "kind": ["kind", F("due_date").asc(nulls_last=True), "pk"],
}
FINDING_SORTS: dict[str, list[Any]] = {
    "status": ["status", "-kind", "pk"],
    "-created": ["-created_at", "-pk"],
    "due": [F("action_due").asc(nulls_last=True), "pk"],
    "kind": ["kind", "pk"],
}


def _visible(actor: Actor) -> Q:
    """Applications or programmes of the actor's body (staff) or own organisation (client user)."""
    require_reader(actor)
    visible = Q(pk__in=[])
    if actor.cb_id is not None:
        visible |= Q(certification_body_id=actor.cb_id)
    if actor.client_ids:
        visible |= Q(client_id__in=sorted(actor.client_ids))
    return visible


def _audit_visible(actor: Actor, prefix: str = "") -> Q:
    """Audits (``prefix`` "" ) or findings (``prefix`` "audit__") the actor may see."""
    require_reader(actor)
    visible = Q(pk__in=[])
    if actor.cb_id is not None:
        visible |= Q(**{f"{prefix}certification_body_id": actor.cb_id})
    if actor.client_ids:
        visible |= Q(**{f"{prefix}programme__client_id__in": sorted(actor.client_ids)})
    return visible


# --------------------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------------------


def _standards() -> Prefetch:
    return Prefetch(
        "standards",
        queryset=ApplicationStandard.objects.select_related("standard", "edition").order_by(
            "standard__code"
        ),
    )


def application_list(
    *, actor: Actor, status: str = "", sort: str = "-created"
) -> QuerySet[Application]:
    rows = Application.objects.filter(_visible(actor))
    if status in ApplicationStatus.values:
        rows = rows.filter(status=status)
    return (
        rows.select_related("client")
        .prefetch_related(_standards())
        .order_by(*APPLICATION_SORTS.get(sort, APPLICATION_SORTS["-created"]))
    )


def application_get(*, actor: Actor, pk: int) -> Application:
    row = (
        Application.objects.filter(_visible(actor), pk=pk)
        .select_related("client", "certification_body", "created_by", "reviewed_by")
        .prefetch_related(
            _standards(),
            "iaf_codes",
            Prefetch("sites", queryset=Site.objects.order_by("-is_central_function", "name")),
            Prefetch("programmes", queryset=Programme.objects.order_by("cycle_number", "pk")),
        )
        .first()
    )
    if row is None:
        raise Http404(_("No such application."))
    return row


def application_clients(*, actor: Actor) -> QuerySet[Client]:
    """Clients an application can be recorded for: the actor's body's."""
    require_staff(actor)
    return Client.objects.filter(certification_body_id=actor.cb_id).order_by("name", "pk")


def client_for_application(*, actor: Actor, pk: int) -> Client:
    row = application_clients(actor=actor).filter(pk=pk).prefetch_related("sites").first()
    if row is None:
        raise Http404(_("No such client."))
    return row


# --------------------------------------------------------------------------------------------------
# Programmes
# --------------------------------------------------------------------------------------------------


def programme_list(*, actor: Actor, status: str = "") -> QuerySet[Programme]:
    rows = Programme.objects.filter(_visible(actor))
    if status:
        rows = rows.filter(status=status)
    return (
        rows.select_related("client", "application")
        .annotate(
            audit_count=Count("audits", distinct=True),
            open_count=Count("audits", filter=Q(audits__status__in=OPEN_AUDIT), distinct=True),
        )
        .order_by("client__name", "-cycle_number", "-pk")
    )


def _audit_rows() -> QuerySet[Audit]:
    return Audit.objects.select_related("programme__client").prefetch_related(
        Prefetch("team", queryset=TeamMember.objects.select_related("user").order_by("role", "pk")),
        "findings",
    )


def programme_get(*, actor: Actor, pk: int) -> Programme:
    row = (
        Programme.objects.filter(_visible(actor), pk=pk)
        .select_related("client", "application", "certification_body")
        .prefetch_related(
            Prefetch(
                "audits",
                queryset=_audit_rows().order_by(
                    F("planned_start").asc(nulls_last=True),
                    F("due_date").asc(nulls_last=True),
                    "pk",
                ),
            ),
            Prefetch("application__standards", queryset=_standards().queryset),
        )
        .first()
    )
    if row is None:
        raise Http404(_("No such audit programme."))
    return row


TIMELINE_WIDTH = 900
TIMELINE_LABEL = 190
TIMELINE_ROW = 30


@dataclass(frozen=True)
class TimelineRow:
    """One audit on the programme's timeline, with its SVG bar (``x``, ``y``, ``width``) and the
    position of its due date (``due_x``) on a chart ``TIMELINE_WIDTH`` wide."""

    audit: Audit
    day: dt.date | None
    overdue: bool
    done: bool
    x: int
    y: int
    width: int
    due_x: int | None
    text_y: int


@dataclass(frozen=True)
class Timeline:
    rows: list[TimelineRow]
    first: dt.date | None
    last: dt.date | None
    height: int
    label_x: int = TIMELINE_LABEL - 8
    width: int = TIMELINE_WIDTH


def programme_timeline(*, programme: Programme, today: dt.date) -> Timeline:
    """The programme's audits by date (planned first day, else due date) with bar positions.

    Reads the prefetched ``programme.audits`` (``programme_get``): no query.
    """
    audits = list(programme.audits.all())
    days: list[dt.date] = []
    for a in audits:
        days += [d for d in (a.planned_start, a.planned_end, a.due_date) if d is not None]
    days += [d for d in (programme.cycle_start, programme.expiry_date) if d is not None]
    first, last = (min(days), max(days)) if days else (None, None)
    span = max(1, (last - first).days) if first is not None and last is not None else 1
    bar_span = TIMELINE_WIDTH - TIMELINE_LABEL - 20

    def pos(day: dt.date | None) -> int | None:
        if day is None or first is None:
            return None
        return TIMELINE_LABEL + round((day - first).days * bar_span / span)

    ordered = sorted(
        audits,
        key=lambda a: (
            (a.planned_start or a.due_date) is None,
            a.planned_start or a.due_date or dt.date.max,
            a.pk,
        ),
    )
    rows = []
    for i, a in enumerate(ordered):
        start = a.planned_start or a.due_date
        end = a.planned_end or start
        x = pos(start) or TIMELINE_LABEL
        rows.append(
            TimelineRow(
                audit=a,
                day=start,
                overdue=audit_overdue(audit=a, today=today),
                done=a.status == AuditStatus.COMPLETED,
                x=x,
                y=8 + i * TIMELINE_ROW,
                width=max(6, (pos(end) or x) - x),
                due_x=pos(a.due_date),
                text_y=8 + i * TIMELINE_ROW + 15,
            )
        )
    return Timeline(rows=rows, first=first, last=last, height=16 + len(rows) * TIMELINE_ROW)


# --------------------------------------------------------------------------------------------------
# Audits
# --------------------------------------------------------------------------------------------------


def audit_overdue(*, audit: Audit, today: dt.date) -> bool:
    """Not done and past its due date (ISO/IEC 17021-1 9.1.3.2; the due day itself is in time)."""
    if audit.due_date is None or audit.status not in OPEN_AUDIT:
        return False
    return cycle.surveillance_overdue(due=audit.due_date, done_on=None, today=today)


def audit_list(
    *, actor: Actor, status: str = "", kind: str = "", sort: str = "due"
) -> QuerySet[Audit]:
    """Audits the actor sees; by default open ones first, the earliest due (overdue) first."""
    rows = Audit.objects.filter(_audit_visible(actor))
    if status in AuditStatus.values:
        rows = rows.filter(status=status)
    if kind in AuditKind.values:
        rows = rows.filter(kind=kind)
    rows = rows.annotate(
        is_open=Case(
            When(status__in=OPEN_AUDIT, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )
    return (
        rows.select_related("programme__client")
        .prefetch_related(
            Prefetch("team", queryset=TeamMember.objects.select_related("user").order_by("pk"))
        )
        .order_by(*AUDIT_SORTS.get(sort, AUDIT_SORTS["due"]))
    )


def audit_get(*, actor: Actor, pk: int) -> Audit:
    row = (
        Audit.objects.filter(_audit_visible(actor), pk=pk)
        .select_related("programme__client", "programme__application", "certification_body")
        .prefetch_related(
            Prefetch(
                "team", queryset=TeamMember.objects.select_related("user").order_by("role", "pk")
            ),
            Prefetch(
                "findings",
                queryset=Finding.objects.select_related("site", "raised_by").order_by("pk"),
            ),
            Prefetch("sites", queryset=Site.objects.order_by("-is_central_function", "name")),
            Prefetch("programme__application__standards", queryset=_standards().queryset),
            "programme__application__iaf_codes",
        )
        .first()
    )
    if row is None:
        raise Http404(_("No such audit."))
    return row


def audit_team_user_ids(*, audit: Audit) -> set[int]:
    """User ids of everyone on the audit team (reads the prefetched team when there is one)."""
    return {member.user_id for member in audit.team.all()}


def audit_last_day(*, audit: Audit) -> dt.date | None:
    """The audit's last day: its planned end, or its first day for a one-day audit."""
    return audit.planned_end or audit.planned_start


def lead_auditors(*, audit: Audit) -> list[TeamMember]:
    return [m for m in audit.team.all() if m.role == TeamRole.LEAD_AUDITOR]


def majors_verified_on(findings: Iterable[Finding]) -> tuple[bool, dt.date | None]:
    """(any majors?, the day the last of them was verified — None while one is unverified)."""
    majors = [f for f in findings if f.kind == FindingKind.MAJOR]
    if not majors:
        return False, None
    days = [f.verified_on for f in majors if f.status == FindingStatus.VERIFIED]
    if len(days) != len(majors) or any(d is None for d in days):
        return True, None
    return True, max(d for d in days if d is not None)


def stage2_must_repeat(*, audit: Audit, today: dt.date) -> bool:
    """Stage 2 raised majors that were not verified within 6 months of its last day (9.5.3.2)."""
    last_day = audit_last_day(audit=audit)
    if audit.kind != AuditKind.STAGE2 or last_day is None:
        return False
    has_majors, verified_on = majors_verified_on(audit.findings.all())
    if not has_majors:
        return False
    if verified_on is not None and verified_on > today:
        verified_on = None  # a verification recorded for a later day has not happened yet
    return cycle.stage2_repeat_required(
        stage2_last_day=last_day, majors_verified_on=verified_on, today=today
    )


def decision_blockers(*, programme: Programme, audit: Audit, today: dt.date) -> list[str]:
    """Every reason a certification decision on ``audit`` cannot be taken yet, one sentence each.

    The report is not submitted; a major nonconformity is not verified closed; a minor
    nonconformity has no accepted action plan; stage 2 must be repeated because its majors were not
    verified within 6 months of its last day (ISO/IEC 17021-1 9.5.3.2, clause number unverified);
    the team has no lead auditor. Reads ``audit.team`` and ``audit.findings`` through ``.all()``
    so prefetched rows are used.
    """
    reasons: list[str] = []
    if audit.programme_id != programme.pk:
        reasons.append(_("The audit does not belong to this audit programme."))
    if audit.status == AuditStatus.CANCELLED:
        reasons.append(_("The audit was cancelled."))
    if audit.report_submitted_at is None:
        reasons.append(_("The audit report has not been submitted."))
    findings = list(audit.findings.all())
    open_majors = [
        f for f in findings if f.kind == FindingKind.MAJOR and f.status != FindingStatus.VERIFIED
    ]
    if open_majors:
        reasons.append(
            _("Major nonconformity not verified closed: %(clauses)s.")
            % {"clauses": ", ".join(f"#{f.pk} ({f.clause})" for f in open_majors)}
        )
    unplanned = [
        f
        for f in findings
        if f.kind == FindingKind.MINOR
        and f.status not in (FindingStatus.PLAN_ACCEPTED, FindingStatus.VERIFIED)
    ]
    if unplanned:
        reasons.append(
            _("Minor nonconformity without an accepted action plan: %(clauses)s.")
            % {"clauses": ", ".join(f"#{f.pk} ({f.clause})" for f in unplanned)}
        )
    if stage2_must_repeat(audit=audit, today=today):
        last_day = audit_last_day(audit=audit)
        assert last_day is not None
        reasons.append(
            _(
                "Major nonconformities of stage 2 were not verified within 6 months of its last "
                "day (by %(deadline)s): stage 2 must be repeated."
            )
            % {"deadline": cycle.major_nc_deadline(last_day).isoformat()}
        )
    leads = lead_auditors(audit=audit)
    if len(leads) != 1:
        reasons.append(
            _("The audit team had no lead auditor.")
            if not leads
            else _("The audit team had more than one lead auditor.")
        )
    return reasons


def sites_visited_in_cycle(*, audit: Audit) -> set[int]:
    """Sites of the other audits of the same programme and cycle (not cancelled)."""
    return set(
        Site.objects.filter(
            audits__programme_id=audit.programme_id,
            audits__cycle=audit.cycle,
        )
        .exclude(audits__status=AuditStatus.CANCELLED)
        .exclude(audits__pk=audit.pk)
        .values_list("pk", flat=True)
    )


def audit_events(*, actor: Actor, audit: Audit) -> QuerySet[Event]:
    """The ledger events of the audit, its team and its findings (staff only)."""
    require_staff(actor)
    finding_ids = [str(f.pk) for f in audit.findings.all()]
    return Event.objects.filter(
        Q(object_type="audits.audit", object_id=str(audit.pk))
        | Q(object_type="audits.finding", object_id__in=finding_ids),
        certification_body_id=audit.certification_body_id,
    ).order_by("-seq")


# --------------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------------


def finding_list(
    *,
    actor: Actor,
    status: str = "",
    kind: str = "",
    sort: str = "status",
    audit: Audit | None = None,
) -> QuerySet[Finding]:
    rows = Finding.objects.filter(_audit_visible(actor, "audit__"))
    if status in FindingStatus.values:
        rows = rows.filter(status=status)
    if kind in FindingKind.values:
        rows = rows.filter(kind=kind)
    if audit is not None:
        rows = rows.filter(audit=audit)
    return rows.select_related("audit__programme__client", "site").order_by(
        *FINDING_SORTS.get(sort, FINDING_SORTS["status"])
    )


def finding_get(*, actor: Actor, pk: int) -> Finding:
    row = (
        Finding.objects.filter(_audit_visible(actor, "audit__"), pk=pk)
        .select_related(
            "audit__programme__client", "audit__certification_body", "site", "raised_by"
        )
        .prefetch_related(
            Prefetch(
                "audit__team",
                queryset=TeamMember.objects.select_related("user").order_by("role", "pk"),
            )
        )
        .first()
    )
    if row is None:
        raise Http404(_("No such finding."))
    return row
