"""What a certification body's dashboard shows: work due, open nonconformities, certificates to watch.

Every query is scoped to the actor's certification body; each figure is one aggregate query.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Q

from isocert.audits.choices import AuditStatus, FindingKind, FindingStatus
from isocert.audits.models import Audit, Finding
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.core.permissions import Actor
from isocert.rules.dates import add_months

DUE_SOON_DAYS = 30
EXPIRING_DAYS = 90


@dataclass
class Dashboard:
    today: dt.date
    audits_due_soon: list[Audit]
    audits_due_soon_count: int
    audits_overdue: list[Audit]
    audits_overdue_count: int
    open_majors: int
    open_minors: int
    expiring: list[Certificate]
    expiring_count: int
    suspended: list[Certificate]
    suspended_count: int
    suspensions_past_six_months: int
    by_status: list[tuple[str, int]] = field(default_factory=list)
    audits_by_month: list[tuple[str, int]] = field(default_factory=list)


def dashboard_for(*, actor: Actor, today: dt.date) -> Dashboard:
    cb = actor.cb_id
    open_audit = Q(status__in=[AuditStatus.PLANNED, AuditStatus.IN_PROGRESS])
    audits = Audit.objects.filter(certification_body_id=cb).filter(open_audit)
    related = ("programme__client",)
    soon = audits.filter(
        due_date__gte=today, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS)
    )
    overdue = audits.filter(due_date__lt=today)
    findings = Finding.objects.filter(audit__certification_body_id=cb).exclude(
        status=FindingStatus.VERIFIED
    )
    nc = findings.aggregate(
        majors=Count("pk", filter=Q(kind=FindingKind.MAJOR)),
        minors=Count("pk", filter=Q(kind=FindingKind.MINOR)),
    )
    certs = Certificate.objects.filter(certification_body_id=cb)
    expiring = certs.filter(
        status=CertificateStatus.ACTIVE,
        expiry_date__gte=today,
        expiry_date__lte=today + dt.timedelta(days=EXPIRING_DAYS),
    )
    suspended = certs.filter(status=CertificateStatus.SUSPENDED)
    six_months_ago = add_months(today, -6)
    status_counts = dict(
        certs.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    by_status = [
        (str(choice.label), status_counts.get(choice.value, 0))
        for choice in CertificateStatus
        if choice != CertificateStatus.DRAFT
    ]
    horizon = add_months(today, 12)
    per_month: dict[str, int] = {}
    for due in audits.filter(due_date__gte=today, due_date__lt=horizon).values_list(
        "due_date", flat=True
    ):
        if due is None:
            continue
        key = due.strftime("%Y-%m")
        per_month[key] = per_month.get(key, 0) + 1
    months = []
    cursor = dt.date(today.year, today.month, 1)
    for _ in range(12):
        key = cursor.strftime("%Y-%m")
        months.append((key, per_month.get(key, 0)))
        cursor = add_months(cursor, 1)
    return Dashboard(
        today=today,
        audits_due_soon=list(soon.select_related(*related).order_by("due_date")[:10]),
        audits_due_soon_count=soon.count(),
        audits_overdue=list(overdue.select_related(*related).order_by("due_date")[:10]),
        audits_overdue_count=overdue.count(),
        open_majors=nc["majors"],
        open_minors=nc["minors"],
        expiring=list(expiring.select_related("client", "standard").order_by("expiry_date")[:10]),
        expiring_count=expiring.count(),
        suspended=list(
            suspended.select_related("client", "standard").order_by("suspended_on")[:10]
        ),
        suspended_count=suspended.count(),
        suspensions_past_six_months=suspended.filter(suspended_on__lt=six_months_ago).count(),
        by_status=by_status,
        audits_by_month=months,
    )
