"""Reads of reviews, decisions and certificates, every one scoped to the acting person.

Staff see their certification body's records; client users see their own organisation's issued
certificates (read-only); accreditation-body users see the certificates of the bodies they accredit.
Anyone else is refused (403). Another body's record is a 404, never a 403.

This module also wraps the functions of the accreditation and audits apps that decisions depend on
(``accreditation_covers``, ``decision_blockers``, the audit team and its last day), so services and
pages call one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from isocert.accreditation.choices import AccreditationStatus
from isocert.accreditation.models import CertificationBody
from isocert.accreditation.selectors import accreditation_covers
from isocert.audits import selectors as audits_selectors
from isocert.audits.choices import AuditKind, AuditStatus
from isocert.audits.models import Audit, Programme
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.certification.choices import (
    CertificateFlag,
    CertificateStatus,
    DecisionKind,
    DecisionOutcome,
    ReviewOutcome,
)
from isocert.certification.models import Certificate, CertificateSite, Decision, TechnicalReview
from isocert.core.errors import Refused
from isocert.core.models import Event
from isocert.core.permissions import Actor
from isocert.people.choices import Role

CERTIFICATE_TYPE = "certification.certificate"
EXPIRING_DAYS = 90
CURRENT_STATUSES = (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED)

CERTIFICATE_SORTS: dict[str, list[str]] = {
    "number": ["number", "revision"],
    "-number": ["-number", "-revision"],
    "client": ["client__name", "number"],
    "-client": ["-client__name", "number"],
    "expiry": ["expiry_date", "number"],
    "-expiry": ["-expiry_date", "number"],
    "status": ["status", "number"],
    "standard": ["standard__code", "number"],
}
DECISION_SORTS: dict[str, list[str]] = {
    "-decided_on": ["-decided_on", "-pk"],
    "decided_on": ["decided_on", "pk"],
    "client": ["client__name", "-decided_on"],
    "kind": ["kind", "-decided_on"],
}


# --------------------------------------------------------------------------------------------------
# Functions of the accreditation and audits apps
# --------------------------------------------------------------------------------------------------


def audit_team_ids(*, audit: Audit) -> set[int]:
    """User ids of everyone on the audit team."""
    return audits_selectors.audit_team_user_ids(audit=audit)


def audit_end(*, audit: Audit) -> dt.date | None:
    """The audit's last day."""
    return audits_selectors.audit_last_day(audit=audit)


def audit_blockers(*, programme: Programme, audit: Audit, today: dt.date) -> list[str]:
    """Every reason the audit's results do not yet allow a certification decision."""
    return list(audits_selectors.decision_blockers(programme=programme, audit=audit, today=today))


def accreditation_check(
    *,
    certification_body: CertificationBody,
    standard: Standard,
    edition: Edition,
    iaf_codes: Iterable[int | IafCode],
    on: dt.date,
) -> tuple[bool, str]:
    """Whether the body may issue an accredited certificate for this standard, edition and codes."""
    return accreditation_covers(
        certification_body=certification_body,
        standard=standard,
        edition=edition,
        iaf_codes=list(iaf_codes),
        on=on,
    )


# --------------------------------------------------------------------------------------------------
# Who may read what
# --------------------------------------------------------------------------------------------------


def _require_staff(actor: Actor) -> int:
    if actor.cb_id is None:
        raise PermissionDenied(_("Only staff of a certification body can see this."))
    return actor.cb_id


def _certificates_visible(actor: Actor) -> QuerySet[Certificate]:
    rows = Certificate.objects.all()
    if actor.cb_id is not None:
        return rows.filter(certification_body_id=actor.cb_id)
    if actor.client_ids:
        return rows.filter(client_id__in=actor.client_ids).exclude(status=CertificateStatus.DRAFT)
    if actor.ab_id is not None:
        return rows.filter(certification_body__accreditation_body_id=actor.ab_id).exclude(
            status=CertificateStatus.DRAFT
        )
    raise PermissionDenied(_("Your account has no access to certificates."))


def can_act_on_certificates(actor: Actor) -> bool:
    """Whether the actor may suspend, restore, withdraw or change the scope of certificates."""
    return actor.cb_id is not None and actor.has_role(Role.DECISION_MAKER)


# --------------------------------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------------------------------


def _certificate_rows(rows: QuerySet[Certificate]) -> QuerySet[Certificate]:
    return rows.select_related(
        "client", "standard", "edition", "certification_body", "decision"
    ).prefetch_related(
        Prefetch("iaf_codes", queryset=IafCode.objects.order_by("code")),
        Prefetch("sites", queryset=CertificateSite.objects.select_related("site").order_by("pk")),
    )


