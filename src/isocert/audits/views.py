"""Back-office pages of applications, programmes, audits and findings: thin over the selectors and
services. Each POST binds one form and calls one service; a refusal is shown on that form."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from isocert.audits import selectors, services
from isocert.audits.choices import (
    ApplicationStatus,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingStatus,
    TeamRole,
)
from isocert.audits.forms import (
    ApplicationForm,
    ClientChoiceForm,
    FindingForm,
    NoteForm,
    ReasonForm,
    ReportForm,
    RequiredReasonForm,
    RespondForm,
    ReviewForm,
    ScheduleForm,
    SpecialAuditForm,
    TeamForm,
    VerifyForm,
)
from isocert.audits.models import Application, Audit, Finding, Programme
from isocert.audits.permissions import VERIFIERS, can_plan, require_planner, team_role_of
from isocert.core.paging import csv_response, page_of, sort_param, wants_csv
from isocert.core.permissions import Actor, actor_for
from isocert.core.web import form_apply

APPLICATION_SORT_LABELS = [
    ("-created", gettext_lazy("Newest")),
    ("client", gettext_lazy("Client")),
    ("status", gettext_lazy("Status")),
    ("days", gettext_lazy("Most audit days")),
]
AUDIT_SORT_LABELS = [
    ("due", gettext_lazy("Due first (overdue on top)")),
    ("start", gettext_lazy("First day")),
    ("-start", gettext_lazy("Latest first day")),
    ("client", gettext_lazy("Client")),
    ("kind", gettext_lazy("Kind")),
]
FINDING_SORT_LABELS = [
    ("status", gettext_lazy("Status")),
    ("due", gettext_lazy("Action due")),
    ("-created", gettext_lazy("Newest")),
    ("kind", gettext_lazy("Kind")),
]
EVENTS_SHOWN = 20


def _bound(request: HttpRequest, form_class: type[forms.Form], **kwargs: Any) -> forms.Form:
    return form_class(request.POST, **kwargs)


def _act(form: forms.Form, act: Callable[[dict[str, Any]], Any]) -> Any:
    """Validate and call the service; None when the form shows what is wrong."""
    if not form.is_valid():
        return None
    return form_apply(form, act)


# --------------------------------------------------------------------------------------------------
# Applications
# --------------------------------------------------------------------------------------------------


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    sort = sort_param(request, selectors.APPLICATION_SORTS, "-created")
    status = request.GET.get("status", "")
    rows = selectors.application_list(actor=actor, status=status, sort=sort)
    if wants_csv(request):
        return csv_response(
            "applications.csv",
            ["id", "client", "status", "standards", "initial_days", "floor_days", "created"],
            (
                [
                    a.pk,
                    a.client.name,
                    a.status,
                    "; ".join(f"{s.standard.code}:{s.edition.year}" for s in a.standards.all()),
                    a.initial_days,
                    a.floor_days,
                    a.created_at.date().isoformat(),
                ]
                for a in rows
            ),
        )
    context = {
        "page": page_of(request, rows),
        "sort": sort,
        "sorts": APPLICATION_SORT_LABELS,
        "status": status,
        "statuses": ApplicationStatus.choices,
        "can_plan": can_plan(actor),
    }
    return render(request, "audits/application_list.html", context)


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_planner(actor)
    clients = selectors.application_clients(actor=actor)
    client_id = request.GET.get("client") or request.POST.get("client")
    if not client_id or not client_id.isdigit():
        chooser = ClientChoiceForm(clients=clients)
        return render(request, "audits/application_new.html", {"chooser": chooser})
    client = selectors.client_for_application(actor=actor, pk=int(client_id))
    today = timezone.localdate()
    sites = list(client.sites.all())
    form = ApplicationForm(request.POST or None, sites=sites, today=today)
    if request.method == "POST":
        application = _act(
            form,
            lambda _d: services.application_create(actor=actor, client=client, **form.to_service()),
        )
        if application is not None:
            messages.success(request, _("Application recorded: review the contract below."))
            return redirect("audits:application_detail", pk=application.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "audits/application_new.html", {"form": form, "client": client}, status=status
    )


def _application_page(
    request: HttpRequest, actor: Actor, application: Application, review: forms.Form | None = None
) -> HttpResponse:
    detail = application.audit_time_detail or {}
    context = {
        "application": application,
        "detail": detail,
        "floors": detail.get("floors") or {},
        "sample": application.sample_detail,
        "can_review": can_plan(actor) and application.status == ApplicationStatus.DRAFT,
        "review": review or ReviewForm(),
    }
    status = 400 if review is not None and review.errors else 200
    return render(request, "audits/application_detail.html", context, status=status)


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _application_page(request, actor, selectors.application_get(actor=actor, pk=pk))


@login_required
@require_POST
def application_review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    application = selectors.application_get(actor=actor, pk=pk)
    form = _bound(request, ReviewForm)
    done = _act(
        form,
        lambda d: services.application_review(
            actor=actor, application=application, accept=d["accept"], reason=d["reason"]
        ),
    )
    if done is None:
        return _application_page(request, actor, application, form)
    messages.success(request, _("Contract review recorded."))
    return redirect("audits:application_detail", pk=pk)


# --------------------------------------------------------------------------------------------------
# Programmes
# --------------------------------------------------------------------------------------------------


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    rows = selectors.programme_list(actor=actor)
    return render(request, "audits/programme_list.html", {"page": page_of(request, rows)})


def _programme_page(
    request: HttpRequest, actor: Actor, programme: Programme, **bound: forms.Form
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "programme": programme,
        "timeline": selectors.programme_timeline(programme=programme, today=today),
        "today": today,
        "can_plan": can_plan(actor) and actor.cb_id == programme.certification_body_id,
        "special_form": bound.get("special_form") or SpecialAuditForm(),
        "repeat_form": bound.get("repeat_form") or ReasonForm(),
    }
    status = 400 if any(f.errors for f in bound.values()) else 200
    return render(request, "audits/programme_detail.html", context, status=status)


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _programme_page(request, actor, selectors.programme_get(actor=actor, pk=pk))


@login_required
@require_POST
def programme_add_audit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    programme = selectors.programme_get(actor=actor, pk=pk)
    form = _bound(request, SpecialAuditForm)
    audit = _act(form, lambda d: services.audit_add_special(actor=actor, programme=programme, **d))
    if audit is None:
        return _programme_page(request, actor, programme, special_form=form)
    messages.success(request, _("Audit added to the programme."))
    return redirect("audits:audit_detail", pk=audit.pk)


@login_required
@require_POST
def programme_repeat_stage2(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    programme = selectors.programme_get(actor=actor, pk=pk)
    form = _bound(request, ReasonForm)
    audit = _act(
        form,
        lambda d: services.programme_repeat_stage2(
            actor=actor, programme=programme, reason=d["reason"]
        ),
    )
    if audit is None:
        return _programme_page(request, actor, programme, repeat_form=form)
    messages.success(request, _("A new stage 2 was added to the programme."))
    return redirect("audits:audit_detail", pk=audit.pk)


# --------------------------------------------------------------------------------------------------
# Audits
# --------------------------------------------------------------------------------------------------


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    sort = sort_param(request, selectors.AUDIT_SORTS, "due")
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    rows = selectors.audit_list(actor=actor, status=status, kind=kind, sort=sort)
    today = timezone.localdate()
    if wants_csv(request):
        return csv_response(
            "audits.csv",
            [
                "id",
                "client",
                "kind",
                "status",
                "cycle",
                "due",
                "first_day",
                "last_day",
                "days",
                "lead_auditor",
            ],
            (
                [
                    a.pk,
                    a.programme.client.name,
                    a.kind,
                    a.status,
                    a.cycle,
                    a.due_date,
                    a.planned_start,
                    a.planned_end,
                    a.days_planned or a.days_required,
                    ", ".join(
                        m.user.username for m in a.team.all() if m.role == TeamRole.LEAD_AUDITOR
                    ),
                ]
                for a in rows
            ),
        )
    page = page_of(request, rows)
    context = {
        "page": page,
        "rows": [(a, selectors.audit_overdue(audit=a, today=today)) for a in page],
        "sort": sort,
        "sorts": AUDIT_SORT_LABELS,
        "status": status,
        "statuses": AuditStatus.choices,
        "kind": kind,
        "kinds": AuditKind.choices,
        "today": today,
    }
    return render(request, "audits/audit_list.html", context)


def _audit_page(
    request: HttpRequest, actor: Actor, audit: Audit, **bound: forms.Form
) -> HttpResponse:
    today = timezone.localdate()
    staff = actor.cb_id == audit.certification_body_id
    team = list(audit.team.all())
    role = team_role_of(actor, team) if staff else None
    planner = staff and can_plan(actor)
    application = audit.programme.application
    context = {
        "audit": audit,
        "application": application,
        "staff": staff,
        "planner": planner,
        "team": team,
        "team_role": role,
        "can_start": planner or role == TeamRole.LEAD_AUDITOR,
        "overdue": selectors.audit_overdue(audit=audit, today=today),
        "blockers": (
            selectors.decision_blockers(programme=audit.programme, audit=audit, today=today)
            if staff and audit.kind != AuditKind.STAGE1
            else []
        ),
        "events": list(selectors.audit_events(actor=actor, audit=audit)[:EVENTS_SHOWN])
        if staff
        else [],
        "is_planned": audit.status == AuditStatus.PLANNED,
        "in_progress": audit.status == AuditStatus.IN_PROGRESS,
        "schedule_form": bound.get("schedule_form")
        or ScheduleForm(
            initial={
                "start": audit.planned_start,
                "end": audit.planned_end,
                "days_planned": audit.days_planned or audit.days_required,
                "days_justification": audit.days_justification,
                "schedule_exception": audit.schedule_exception,
            }
        ),
        "team_form": bound.get("team_form") or TeamForm(cb_id=audit.certification_body_id),
        "report_form": bound.get("report_form") or ReportForm(),
        "finding_form": bound.get("finding_form")
        or FindingForm(sites=list(audit.sites.all()) or list(application.sites.all())),
        "cancel_form": bound.get("cancel_form") or RequiredReasonForm(),
        "action_errors": bound.get("action_form"),
    }
    status = 400 if any(f.errors for f in bound.values()) else 200
    return render(request, "audits/audit_detail.html", context, status=status)


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _audit_page(request, actor, selectors.audit_get(actor=actor, pk=pk))


def _audit_post(
    request: HttpRequest,
    pk: int,
    form_name: str,
    form_class: type[forms.Form],
    act: Callable[[Actor, Audit, dict[str, Any]], Any],
    done: str,
    **form_kwargs: Any,
) -> HttpResponse:
    actor = actor_for(request.user)
    audit = selectors.audit_get(actor=actor, pk=pk)
    form = _bound(request, form_class, **form_kwargs)
    if _act(form, lambda d: act(actor, audit, d) or True) is None:
        return _audit_page(
            request, actor, selectors.audit_get(actor=actor, pk=pk), **{form_name: form}
        )
    messages.success(request, done)
    return redirect("audits:audit_detail", pk=pk)


class _Empty(forms.Form):
    """A POST with nothing to fill in (start, draw the sample); refusals show on the page."""


@login_required
@require_POST
def audit_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    return _audit_post(
        request,
        pk,
        "schedule_form",
        ScheduleForm,
        lambda actor, audit, d: services.audit_schedule(actor=actor, audit=audit, **d),
        _("Audit dates and days saved."),
    )


@login_required
@require_POST
def audit_sites(request: HttpRequest, pk: int) -> HttpResponse:
    return _audit_post(
        request,
        pk,
        "action_form",
        _Empty,
        lambda actor, audit, d: services.audit_sites_select(actor=actor, audit=audit),
        _("Sites to visit drawn."),
    )


@login_required
@require_POST
def audit_team_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _audit_post(
        request,
        pk,
        "team_form",
        TeamForm,
        lambda actor, audit, d: services.audit_team_assign(
            actor=actor, audit=audit, user=d["user"], role=d["role"]
        ),
        _("Team member assigned."),
        cb_id=actor.cb_id,
    )


@login_required
@require_POST
def audit_team_remove(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    actor = actor_for(request.user)
    user = (
        get_user_model()
        .objects.filter(pk=user_id, memberships__certification_body_id=actor.cb_id)
        .first()
    )
    if user is None:
        raise Http404(_("No such person."))
    return _audit_post(
        request,
        pk,
        "action_form",
        ReasonForm,
        lambda actor, audit, d: services.audit_team_remove(
            actor=actor, audit=audit, user=user, reason=d["reason"]
        ),
        _("Team member removed."),
    )


@login_required
@require_POST
def audit_start(request: HttpRequest, pk: int) -> HttpResponse:
    return _audit_post(
        request,
        pk,
        "action_form",
        _Empty,
        lambda actor, audit, d: services.audit_start(actor=actor, audit=audit),
        _("Audit started."),
    )


@login_required
@require_POST
def audit_report(request: HttpRequest, pk: int) -> HttpResponse:
    return _audit_post(
        request,
        pk,
        "report_form",
        ReportForm,
        lambda actor, audit, d: services.audit_complete(actor=actor, audit=audit, **d),
        _("Audit report submitted."),
    )


@login_required
@require_POST
def audit_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _audit_post(
        request,
        pk,
        "cancel_form",
        RequiredReasonForm,
        lambda actor, audit, d: services.audit_cancel(actor=actor, audit=audit, reason=d["reason"]),
        _("Audit cancelled."),
    )


@login_required
@require_POST
def finding_raise(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    audit = selectors.audit_get(actor=actor, pk=pk)
    sites = list(audit.sites.all()) or list(audit.programme.application.sites.all())
    form = FindingForm(request.POST, sites=sites)
    finding = _act(
        form, lambda _d: services.finding_raise(actor=actor, audit=audit, **form.to_service())
    )
    if finding is None:
        return _audit_page(request, actor, audit, finding_form=form)
    messages.success(request, _("Finding recorded."))
    return redirect("audits:audit_detail", pk=pk)


# --------------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------------


@login_required
def finding_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    sort = sort_param(request, selectors.FINDING_SORTS, "status")
    status = request.GET.get("status", "")
    kind = request.GET.get("kind", "")
    rows = selectors.finding_list(actor=actor, status=status, kind=kind, sort=sort)
    if wants_csv(request):
        return csv_response(
            "findings.csv",
            ["id", "client", "audit", "kind", "clause", "status", "action_due", "verified_on"],
            (
                [
                    f.pk,
                    f.audit.programme.client.name,
                    f.audit_id,
                    f.kind,
                    f.clause,
                    f.status,
                    f.action_due,
                    f.verified_on,
                ]
                for f in rows
            ),
        )
    context = {
        "page": page_of(request, rows),
        "sort": sort,
        "sorts": FINDING_SORT_LABELS,
        "status": status,
        "statuses": FindingStatus.choices,
        "kind": kind,
        "kinds": FindingKind.choices,
    }
    return render(request, "audits/finding_list.html", context)


def _finding_page(
    request: HttpRequest, actor: Actor, finding: Finding, **bound: forms.Form
) -> HttpResponse:
    staff = actor.cb_id == finding.audit.certification_body_id
    role = team_role_of(actor, finding.audit.team.all()) if staff else None
    nc = finding.kind in (FindingKind.MAJOR, FindingKind.MINOR)
    context = {
        "finding": finding,
        "audit": finding.audit,
        "staff": staff,
        "can_respond": nc and finding.status in (FindingStatus.OPEN, FindingStatus.RESPONDED),
        "can_review": nc and role in VERIFIERS and finding.status == FindingStatus.RESPONDED,
        "can_verify": nc and role in VERIFIERS and finding.status == FindingStatus.PLAN_ACCEPTED,
        "respond_form": bound.get("respond_form")
        or RespondForm(
            initial={
                "correction": finding.correction,
                "root_cause": finding.root_cause,
                "corrective_action": finding.corrective_action,
                "action_due": finding.action_due,
            }
        ),
        "accept_form": bound.get("accept_form") or NoteForm(),
        "reject_form": bound.get("reject_form") or RequiredReasonForm(),
        "verify_form": bound.get("verify_form")
        or VerifyForm(initial={"verified_on": timezone.localdate()}),
    }
    status = 400 if any(f.errors for f in bound.values()) else 200
    return render(request, "audits/finding_detail.html", context, status=status)


@login_required
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    return _finding_page(request, actor, selectors.finding_get(actor=actor, pk=pk))


def _finding_post(
    request: HttpRequest,
    pk: int,
    form_name: str,
    form_class: type[forms.Form],
    act: Callable[[Actor, Finding, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    actor = actor_for(request.user)
    finding = selectors.finding_get(actor=actor, pk=pk)
    form = _bound(request, form_class)
    if _act(form, lambda d: act(actor, finding, d)) is None:
        return _finding_page(request, actor, finding, **{form_name: form})
    messages.success(request, done)
    return redirect("audits:finding_detail", pk=pk)


@login_required
@require_POST
def finding_respond(request: HttpRequest, pk: int) -> HttpResponse:
    return _finding_post(
        request,
        pk,
        "respond_form",
        RespondForm,
        lambda actor, finding, d: services.finding_respond(actor=actor, finding=finding, **d),
        _("Response recorded."),
    )


@login_required
@require_POST
def finding_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _finding_post(
        request,
        pk,
        "accept_form",
        NoteForm,
        lambda actor, finding, d: services.finding_accept_plan(
            actor=actor, finding=finding, note=d["note"]
        ),
        _("Action plan accepted."),
    )


@login_required
@require_POST
def finding_reject(request: HttpRequest, pk: int) -> HttpResponse:
    return _finding_post(
        request,
        pk,
        "reject_form",
        RequiredReasonForm,
        lambda actor, finding, d: services.finding_reject_plan(
            actor=actor, finding=finding, reason=d["reason"]
        ),
        _("Response returned to the client."),
    )


@login_required
@require_POST
def finding_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return _finding_post(
        request,
        pk,
        "verify_form",
        VerifyForm,
        lambda actor, finding, d: services.finding_verify(actor=actor, finding=finding, **d),
        _("Corrective actions verified."),
    )
