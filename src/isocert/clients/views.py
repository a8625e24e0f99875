"""Client pages: list (search, filter, sort, CSV), detail, and the forms that call the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from isocert.clients import selectors, services
from isocert.clients.countries import country_choices, country_name
from isocert.clients.forms import (
    ClientForm,
    ClientUserForm,
    ContactForm,
    IdentifierForm,
    SiteForm,
)
from isocert.clients.permissions import can_manage_clients, require_client_manager
from isocert.core.paging import csv_response, page_of, sort_param, wants_csv
from isocert.core.permissions import actor_for
from isocert.core.web import form_apply

SORT_LABELS = [
    ("name", gettext_lazy("Name")),
    ("country", gettext_lazy("Country")),
    ("sites", gettext_lazy("Most sites")),
    ("personnel", gettext_lazy("Most personnel")),
    ("-created", gettext_lazy("Newest")),
]
CONFLICTS_SHOWN = 25


def _form_page(
    request: HttpRequest, form: Any, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render(request, "clients/form_page.html", context, status=status)


@login_required
def client_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    if actor.cb_id is None and actor.client_ids:
        return redirect("clients:detail", pk=min(actor.client_ids))
    sort = sort_param(request, selectors.CLIENT_SORTS, "name")
    search = request.GET.get("q", "")[:100]
    country = request.GET.get("country", "")[:2]
    rows = selectors.client_list(actor=actor, search=search, country=country, sort=sort)
    if wants_csv(request):
        return csv_response(
            "clients.csv",
            ["id", "name", "legal_name", "country", "sites", "personnel", "identifiers", "website"],
            (
                [
                    c.pk,
                    c.name,
                    c.legal_name,
                    c.country,
                    c.site_count,  # type: ignore[attr-defined]
                    c.personnel,  # type: ignore[attr-defined]
                    "; ".join(f"{i.scheme}:{i.value}" for i in c.identifiers.all()),
                    c.website,
                ]
                for c in rows
            ),
        )
    context = {
        "page": page_of(request, rows),
        "q": search,
        "country": country.upper(),
        "sort": sort,
        "sorts": SORT_LABELS,
        "countries": country_choices(),
        "can_manage": can_manage_clients(actor),
    }
    return render(request, "clients/list.html", context)


@login_required
def client_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_client_manager(actor)
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        client = form_apply(form, lambda d: services.client_create(actor=actor, **d))
        if client is not None:
            messages.success(request, _("Client recorded."))
            return redirect("clients:detail", pk=client.pk)
    return _form_page(request, form, _("New client"), "/office/clients/")


@login_required
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = selectors.client_get(actor=actor, pk=pk)
    staff = actor.cb_id == client.certification_body_id
    conflicts: list[Any] = []
    conflict_count = 0
    if staff:
        from isocert.people.selectors import conflict_list

        declared = conflict_list(actor=actor, client=client)
        conflicts = list(declared[:CONFLICTS_SHOWN])
        conflict_count = len(conflicts)
        if conflict_count == CONFLICTS_SHOWN:
            conflict_count = declared.count()
    context = {
        "client": client,
        "country": country_name(client.country),
        "sites": page_of(request, selectors.site_list(actor=actor, client=client)),
        "staff": staff,
        "can_manage": staff and can_manage_clients(actor),
        "conflicts": conflicts,
        "conflict_count": conflict_count,
        "identifier_form": IdentifierForm(),
    }
    return render(request, "clients/detail.html", context)


@login_required
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = selectors.client_get(actor=actor, pk=pk)
    require_client_manager(actor)
    initial = {f: getattr(client, f) for f in services.CLIENT_FIELDS}
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = form_apply(form, lambda d: services.client_update(actor=actor, client=client, **d))
        if done is not None:
            messages.success(request, _("Client saved."))
            return redirect("clients:detail", pk=client.pk)
    return _form_page(
        request, form, _("Edit %(name)s") % {"name": client.name}, f"/office/clients/{pk}/"
    )


@login_required
def site_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = selectors.client_get(actor=actor, pk=pk)
    require_client_manager(actor)
    form = SiteForm(request.POST or None, initial={"country": client.country, "personnel": 0})
    if request.method == "POST" and form.is_valid():
        site = form_apply(form, lambda d: services.site_add(actor=actor, client=client, **d))
        if site is not None:
            messages.success(request, _("Site added."))
            return redirect("clients:detail", pk=client.pk)
    return _form_page(
        request,
        form,
        _("New site of %(name)s") % {"name": client.name},
        f"/office/clients/{pk}/",
    )


@login_required
def site_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    site = selectors.site_get(actor=actor, pk=pk)
    require_client_manager(actor)
    form = SiteForm(
        request.POST or None, initial={f: getattr(site, f) for f in services.SITE_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        done = form_apply(form, lambda d: services.site_update(actor=actor, site=site, **d))
        if done is not None:
            messages.success(request, _("Site saved."))
            return redirect("clients:detail", pk=site.client_id)
    return _form_page(
        request,
        form,
        _("Edit site %(name)s") % {"name": site.name},
        f"/office/clients/{site.client_id}/",
    )


def _back(request: HttpRequest, client_id: int, done: bool, ok: str, error: str) -> HttpResponse:
    if done:
        messages.success(request, ok)
    else:
        messages.error(request, error)
    return redirect("clients:detail", pk=client_id)


def _refusal(act: Any) -> str:
    """Run ``act``; return "" when it went through, else the refusal's message."""
    from isocert.rules.errors import RuleError

    try:
        act()
    except RuleError as exc:
        return exc.message
    return ""


