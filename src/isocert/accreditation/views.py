"""Accreditation pages: the bodies an actor sees, a body's accredited scope, and the AB's acts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from isocert.accreditation import selectors, services
from isocert.accreditation.choices import AccreditationStatus
from isocert.accreditation.forms import AccreditationStatusForm, ScopeForm, StatusForm
from isocert.accreditation.permissions import can_manage_accreditation, require_ab_member
from isocert.core.paging import csv_response, page_of, sort_param, wants_csv
from isocert.core.permissions import actor_for
from isocert.core.web import form_apply


def _form_page(
    request: HttpRequest, form: Any, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render(request, "clients/form_page.html", context, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    sort = sort_param(request, selectors.CB_SORTS, "name")
    search = request.GET.get("q", "")[:100]
    status = request.GET.get("status", "")
    rows = selectors.certification_body_list(actor=actor, search=search, status=status, sort=sort)
    if wants_csv(request):
        return csv_response(
            "certification-bodies.csv",
            [
                "acronym",
                "name",
                "country",
                "accreditation_body",
                "accreditation_number",
                "status",
                "status_since",
                "clients",
                "scope_lines",
            ],
            (
                [
                    cb.acronym,
                    cb.name,
                    cb.country,
                    cb.accreditation_body.acronym if cb.accreditation_body else "",
                    cb.accreditation_number,
                    cb.accreditation_status,
                    cb.accreditation_status_since or "",
                    cb.client_count,  # type: ignore[attr-defined]
                    cb.scope_count,  # type: ignore[attr-defined]
                ]
                for cb in rows
            ),
        )
    context = {
        "page": page_of(request, rows),
        "q": search,
        "status": status,
        "statuses": AccreditationStatus.choices,
        "sort": sort,
    }
    return render(request, "accreditation/index.html", context)


@login_required
def accreditation_bodies(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    page = page_of(request, selectors.accreditation_body_list(actor=actor))
    return render(request, "accreditation/bodies.html", {"page": page})


@login_required
def cb_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    body = selectors.certification_body_get(actor=actor, pk=pk)
    manages = can_manage_accreditation(actor) and body.accreditation_body_id == actor.ab_id
    return render(
        request,
        "accreditation/cb_detail.html",
        {"cb": body, "manages": manages, "statuses": AccreditationStatus},
    )


@login_required
def scope_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    require_ab_member(actor)
    body = selectors.certification_body_get(actor=actor, pk=pk)
    form = ScopeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def act(d: dict[str, Any]) -> Any:
            return services.accredited_scope_add(
                actor=actor,
                certification_body=body,
                standard=d["edition"].standard,
                edition=d["edition"],
                iaf_codes=[code.code for code in d["iaf_codes"]],
                valid_from=d["valid_from"],
                valid_until=d["valid_until"],
            )

        if form_apply(form, act) is not None:
            messages.success(request, _("Scope line added."))
            return redirect("accreditation:cb_detail", pk=body.pk)
    return _form_page(
        request,
        form,
        _("New scope line for %(cb)s") % {"cb": body.name},
        f"/office/accreditation/cb/{pk}/",
    )


@login_required
def scope_status(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    require_ab_member(actor)
    scope = selectors.accredited_scope_get(actor=actor, pk=pk)
    form = StatusForm(request.POST or None, initial={"status": scope.status})
    if request.method == "POST" and form.is_valid():
        done = form_apply(
            form,
            lambda d: services.accredited_scope_set_status(
                actor=actor, scope=scope, status=d["status"], reason=d["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("Scope line status changed."))
            return redirect("accreditation:cb_detail", pk=scope.certification_body_id)
    label = f"{scope.standard.code}:{scope.edition.year}"
    return _form_page(
        request,
        form,
        _("Status of %(label)s at %(cb)s") % {"label": label, "cb": scope.certification_body.name},
        f"/office/accreditation/cb/{scope.certification_body_id}/",
    )


@login_required
def status_change(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    require_ab_member(actor)
    body = selectors.certification_body_get(actor=actor, pk=pk)
    form = AccreditationStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = form_apply(
            form,
            lambda d: services.accreditation_status_change(
                actor=actor,
                certification_body=body,
                status=d["status"],
                reason=d["reason"],
                on=d["on"],
            ),
        )
        if done is not None:
            messages.success(request, _("Accreditation status changed."))
            return redirect("accreditation:cb_detail", pk=body.pk)
    return _form_page(
        request,
        form,
        _("Accreditation status of %(cb)s") % {"cb": body.name},
        f"/office/accreditation/cb/{pk}/",
        lead=_("The change is public: it shows in the registry's accreditation chain."),
    )