@dataclass(frozen=True)
class CertificateFilters:
    status: str = ""
    standard: str = ""
    expiring_within: int | None = None
    q: str = ""
    sort: str = "number"


def certificate_list(
    *, actor: Actor, filters: CertificateFilters | None = None, today: dt.date
) -> QuerySet[Certificate]:
    """Certificates the actor may see, filtered and sorted; one query a page plus prefetches."""
    filters = filters or CertificateFilters()
    rows = _certificates_visible(actor)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.standard:
        rows = rows.filter(standard__code=filters.standard)
    if filters.expiring_within is not None:
        rows = rows.filter(
            status=CertificateStatus.ACTIVE,
            expiry_date__gte=today,
            expiry_date__lte=today + dt.timedelta(days=filters.expiring_within),
        )
    if filters.q:
        key = "".join(ch for ch in filters.q.upper() if ch.isalnum())
        match = Q(client__name__icontains=filters.q.strip())
        if key:
            match |= Q(lookup_key__startswith=key)
        rows = rows.filter(match)
    order = CERTIFICATE_SORTS.get(filters.sort, CERTIFICATE_SORTS["number"])
    return _certificate_rows(rows).order_by(*order)


def certificate_get(*, actor: Actor, pk: int) -> Certificate:
    """The certificate, if the actor may see it; otherwise 404."""
    row = _certificate_rows(_certificates_visible(actor)).filter(pk=pk).first()
    if row is None:
        raise Http404(_("No such certificate."))
    return row


def certificate_flags(*, certificate: Certificate) -> list[str]:
    """Warnings about a certificate, in words: the issuing body's accreditation, and the daily
    job's flags (surveillance overdue, suspension past 6 months). Uses no query when the
    certificate was fetched with ``certification_body``."""
    texts: list[str] = []
    body = certificate.certification_body
    if certificate.status in CURRENT_STATUSES and body.accreditation_status in (
        AccreditationStatus.SUSPENDED,
        AccreditationStatus.WITHDRAWN,
    ):
        status = AccreditationStatus(body.accreditation_status).label.lower()
        if body.accreditation_status_since:
            texts.append(
                _("The issuing body's accreditation is %(status)s since %(since)s.")
                % {"status": status, "since": body.accreditation_status_since.isoformat()}
            )
        else:
            texts.append(_("The issuing body's accreditation is %(status)s.") % {"status": status})
    for flag in certificate.flags or []:
        code = flag.get("code")
        if code == CertificateFlag.SURVEILLANCE_OVERDUE:
            texts.append(
                _("%(audit)s overdue since %(since)s (due by %(due)s).")
                % {
                    "audit": _audit_label(flag.get("audit_kind", "")),
                    "since": flag["since"],
                    "due": flag["due"],
                }
            )
        elif code == CertificateFlag.SUSPENSION_NEEDS_ACTION:
            texts.append(
                _(
                    "Suspended since %(since)s, more than 6 months: withdraw the certificate or "
                    "reduce its scope."
                )
                % {"since": flag["since"]}
            )
    return texts


def _audit_label(kind: str) -> str:
    return str(AuditKind(kind).label) if kind in AuditKind.values else _("An audit")


def edition_get(*, standard: str, year: int) -> Edition:
    """A catalogue edition by standard code and year (for transfers), or Refused."""
    row = (
        Edition.objects.select_related("standard")
        .filter(standard__code=standard.strip(), year=year)
        .first()
    )
    if row is None:
        raise Refused(
            _("%(standard)s:%(year)s is not a known standard edition.")
            % {"standard": standard, "year": year},
            details={"field": "standard"},
        )
    return row


def certificate_revisions(*, certificate: Certificate) -> QuerySet[Certificate]:
    """Every revision that carries the same number, oldest first."""
    return Certificate.objects.filter(
        certification_body_id=certificate.certification_body_id, number=certificate.number
    ).order_by("revision")


def certificate_events(*, actor: Actor, certificate: Certificate) -> QuerySet[Event]:
    """The ledger history of every revision of the certificate's number, oldest first.

    Staff of the issuing body see every event; others see only the public status history.
    """
    ids = [
        str(pk)
        for pk in certificate_revisions(certificate=certificate).values_list("pk", flat=True)
    ]
    rows = Event.objects.filter(object_type=CERTIFICATE_TYPE, object_id__in=ids)
    if actor.cb_id != certificate.certification_body_id:
        rows = rows.filter(public=True)
    return rows.select_related("actor").order_by("seq")