@login_required
@require_POST
def site_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    site = selectors.site_get(actor=actor, pk=pk)
    error = _refusal(lambda: services.site_remove(actor=actor, site=site))
    return _back(request, site.client_id, not error, _("Site removed."), error)


@login_required
def identifier_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = selectors.client_get(actor=actor, pk=pk)
    require_client_manager(actor)
    form = IdentifierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = form_apply(form, lambda d: services.identifier_add(actor=actor, client=client, **d))
        if row is not None:
            if row.validated:
                messages.success(request, _("Identifier recorded; its checksum is valid."))
            else:
                messages.success(
                    request, _("Identifier recorded; no checksum is known for this kind.")
                )
            return redirect("clients:detail", pk=client.pk)
    return _form_page(
        request,
        form,
        _("New identifier of %(name)s") % {"name": client.name},
        f"/office/clients/{pk}/",
    )


@login_required
@require_POST
def identifier_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    row = selectors.identifier_get(actor=actor, pk=pk)
    error = _refusal(lambda: services.identifier_remove(actor=actor, identifier=row))
    return _back(request, row.client_id, not error, _("Identifier removed."), error)


@login_required
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = selectors.client_get(actor=actor, pk=pk)
    require_client_manager(actor)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = form_apply(form, lambda d: services.contact_add(actor=actor, client=client, **d))
        if row is not None:
            messages.success(request, _("Contact added."))
            return redirect("clients:detail", pk=client.pk)
    return _form_page(
        request,
        form,
        _("New contact at %(name)s") % {"name": client.name},
        f"/office/clients/{pk}/",
    )


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    contact = selectors.contact_get(actor=actor, pk=pk)
    require_client_manager(actor)
    form = ContactForm(
        request.POST or None, initial={f: getattr(contact, f) for f in services.CONTACT_FIELDS}
    )
    if request.method == "POST" and form.is_valid():
        done = form_apply(
            form, lambda d: services.contact_update(actor=actor, contact=contact, **d)
        )
        if done is not None:
            messages.success(request, _("Contact saved."))
            return redirect("clients:detail", pk=contact.client_id)
    return _form_page(
        request,
        form,
        _("Edit contact %(name)s") % {"name": contact.name},
        f"/office/clients/{contact.client_id}/",
    )


@login_required
@require_POST
def contact_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    contact = selectors.contact_get(actor=actor, pk=pk)
    error = _refusal(lambda: services.contact_remove(actor=actor, contact=contact))
    return _back(request, contact.client_id, not error, _("Contact removed."), error)


@login_required
def client_user_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    client = selectors.client_get(actor=actor, pk=pk)
    require_client_manager(actor)
    form = ClientUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def act(d: dict[str, Any]) -> Any:
            if d["mode"] == "create":
                return services.client_user_create(
                    actor=actor,
                    client=client,
                    username=d["username"],
                    email=d["email"],
                    password=d["password"] or None,
                )
            return services.client_user_link(actor=actor, client=client, username=d["username"])

        if form_apply(form, act) is not None:
            messages.success(request, _("The account can now sign in for this client."))
            return redirect("clients:detail", pk=client.pk)
    return _form_page(
        request,
        form,
        _("Sign-in for a person of %(name)s") % {"name": client.name},
        f"/office/clients/{pk}/",
        lead=_("The account will see this organisation only, nothing else of your body."),
    )


@login_required
@require_POST
def client_user_remove(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    link = selectors.client_user_get(actor=actor, pk=pk)
    error = _refusal(lambda: services.client_user_unlink(actor=actor, client_user=link))
    return _back(request, link.client_id, not error, _("Sign-in removed."), error)
