"""JSON API of the audits app (mounted under /api/v1/office/): thin adapters over the services and
selectors. A client user's token sees their own organisation's audits and findings and may respond
to findings; everything else is staff work."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from isocert.audits import selectors, services
from isocert.audits.schemas import (
    ApplicationDetailOut,
    ApplicationFilterIn,
    ApplicationIn,
    ApplicationPageOut,
    AuditDetailOut,
    AuditFilterIn,
    AuditPageOut,
    BlockersOut,
    CompleteIn,
    FindingFilterIn,
    FindingIn,
    FindingOut,
    FindingPageOut,
    NoteIn,
    OptionalReasonIn,
    ProgrammeDetailOut,
    ProgrammePageOut,
    RespondIn,
    ResponseReviewIn,
    ScheduleIn,
    SpecialAuditIn,
    StartCycleIn,
    TeamIn,
    VerifyIn,
)
from isocert.clients.models import Site
from isocert.core.api_auth import staff_auth
from isocert.core.paging import PageIn, api_page
from isocert.core.permissions import Actor
from isocert.core.schemas import ErrorOut

router = Router(tags=["audits"], auth=staff_auth)

ERRORS: dict[int, type[ErrorOut]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def _actor(request: HttpRequest) -> Actor:
    """The acting person, set by ``staff_auth`` (token or session)."""
    return request.auth  # type: ignore[attr-defined]


def _staff_user(request: HttpRequest, user_id: int) -> Any:
    """A person of the actor's body (another body's person is a 404)."""
    actor = _actor(request)
    user = (
        get_user_model()
        .objects.filter(
            pk=user_id, memberships__certification_body_id=actor.cb_id, memberships__active=True
        )
        .first()
    )
    if user is None or actor.cb_id is None:
        raise Http404(_("No such person."))
    return user


# --------------------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------------------


@router.get("/applications", response={200: ApplicationPageOut, **ERRORS}, summary="Applications")
def application_list(request: HttpRequest, filters: Query[ApplicationFilterIn]) -> dict[str, Any]:
    rows = selectors.application_list(
        actor=_actor(request),
        status=filters.status,
        sort=filters.sort,
    )
    return api_page(rows, filters)


@router.post(
    "/applications",
    response={201: ApplicationDetailOut, **ERRORS},
    summary="Record an application (contract review: audit time, sample, accredited scope)",
)
def application_create(request: HttpRequest, payload: ApplicationIn) -> Any:
    actor = _actor(request)
    data = payload.dict()
    client = selectors.client_for_application(actor=actor, pk=data.pop("client_id"))
    standards = [services.StandardChoice(**s) for s in data.pop("standards")]
    application = services.application_create(
        actor=actor, client=client, standards=standards, **data
    )
    return Status(201, selectors.application_get(actor=actor, pk=application.pk))


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationDetailOut, **ERRORS},
    summary="An application with its audit time, step by step",
)
def application_detail(request: HttpRequest, application_id: int) -> Any:
    return selectors.application_get(actor=_actor(request), pk=application_id)


@router.post(
    "/applications/{application_id}/review",
    response={200: ApplicationDetailOut, **ERRORS},
    summary="Accept (opens the audit programme) or refuse an application",
)
def application_review(request: HttpRequest, application_id: int, payload: ResponseReviewIn) -> Any:
    actor = _actor(request)
    application = selectors.application_get(actor=actor, pk=application_id)
    services.application_review(
        actor=actor, application=application, accept=payload.accept, reason=payload.reason
    )
    return selectors.application_get(actor=actor, pk=application_id)


# --------------------------------------------------------------------------------------------------
# Programmes
# --------------------------------------------------------------------------------------------------


@router.get("/programmes", response={200: ProgrammePageOut, **ERRORS}, summary="Audit programmes")
def programme_list(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    return api_page(selectors.programme_list(actor=_actor(request)), paging)


@router.get(
    "/programmes/{programme_id}",
    response={200: ProgrammeDetailOut, **ERRORS},
    summary="An audit programme with its audits by date",
)
def programme_detail(request: HttpRequest, programme_id: int) -> Any:
    return selectors.programme_get(actor=_actor(request), pk=programme_id)


@router.post(
    "/programmes/{programme_id}/start-cycle",
    response={200: ProgrammeDetailOut, **ERRORS},
    summary="Start the certification cycle after a decision (ISO/IEC 17021-1 9.1.3)",
)
def programme_start_cycle(request: HttpRequest, programme_id: int, payload: StartCycleIn) -> Any:
    actor = _actor(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    services.programme_start_cycle(
        actor=actor, programme=programme, decision_date=payload.decision_date
    )
    return selectors.programme_get(actor=actor, pk=programme_id)


@router.post(
    "/programmes/{programme_id}/audits",
    response={201: AuditDetailOut, **ERRORS},
    summary="Add a special (scope extension) or short-notice audit",
)
def audit_add_special(request: HttpRequest, programme_id: int, payload: SpecialAuditIn) -> Any:
    actor = _actor(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    audit = services.audit_add_special(actor=actor, programme=programme, **payload.dict())
    return Status(201, selectors.audit_get(actor=actor, pk=audit.pk))


@router.post(
    "/programmes/{programme_id}/repeat-stage2",
    response={201: AuditDetailOut, **ERRORS},
    summary="Add a new stage 2: majors not verified within 6 months (ISO/IEC 17021-1 9.5.3.2)",
)
def programme_repeat_stage2(
    request: HttpRequest, programme_id: int, payload: OptionalReasonIn
) -> Any:
    actor = _actor(request)
    programme = selectors.programme_get(actor=actor, pk=programme_id)
    audit = services.programme_repeat_stage2(
        actor=actor, programme=programme, reason=payload.reason
    )
    return Status(201, selectors.audit_get(actor=actor, pk=audit.pk))


# --------------------------------------------------------------------------------------------------
# Audits
# --------------------------------------------------------------------------------------------------


@router.get(
    "/audits",
    response={200: AuditPageOut, **ERRORS},
    summary="Audits, open and overdue first",
    description="Filter by status and kind; a client user sees their own organisation's audits.",
)
def audit_list(request: HttpRequest, filters: Query[AuditFilterIn]) -> dict[str, Any]:
    rows = selectors.audit_list(
        actor=_actor(request),
        status=filters.status,
        kind=filters.kind,
        sort=filters.sort,
    )
    return api_page(rows, filters)


@router.get("/audits/{audit_id}", response={200: AuditDetailOut, **ERRORS}, summary="An audit")
def audit_detail(request: HttpRequest, audit_id: int) -> Any:
    return selectors.audit_get(actor=_actor(request), pk=audit_id)


@router.get(
    "/audits/{audit_id}/blockers",
    response={200: BlockersOut, **ERRORS},
    summary="Why a certification decision on this audit cannot be taken yet",
)
def audit_blockers(request: HttpRequest, audit_id: int) -> dict[str, Any]:
    audit = selectors.audit_get(actor=_actor(request), pk=audit_id)
    reasons = selectors.decision_blockers(
        programme=audit.programme, audit=audit, today=timezone.localdate()
    )
    return {"audit_id": audit.pk, "blockers": reasons}


def _audit_act(request: HttpRequest, audit_id: int, act: Any) -> Any:
    actor = _actor(request)
    audit = selectors.audit_get(actor=actor, pk=audit_id)
    act(actor, audit)
    return selectors.audit_get(actor=actor, pk=audit_id)


@router.post(
    "/audits/{audit_id}/schedule",
    response={200: AuditDetailOut, **ERRORS},
    summary="Plan or re-plan the audit's dates and days",
)
def audit_schedule(request: HttpRequest, audit_id: int, payload: ScheduleIn) -> Any:
    return _audit_act(
        request,
        audit_id,
        lambda actor, audit: services.audit_schedule(actor=actor, audit=audit, **payload.dict()),
    )


@router.post(
    "/audits/{audit_id}/sites",
    response={200: AuditDetailOut, **ERRORS},
    summary="Draw the sites to visit (IAF MD 1 sample, seeded by the audit id)",
)
def audit_sites_select(request: HttpRequest, audit_id: int) -> Any:
    return _audit_act(
        request,
        audit_id,
        lambda actor, audit: services.audit_sites_select(actor=actor, audit=audit),
    )


@router.post(
    "/audits/{audit_id}/team",
    response={200: AuditDetailOut, **ERRORS},
    summary="Put a qualified, impartial person on the audit team",
)
def audit_team_assign(request: HttpRequest, audit_id: int, payload: TeamIn) -> Any:
    user = _staff_user(request, payload.user_id)
    return _audit_act(
        request,
        audit_id,
        lambda actor, audit: services.audit_team_assign(
            actor=actor, audit=audit, user=user, role=payload.role
        ),
    )


@router.post(
    "/audits/{audit_id}/team/{user_id}/remove",
    response={200: AuditDetailOut, **ERRORS},
    summary="Take a person off the team of a planned audit",
)
def audit_team_remove(
    request: HttpRequest, audit_id: int, user_id: int, payload: OptionalReasonIn
) -> Any:
    user = _staff_user(request, user_id)
    return _audit_act(
        request,
        audit_id,
        lambda actor, audit: services.audit_team_remove(
            actor=actor, audit=audit, user=user, reason=payload.reason
        ),
    )


@router.post("/audits/{audit_id}/start", response={200: AuditDetailOut, **ERRORS})
def audit_start(request: HttpRequest, audit_id: int) -> Any:
    return _audit_act(
        request, audit_id, lambda actor, audit: services.audit_start(actor=actor, audit=audit)
    )


@router.post(
    "/audits/{audit_id}/complete",
    response={200: AuditDetailOut, **ERRORS},
    summary="Submit the audit report with the team's recommendation",
)
def audit_complete(request: HttpRequest, audit_id: int, payload: CompleteIn) -> Any:
    return _audit_act(
        request,
        audit_id,
        lambda actor, audit: services.audit_complete(
            actor=actor, audit=audit, report=payload.report, recommendation=payload.recommendation
        ),
    )


@router.post("/audits/{audit_id}/cancel", response={200: AuditDetailOut, **ERRORS})
def audit_cancel(request: HttpRequest, audit_id: int, payload: OptionalReasonIn) -> Any:
    return _audit_act(
        request,
        audit_id,
        lambda actor, audit: services.audit_cancel(actor=actor, audit=audit, reason=payload.reason),
    )


@router.post(
    "/audits/{audit_id}/findings",
    response={201: FindingOut, **ERRORS},
    summary="Raise a finding (a member of the audit team)",
)
def finding_raise(request: HttpRequest, audit_id: int, payload: FindingIn) -> Any:
    actor = _actor(request)
    audit = selectors.audit_get(actor=actor, pk=audit_id)
    data = payload.dict()
    site_id = data.pop("site_id")
    site = None
    if site_id is not None:
        site = Site.objects.filter(pk=site_id, client_id=audit.programme.client_id).first()
        if site is None:
            raise Http404(_("No such site of this client."))
    finding = services.finding_raise(actor=actor, audit=audit, site=site, **data)
    return Status(201, selectors.finding_get(actor=actor, pk=finding.pk))


# --------------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------------


@router.get("/findings", response={200: FindingPageOut, **ERRORS}, summary="Findings")
def finding_list(request: HttpRequest, filters: Query[FindingFilterIn]) -> dict[str, Any]:
    rows = selectors.finding_list(
        actor=_actor(request),
        status=filters.status,
        kind=filters.kind,
        sort=filters.sort,
    )
    return api_page(rows, filters)


@router.get("/findings/{finding_id}", response={200: FindingOut, **ERRORS}, summary="A finding")
def finding_detail(request: HttpRequest, finding_id: int) -> Any:
    return selectors.finding_get(actor=_actor(request), pk=finding_id)


def _finding_act(request: HttpRequest, finding_id: int, act: Any) -> Any:
    actor = _actor(request)
    finding = selectors.finding_get(actor=actor, pk=finding_id)
    act(actor, finding)
    return selectors.finding_get(actor=actor, pk=finding_id)


@router.post(
    "/findings/{finding_id}/respond",
    response={200: FindingOut, **ERRORS},
    summary="The client's correction, root cause and corrective action",
)
def finding_respond(request: HttpRequest, finding_id: int, payload: RespondIn) -> Any:
    return _finding_act(
        request,
        finding_id,
        lambda actor, finding: services.finding_respond(
            actor=actor, finding=finding, **payload.dict()
        ),
    )


@router.post("/findings/{finding_id}/accept-plan", response={200: FindingOut, **ERRORS})
def finding_accept_plan(request: HttpRequest, finding_id: int, payload: NoteIn) -> Any:
    return _finding_act(
        request,
        finding_id,
        lambda actor, finding: services.finding_accept_plan(
            actor=actor, finding=finding, note=payload.note
        ),
    )


@router.post("/findings/{finding_id}/reject-plan", response={200: FindingOut, **ERRORS})
def finding_reject_plan(request: HttpRequest, finding_id: int, payload: OptionalReasonIn) -> Any:
    return _finding_act(
        request,
        finding_id,
        lambda actor, finding: services.finding_reject_plan(
            actor=actor, finding=finding, reason=payload.reason
        ),
    )


@router.post(
    "/findings/{finding_id}/verify",
    response={200: FindingOut, **ERRORS},
    summary="Record the verification of the corrective actions",
)
def finding_verify(request: HttpRequest, finding_id: int, payload: VerifyIn) -> Any:
    return _finding_act(
        request,
        finding_id,
        lambda actor, finding: services.finding_verify(
            actor=actor, finding=finding, verified_on=payload.verified_on, note=payload.note
        ),
    )