def extension_decisions(*, certificate: Certificate) -> QuerySet[Decision]:
    """Granted scope-extension decisions of the certificate's programme not yet used by a revision."""
    if certificate.programme_id is None:
        return Decision.objects.none()
    return (
        Decision.objects.filter(
            certification_body_id=certificate.certification_body_id,
            programme_id=certificate.programme_id,
            kind=DecisionKind.EXTEND_SCOPE,
            outcome=DecisionOutcome.GRANTED,
        )
        .exclude(certificates__standard_id=certificate.standard_id)
        .select_related("audit")
        .order_by("-decided_on", "-pk")
    )


# --------------------------------------------------------------------------------------------------
# Reviews and decisions
# --------------------------------------------------------------------------------------------------


def audit_for_decision_get(*, actor: Actor, pk: int) -> Audit:
    """An audit of the actor's body, for a technical review or decision; otherwise 404."""
    cb_id = _require_staff(actor)
    latest = TechnicalReview.objects.filter(audit=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    row = (
        Audit.objects.filter(certification_body_id=cb_id, pk=pk)
        .annotate(
            review_outcome=Subquery(latest.values("outcome")[:1]),
            review_on=Subquery(latest.values("reviewed_on")[:1]),
        )
        .select_related("programme__client", "programme__application", "certification_body")
        .prefetch_related("team__user", "findings")
        .first()
    )
    if row is None:
        raise Http404(_("No such audit."))
    return row


def review_list(*, actor: Actor) -> QuerySet[TechnicalReview]:
    cb_id = _require_staff(actor)
    return (
        TechnicalReview.objects.filter(audit__certification_body_id=cb_id)
        .select_related("audit__programme__client", "reviewer")
        .order_by("-reviewed_on", "-pk")
    )


def review_get(*, actor: Actor, pk: int) -> TechnicalReview:
    row = review_list(actor=actor).filter(pk=pk).first()
    if row is None:
        raise Http404(_("No such technical review."))
    return row


def latest_review(*, audit: Audit) -> TechnicalReview | None:
    return audit.reviews.order_by("-reviewed_on", "-pk").first()


def decision_list(*, actor: Actor, sort: str = "-decided_on") -> QuerySet[Decision]:
    cb_id = _require_staff(actor)
    order = DECISION_SORTS.get(sort, DECISION_SORTS["-decided_on"])
    return (
        Decision.objects.filter(certification_body_id=cb_id)
        .select_related("client", "audit", "decided_by")
        .order_by(*order)
    )


def decision_get(*, actor: Actor, pk: int) -> Decision:
    row = (
        decision_list(actor=actor)
        .select_related("programme__application", "certification_body")
        .filter(pk=pk)
        .first()
    )
    if row is None:
        raise Http404(_("No such decision."))
    return row


def decision_queue(*, actor: Actor) -> QuerySet[Audit]:
    """Audits whose report is submitted and that await a certification decision, oldest first.

    Each row carries ``review_outcome``/``review_on`` (the latest technical review) as annotations.
    """
    cb_id = _require_staff(actor)
    latest = TechnicalReview.objects.filter(audit=OuterRef("pk")).order_by("-reviewed_on", "-pk")
    return (
        Audit.objects.filter(certification_body_id=cb_id)
        .filter(Q(status=AuditStatus.COMPLETED) | Q(report_submitted_at__isnull=False))
        .exclude(status=AuditStatus.CANCELLED)
        .exclude(kind=AuditKind.STAGE1)
        .filter(decisions__isnull=True)
        .annotate(
            review_outcome=Subquery(latest.values("outcome")[:1]),
            review_on=Subquery(latest.values("reviewed_on")[:1]),
        )
        .select_related("programme__client", "programme__application")
        .prefetch_related("team", "findings")
        .order_by("report_submitted_at", "pk")
    )


@dataclass
class QueueRow:
    audit: Audit
    blockers: list[str] = field(default_factory=list)


def queue_rows(*, audits: Sequence[Audit] | Iterable[Audit], today: dt.date) -> list[QueueRow]:
    """The queue's audits with every reason each cannot be decided yet."""
    rows = []
    for audit in audits:
        reasons = audit_blockers(programme=audit.programme, audit=audit, today=today)
        if getattr(audit, "review_outcome", None) != ReviewOutcome.RECOMMEND:
            reasons.append(_("No technical review recommends certification yet."))
        rows.append(QueueRow(audit=audit, blockers=reasons))
    return rows
