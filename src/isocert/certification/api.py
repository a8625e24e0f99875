"""JSON API of the certification app (mounted under /api/v1/office/ by isocert.api).

Thin adapters: parse, fetch through the selectors (another body's record is a 404), call the one
service, render. Refusals come back as ``{"error": "refused", "message": …, "details": …}`` (400).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from isocert.certification import selectors, services
from isocert.certification.models import Certificate, Decision, TechnicalReview
from isocert.certification.schemas import (
    CertificateDetailOut,
    CertificateFiltersIn,
    CertificatePageOut,
    CertificateReasonIn,
    DecisionFiltersIn,
    DecisionIn,
    DecisionOut,
    DecisionPageOut,
    ExtendScopeIn,
    OfficeCertificateOut,
    QueuePageOut,
    ReduceScopeIn,
    ReviewOut,
    ReviewPageOut,
    SiteScopeIn,
    SuspendIn,
    TechnicalReviewIn,
    TransferIn,
)
from isocert.core.api_auth import staff_auth
from isocert.core.paging import PageIn, api_page
from isocert.core.permissions import Actor
from isocert.core.schemas import ErrorOut

router = Router(tags=["certification"], auth=staff_auth)

ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    return request.auth  # type: ignore[attr-defined]


# --------------------------------------------------------------------------------------------------
# Renderers
# --------------------------------------------------------------------------------------------------


def review_out(review: TechnicalReview) -> dict[str, Any]:
    return {
        "id": review.pk,
        "audit_id": review.audit_id,
        "reviewer": review.reviewer.get_username(),
        "outcome": review.outcome,
        "notes": review.notes,
        "reviewed_on": review.reviewed_on,
    }


def decision_out(decision: Decision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "audit_id": decision.audit_id,
        "client_id": decision.client_id,
        "client": decision.client.name,
        "programme_id": decision.programme_id,
        "kind": decision.kind,
        "outcome": decision.outcome,
        "decided_by": decision.decided_by.get_username(),
        "decided_on": decision.decided_on,
        "notes": decision.notes,
        "certificates": [c.printed_number for c in decision.certificates.all()],
    }


def certificate_out(certificate: Certificate) -> dict[str, Any]:
    return {
        "id": certificate.pk,
        "number": certificate.number,
        "revision": certificate.revision,
        "printed_number": certificate.printed_number,
        "status": certificate.status,
        "client_id": certificate.client_id,
        "holder": certificate.client.name,
        "standard": certificate.standard.code,
        "edition": f"{certificate.standard.code}:{certificate.edition.year}",
        "scope": certificate.scope,
        "iaf_codes": [code.code for code in certificate.iaf_codes.all()],
        "sites": [
            {
                "site_id": row.site_id,
                "name": row.site.name,
                "city": row.site.city,
                "country": row.site.country,
                "scope": row.scope,
            }
            for row in certificate.sites.all()
        ],
        "original_issue_date": certificate.original_issue_date,
        "issue_date": certificate.issue_date,
        "effective_date": certificate.effective_date,
        "expiry_date": certificate.expiry_date,
        "cycle_start": certificate.cycle_start,
        "certification_body": certificate.certification_body.name,
        "suspended_on": certificate.suspended_on,
        "suspension_deadline": certificate.suspension_deadline,
        "withdrawn_on": certificate.withdrawn_on,
        "status_reason": certificate.status_reason,
        "transferred_from": certificate.transferred_from,
        "flags": selectors.certificate_flags(certificate=certificate),
    }


def _sites(rows: list[SiteScopeIn]) -> list[services.SiteScope]:
    return [services.SiteScope(site_id=row.site_id, scope=row.scope) for row in rows]


def _fresh(actor: Actor, certificate: Certificate) -> dict[str, Any]:
    return certificate_out(selectors.certificate_get(actor=actor, pk=certificate.pk))


# --------------------------------------------------------------------------------------------------
# Reviews and decisions
# --------------------------------------------------------------------------------------------------


@router.get("/reviews", response={200: ReviewPageOut, **ERRORS}, summary="Technical reviews")
def review_list(request: HttpRequest, paging: Query[PageIn]) -> Any:
    page = api_page(selectors.review_list(actor=_actor(request)), paging)
    page["items"] = [review_out(row) for row in page["items"]]
    return page


@router.post(
    "/reviews",
    response={201: ReviewOut, **ERRORS},
    summary="Record a technical review (recommend / return)",
)
def review_record(request: HttpRequest, payload: TechnicalReviewIn) -> Any:
    actor = _actor(request)
    audit = selectors.audit_for_decision_get(actor=actor, pk=payload.audit_id)
    review = services.review_record(
        actor=actor,
        audit=audit,
        outcome=payload.outcome.value,
        notes=payload.notes,
        reviewed_on=payload.reviewed_on,
    )
    return Status(201, review_out(review))


@router.get(
    "/decisions", response={200: DecisionPageOut, **ERRORS}, summary="Certification decisions"
)
def decision_list(request: HttpRequest, filters: Query[DecisionFiltersIn]) -> Any:
    rows = selectors.decision_list(actor=_actor(request), sort=filters.sort).prefetch_related(
        "certificates"
    )
    page = api_page(rows, filters)
    page["items"] = [decision_out(row) for row in page["items"]]
    return page


@router.get(
    "/decisions/queue",
    response={200: QueuePageOut, **ERRORS},
    summary="Audits awaiting a certification decision, with what blocks each",
)
def decision_queue(request: HttpRequest, paging: Query[PageIn]) -> Any:
    actor = _actor(request)
    page = api_page(selectors.decision_queue(actor=actor), paging)
    rows = selectors.queue_rows(audits=page["items"], today=timezone.localdate())
    page["items"] = [
        {
            "audit_id": row.audit.pk,
            "audit_kind": row.audit.kind,
            "client_id": row.audit.programme.client_id,
            "client": row.audit.programme.client.name,
            "last_day": selectors.audit_end(audit=row.audit),
            "review_outcome": getattr(row.audit, "review_outcome", None),
            "blockers": row.blockers,
        }
        for row in rows
    ]
    return page


@router.get("/decisions/{decision_id}", response={200: DecisionOut, **ERRORS})
def decision_get(request: HttpRequest, decision_id: int) -> Any:
    return decision_out(selectors.decision_get(actor=_actor(request), pk=decision_id))


@router.post(
    "/decisions",
    response={201: DecisionOut, **ERRORS},
    summary="Take a certification decision (grant, maintain, renew, extend scope, transfer)",
)
def decision_take(request: HttpRequest, payload: DecisionIn) -> Any:
    actor = _actor(request)
    audit = selectors.audit_for_decision_get(actor=actor, pk=payload.audit_id)
    decision = services.decision_take(
        actor=actor,
        audit=audit,
        kind=payload.kind.value,
        outcome=payload.outcome.value,
        decided_on=payload.decided_on,
        notes=payload.notes,
    )
    return Status(201, decision_out(selectors.decision_get(actor=actor, pk=decision.pk)))


# --------------------------------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------------------------------


@router.get("/certificates", response={200: CertificatePageOut, **ERRORS}, summary="Certificates")
def certificate_list(request: HttpRequest, filters: Query[CertificateFiltersIn]) -> Any:
    rows = selectors.certificate_list(
        actor=_actor(request),
        filters=selectors.CertificateFilters(
            status=filters.status.value if filters.status else "",
            standard=filters.standard,
            expiring_within=filters.expiring_within,
            q=filters.q,
            sort=filters.sort,
        ),
        today=timezone.localdate(),
    )
    page = api_page(rows, filters)
    page["items"] = [certificate_out(row) for row in page["items"]]
    return page


@router.post(
    "/certificates/transfer-in",
    response={201: OfficeCertificateOut, **ERRORS},
    summary="Issue a certificate transferred from another body (IAF MD 2)",
)
def certificate_transfer_in(request: HttpRequest, payload: TransferIn) -> Any:
    actor = _actor(request)
    decision = selectors.decision_get(actor=actor, pk=payload.decision_id)
    edition = selectors.edition_get(standard=payload.standard, year=payload.edition_year)
    certificate = services.certificate_transfer_in(
        actor=actor,
        decision=decision,
        review=services.TransferReview(
            issuing_body=payload.issuing_body,
            previous_number=payload.previous_number,
            standard=edition.standard,
            edition=edition,
            certificate_status=payload.certificate_status,
            original_issue_date=payload.original_issue_date,
            cycle_start=payload.cycle_start,
            expiry_date=payload.expiry_date,
            accredited=payload.accredited,
            reports_available=payload.reports_available,
            surveillance_overdue=payload.surveillance_overdue,
            open_major_ncs=payload.open_major_ncs,
            minor_plans_accepted=payload.minor_plans_accepted,
            issuing_body_ceased_or_lost_accreditation_on=(
                payload.issuing_body_ceased_or_lost_accreditation_on
            ),
        ),
    )
    return Status(201, _fresh(actor, certificate))


@router.get("/certificates/{certificate_id}", response={200: CertificateDetailOut, **ERRORS})
def certificate_get(request: HttpRequest, certificate_id: int) -> Any:
    actor = _actor(request)
    certificate = selectors.certificate_get(actor=actor, pk=certificate_id)
    out = certificate_out(certificate)
    out["events"] = [
        {
            "seq": event.seq,
            "occurred_at": event.occurred_at,
            "who": event.actor_label,
            "kind": event.kind,
            "before": event.before,
            "after": event.after,
            "reason": event.reason,
            "public": event.public,
        }
        for event in selectors.certificate_events(actor=actor, certificate=certificate)
    ]
    return out


@router.post(
    "/certificates/{certificate_id}/suspend",
    response={200: OfficeCertificateOut, **ERRORS},
    summary="Suspend (ISO/IEC 17021-1 9.6.5)",
)
def certificate_suspend(request: HttpRequest, certificate_id: int, payload: SuspendIn) -> Any:
    actor = _actor(request)
    certificate = selectors.certificate_get(actor=actor, pk=certificate_id)
    done = services.certificate_suspend(
        actor=actor, certificate=certificate, reason=payload.reason, deadline=payload.deadline
    )
    return _fresh(actor, done)


@router.post(
    "/certificates/{certificate_id}/restore",
    response={200: OfficeCertificateOut, **ERRORS},
    summary="Restore a suspended certificate",
)
def certificate_restore(
    request: HttpRequest, certificate_id: int, payload: CertificateReasonIn
) -> Any:
    actor = _actor(request)
    certificate = selectors.certificate_get(actor=actor, pk=certificate_id)
    done = services.certificate_restore(actor=actor, certificate=certificate, reason=payload.reason)
    return _fresh(actor, done)


@router.post(
    "/certificates/{certificate_id}/withdraw",
    response={200: OfficeCertificateOut, **ERRORS},
    summary="Withdraw a certificate",
)
def certificate_withdraw(
    request: HttpRequest, certificate_id: int, payload: CertificateReasonIn
) -> Any:
    actor = _actor(request)
    certificate = selectors.certificate_get(actor=actor, pk=certificate_id)
    done = services.certificate_withdraw(
        actor=actor, certificate=certificate, reason=payload.reason
    )
    return _fresh(actor, done)


@router.post(
    "/certificates/{certificate_id}/reduce-scope",
    response={200: OfficeCertificateOut, **ERRORS},
    summary="Reduce the scope (issues the next revision)",
)
def certificate_reduce_scope(
    request: HttpRequest, certificate_id: int, payload: ReduceScopeIn
) -> Any:
    actor = _actor(request)
    certificate = selectors.certificate_get(actor=actor, pk=certificate_id)
    done = services.certificate_reduce_scope(
        actor=actor,
        certificate=certificate,
        scope=payload.scope,
        sites=_sites(payload.sites),
        iaf_codes=payload.iaf_codes,
        reason=payload.reason,
        effective_on=payload.effective_on,
    )
    return _fresh(actor, done)


@router.post(
    "/certificates/{certificate_id}/extend-scope",
    response={200: OfficeCertificateOut, **ERRORS},
    summary="Extend the scope on a granted scope-extension decision (issues the next revision)",
)
def certificate_extend_scope(
    request: HttpRequest, certificate_id: int, payload: ExtendScopeIn
) -> Any:
    actor = _actor(request)
    certificate = selectors.certificate_get(actor=actor, pk=certificate_id)
    decision = selectors.decision_get(actor=actor, pk=payload.decision_id)
    done = services.certificate_extend_scope(
        actor=actor,
        certificate=certificate,
        decision=decision,
        scope=payload.scope,
        sites=_sites(payload.sites),
        iaf_codes=payload.iaf_codes,
        effective_on=payload.effective_on,
    )
    return _fresh(actor, done)
