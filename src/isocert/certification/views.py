"""Back-office pages of technical review, certification decisions and certificates.

Thin: build the actor, fetch through the selectors (another body's record is a 404), call the one
service, render. A refusal is shown on the form (non-field errors, ``role="alert"``) with status 400.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from isocert.catalog.models import Standard
from isocert.certification import forms as f
from isocert.certification import selectors, services
from isocert.certification.choices import CertificateStatus, DecisionKind, DecisionOutcome
from isocert.certification.models import Certificate
from isocert.core.paging import csv_response, page_of
from isocert.core.permissions import Actor, actor_for
from isocert.people.choices import Role
from isocert.rules.errors import RuleError
from isocert.rules.status import CertificateAct, allowed_acts


def _actor(request: HttpRequest) -> Actor:
    return actor_for(request.user)


def _refused(form: forms.Form, exc: RuleError) -> None:
    form.add_error(None, exc.message)
    details = exc.details if isinstance(exc.details, dict) else {}
    for reason in details.get("blockers", []) or details.get("reasons", []):
        if reason not in exc.message:
            form.add_error(None, reason)


def _query(request: HttpRequest, *drop: str) -> str:
    """The current query string without ``drop`` keys (for sort and page links)."""
    return urlencode([(k, v) for k, v in request.GET.items() if k not in drop and v])


# --------------------------------------------------------------------------------------------------
# Reviews and decisions
# --------------------------------------------------------------------------------------------------


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    sort = request.GET.get("sort", "-decided_on")
    rows = selectors.decision_list(actor=actor, sort=sort).prefetch_related("certificates")
    if request.GET.get("format") == "csv":
        return csv_response(
            "decisions.csv",
            [
                "id",
                "decided_on",
                "client",
                "kind",
                "outcome",
                "decided_by",
                "audit",
                "certificates",
            ],
            (
                [
                    d.pk,
                    d.decided_on,
                    d.client.name,
                    d.get_kind_display(),
                    d.get_outcome_display(),
                    d.decided_by.get_username(),
                    d.audit_id or "",
                    " ".join(c.printed_number for c in d.certificates.all()),
                ]
                for d in rows
            ),
        )
    return render(
        request,
        "certification/decision_list.html",
        {
            "page": page_of(request, rows),
            "sort": sort,
            "query": _query(request, "sort", "page", "format"),
            "sorted_query": _query(request, "page", "format"),
        },
    )


@login_required
def decision_queue(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    page = page_of(request, selectors.decision_queue(actor=actor))
    rows = selectors.queue_rows(audits=page.object_list, today=timezone.localdate())
    return render(
        request,
        "certification/decision_queue.html",
        {"page": page, "rows": rows, "can_decide": actor.has_role(Role.DECISION_MAKER)},
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    decision = selectors.decision_get(actor=actor, pk=pk)
    return render(request, "certification/decision_detail.html", _decision_context(decision))


def _decision_context(decision: Any, form: forms.Form | None = None) -> dict[str, Any]:
    certificates = list(
        Certificate.objects.filter(decision=decision).select_related("standard").order_by("number")
    )
    transfer = None
    if decision.kind == DecisionKind.TRANSFER and decision.outcome == DecisionOutcome.GRANTED:
        standards = [
            (row.standard.code, str(row.edition))
            for row in decision.programme.application.standards.select_related(
                "standard", "edition__standard"
            )
        ]
        transfer = form or f.TransferForm(standards=standards)
    return {"decision": decision, "certificates": certificates, "transfer_form": transfer}


@login_required
@require_POST
def decision_transfer_in(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    decision = selectors.decision_get(actor=actor, pk=pk)
    standards = [
        (row.standard.code, row.standard.code)
        for row in decision.programme.application.standards.select_related("standard")
    ]
    form = f.TransferForm(request.POST, standards=standards)
    if form.is_valid():
        data = form.cleaned_data
        try:
            edition = selectors.edition_get(standard=data["standard"], year=data["edition_year"])
            certificate = services.certificate_transfer_in(
                actor=actor,
                decision=decision,
                review=services.TransferReview(
                    issuing_body=data["issuing_body"],
                    previous_number=data["previous_number"],
                    standard=edition.standard,
                    edition=edition,
                    certificate_status=data["certificate_status"],
                    original_issue_date=data["original_issue_date"],
                    cycle_start=data["cycle_start"],
                    expiry_date=data["expiry_date"],
                    accredited=data["accredited"],
                    reports_available=data["reports_available"],
                    surveillance_overdue=data["surveillance_overdue"],
                    open_major_ncs=data["open_major_ncs"],
                    minor_plans_accepted=data["minor_plans_accepted"],
                    issuing_body_ceased_or_lost_accreditation_on=data[
                        "issuing_body_ceased_or_lost_accreditation_on"
                    ],
                ),
            )
        except RuleError as exc:
            _refused(form, exc)
        else:
            messages.success(
                request,
                _("Certificate %(number)s issued.") % {"number": certificate.printed_number},
            )
            return redirect("certification:certificate_detail", pk=certificate.pk)
    context = _decision_context(decision, form)
    return render(request, "certification/decision_detail.html", context, status=400)


@login_required
def decision_new(request: HttpRequest, audit_pk: int) -> HttpResponse:
    actor = _actor(request)
    audit = selectors.audit_for_decision_get(actor=actor, pk=audit_pk)
    form = f.DecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                decision = services.decision_take(
                    actor=actor,
                    audit=audit,
                    kind=data["kind"],
                    outcome=data["outcome"],
                    decided_on=data["decided_on"],
                    notes=data["notes"],
                )
            except RuleError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("Decision recorded."))
                return redirect("certification:decision_detail", pk=decision.pk)
    row = selectors.queue_rows(audits=[audit], today=timezone.localdate())[0]
    return render(
        request,
        "certification/decision_form.html",
        {
            "audit": audit,
            "form": form,
            "blockers": row.blockers,
            "review": selectors.latest_review(audit=audit),
        },
        status=status,
    )


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    return render(
        request,
        "certification/review_list.html",
        {"page": page_of(request, selectors.review_list(actor=actor))},
    )


@login_required
def review_new(request: HttpRequest, audit_pk: int) -> HttpResponse:
    actor = _actor(request)
    audit = selectors.audit_for_decision_get(actor=actor, pk=audit_pk)
    form = f.ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.review_record(
                    actor=actor,
                    audit=audit,
                    outcome=data["outcome"],
                    notes=data["notes"],
                    reviewed_on=data["reviewed_on"],
                )
            except RuleError as exc:
                _refused(form, exc)
            else:
                messages.success(request, _("Technical review recorded."))
                return redirect("certification:decision_queue")
    return render(
        request, "certification/review_form.html", {"audit": audit, "form": form}, status=status
    )


# --------------------------------------------------------------------------------------------------
# Certificates
# --------------------------------------------------------------------------------------------------


CSV_HEADER = [
    "number",
    "status",
    "holder",
    "standard",
    "scope",
    "iaf_codes",
    "sites",
    "original_issue_date",
    "issue_date",
    "effective_date",
    "expiry_date",
    "certification_body",
    "transferred_from",
    "flags",
]


def _csv_row(c: Certificate) -> list[Any]:
    return [
        c.printed_number,
        c.get_status_display(),
        c.client.name,
        f"{c.standard.code}:{c.edition.year}",
        c.scope,
        " ".join(str(code.code) for code in c.iaf_codes.all()),
        "; ".join(f"{row.site.name}, {row.site.city}" for row in c.sites.all()),
        c.original_issue_date,
        c.issue_date,
        c.effective_date,
        c.expiry_date,
        c.certification_body.name,
        c.transferred_from,
        " ".join(selectors.certificate_flags(certificate=c)),
    ]


@login_required
def certificate_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    standards = list(Standard.objects.filter(certifiable=True).values_list("code", flat=True))
    form = f.CertificateFilterForm(
        request.GET or None, statuses=CertificateStatus.choices, standards=standards
    )
    data = form.cleaned_data if form.is_valid() else {}
    sort = request.GET.get("sort", "number")
    filters = selectors.CertificateFilters(
        status=data.get("status") or "",
        standard=data.get("standard") or "",
        expiring_within=selectors.EXPIRING_DAYS if data.get("expiring") else None,
        q=data.get("q") or "",
        sort=sort,
    )
    rows = selectors.certificate_list(actor=actor, filters=filters, today=timezone.localdate())
    if request.GET.get("format") == "csv":
        return csv_response("certificates.csv", CSV_HEADER, (_csv_row(c) for c in rows))
    page = page_of(request, rows)
    return render(
        request,
        "certification/certificate_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(c, selectors.certificate_flags(certificate=c)) for c in page.object_list],
            "sort": sort,
            "query": _query(request, "sort", "page", "format"),
            "sorted_query": _query(request, "page", "format"),
        },
    )


def _detail_context(
    actor: Actor, certificate: Certificate, bound: dict[str, forms.Form] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    acts = set(allowed_acts(certificate.status))
    can_act = selectors.can_act_on_certificates(actor) and (
        certificate.certification_body_id == actor.cb_id
    )
    actions: dict[str, forms.Form] = {}
    if can_act:
        if CertificateAct.SUSPEND in acts:
            actions["suspend"] = bound.get("suspend") or f.SuspendForm(prefix="suspend")
        if CertificateAct.RESTORE in acts:
            actions["restore"] = bound.get("restore") or f.ReasonForm(prefix="restore")
        if CertificateAct.WITHDRAW in acts:
            actions["withdraw"] = bound.get("withdraw") or f.ReasonForm(prefix="withdraw")
        if CertificateAct.SUPERSEDE in acts:
            actions["reduce"] = bound.get("reduce") or f.ReduceScopeForm(
                certificate=certificate, prefix="reduce"
            )
            decisions = selectors.extension_decisions(certificate=certificate)
            if "extend" in bound or (
                certificate.status == CertificateStatus.ACTIVE and decisions.exists()
            ):
                actions["extend"] = bound.get("extend") or f.ExtendScopeForm(
                    certificate=certificate, decisions=decisions, prefix="extend"
                )
    return {
        "c": certificate,
        "flags": selectors.certificate_flags(certificate=certificate),
        "events": selectors.certificate_events(actor=actor, certificate=certificate),
        "revisions": selectors.certificate_revisions(certificate=certificate),
        "actions": actions,
        "staff": actor.cb_id == certificate.certification_body_id,
    }


@login_required
def certificate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    certificate = selectors.certificate_get(actor=actor, pk=pk)
    return render(
        request, "certification/certificate_detail.html", _detail_context(actor, certificate)
    )


def _act(
    request: HttpRequest,
    pk: int,
    name: str,
    build: Callable[[Certificate, Actor], forms.Form],
    run: Callable[[Actor, Certificate, dict[str, Any]], Certificate],
    done: str,
) -> HttpResponse:
    actor = _actor(request)
    certificate = selectors.certificate_get(actor=actor, pk=pk)
    form = build(certificate, actor)
    if form.is_valid():
        try:
            result = run(actor, certificate, form.cleaned_data)
        except RuleError as exc:
            _refused(form, exc)
        else:
            messages.success(request, done % {"number": result.printed_number})
            return redirect("certification:certificate_detail", pk=result.pk)
    context = _detail_context(actor, certificate, {name: form})
    if name not in context["actions"]:
        context["actions"][name] = form
    return render(request, "certification/certificate_detail.html", context, status=400)


def _site_scopes(data: dict[str, Any]) -> list[services.SiteScope]:
    return [services.SiteScope(site_id=site.pk, scope=data["scope"]) for site in data["sites"]]


@login_required
@require_POST
def certificate_suspend(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "suspend",
        lambda c, a: f.SuspendForm(request.POST, prefix="suspend"),
        lambda a, c, d: services.certificate_suspend(
            actor=a, certificate=c, reason=d["reason"], deadline=d["deadline"]
        ),
        _("Certificate %(number)s suspended."),
    )


@login_required
@require_POST
def certificate_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "restore",
        lambda c, a: f.ReasonForm(request.POST, prefix="restore"),
        lambda a, c, d: services.certificate_restore(actor=a, certificate=c, reason=d["reason"]),
        _("Certificate %(number)s restored."),
    )


@login_required
@require_POST
def certificate_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "withdraw",
        lambda c, a: f.ReasonForm(request.POST, prefix="withdraw"),
        lambda a, c, d: services.certificate_withdraw(actor=a, certificate=c, reason=d["reason"]),
        _("Certificate %(number)s withdrawn."),
    )


@login_required
@require_POST
def certificate_reduce_scope(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "reduce",
        lambda c, a: f.ReduceScopeForm(request.POST, certificate=c, prefix="reduce"),
        lambda a, c, d: services.certificate_reduce_scope(
            actor=a,
            certificate=c,
            scope=d["scope"],
            sites=_site_scopes(d),
            iaf_codes=d["iaf_codes"],
            reason=d["reason"],
            effective_on=d["effective_on"],
        ),
        _("Scope reduced: revision %(number)s issued."),
    )


@login_required
@require_POST
def certificate_extend_scope(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        "extend",
        lambda c, a: f.ExtendScopeForm(
            request.POST,
            certificate=c,
            decisions=selectors.decision_list(actor=a).filter(kind=DecisionKind.EXTEND_SCOPE),
            prefix="extend",
        ),
        lambda a, c, d: services.certificate_extend_scope(
            actor=a,
            certificate=c,
            decision=d["decision"],
            scope=d["scope"],
            sites=_site_scopes(d),
            iaf_codes=d["iaf_codes"],
            effective_on=d["effective_on"],
        ),
        _("Scope extended: revision %(number)s issued."),
    )
