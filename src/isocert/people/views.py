"""People pages: staff list, a person's roles, qualifications and declarations, and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from isocert.accreditation.selectors import iaf_code_resolve, standard_resolve
from isocert.catalog.models import Standard
from isocert.clients.models import Client
from isocert.clients.selectors import client_get
from isocert.core.paging import csv_response, page_of, sort_param, wants_csv
from isocert.core.permissions import actor_for
from isocert.core.tokens import api_token_create, api_token_revoke
from isocert.core.web import form_apply
from isocert.people import selectors, services
from isocert.people.choices import QualificationLevel, Role
from isocert.people.forms import (
    ConflictForm,
    EndForm,
    PersonForm,
    QualificationForm,
    RoleForm,
    TokenForm,
)
from isocert.people.permissions import (
    can_admin,
    can_declare_for,
    can_qualify,
    require_admin,
    require_declarer,
    require_qualifier,
    require_staff,
)
from isocert.rules.errors import RuleError

SORT_LABELS = [
    ("name", gettext_lazy("Name")),
    ("username", gettext_lazy("Username")),
    ("-joined", gettext_lazy("Newest")),
    ("last_login", gettext_lazy("Last signed in")),
]
STATE_LABELS = [
    ("current", gettext_lazy("Current staff")),
    ("former", gettext_lazy("Former staff")),
    ("all", gettext_lazy("Everyone")),
]


def _form_page(
    request: HttpRequest, form: Any, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    status = 400 if form.is_bound and form.errors else 200
    context = {"form": form, "title": title, "cancel_url": cancel_url, **extra}
    return render(request, "clients/form_page.html", context, status=status)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    sort = sort_param(request, selectors.STAFF_SORTS, "name")
    search = request.GET.get("q", "")[:100]
    role = request.GET.get("role", "")
    role = role if role in Role.values else ""
    state = request.GET.get("state", "current")
    state = state if state in selectors.STAFF_STATES else "current"
    rows = selectors.staff_list(actor=actor, search=search, role=role, state=state, sort=sort)
    if wants_csv(request):
        return csv_response(
            "staff.csv",
            ["username", "first_name", "last_name", "email", "roles", "qualifications"],
            (
                [
                    u.username,
                    u.first_name,
                    u.last_name,
                    u.email,
                    " ".join(m.role for m in u.cb_roles),
                    u.qualification_count,
                ]
                for u in rows
            ),
        )
    context = {
        "page": page_of(request, rows),
        "q": search,
        "role": role,
        "roles": Role.choices,
        "state": state,
        "states": STATE_LABELS,
        "sort": sort,
        "sorts": SORT_LABELS,
        "can_admin": can_admin(actor),
    }
    return render(request, "people/list.html", context)


@login_required
def person_add(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_admin(actor)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():

        def act(d: dict[str, Any]) -> Any:
            return services.person_add(
                actor=actor,
                username=d["username"],
                email=d["email"],
                roles=d["roles"],
                password=d["password"] or None,
                first_name=d["first_name"],
                last_name=d["last_name"],
            )

        user = form_apply(form, act)
        if user is not None:
            messages.success(request, _("Person added."))
            return redirect("people:detail", pk=user.pk)
    return _form_page(request, form, _("Add a person"), "/office/people/")


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    person = selectors.person_get(actor=actor, pk=pk)
    active = {m.role for m in person.cb_roles}
    grant_form = RoleForm()
    grant_form.fields["role"].choices = [c for c in Role.choices if c[0] not in active]  # type: ignore[attr-defined]
    context = {
        "person": person,
        "is_self": person.pk == request.user.pk,
        "can_admin": can_admin(actor),
        "can_qualify": can_qualify(actor),
        "can_declare": can_declare_for(actor, person),
        "grant_form": grant_form,
        "qualifications": page_of(request, selectors.qualification_list(actor=actor, user=person)),
        "conflicts": list(selectors.conflict_list(actor=actor, user=person)[:25]),
        "today": timezone.localdate(),
    }
    return render(request, "people/detail.html", context)


def _run(request: HttpRequest, act: Any, ok: str) -> None:
    try:
        act()
    except RuleError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, ok)


@login_required
@require_POST
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    person = selectors.person_get(actor=actor, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles listed."))
    else:
        role = form.cleaned_data["role"]
        _run(
            request,
            lambda: services.role_grant(actor=actor, person=person, role=role),
            _("Role given."),
        )
    return redirect("people:detail", pk=pk)


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    person = selectors.person_get(actor=actor, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles listed."))
    else:
        data = form.cleaned_data
        _run(
            request,
            lambda: services.role_revoke(
                actor=actor, person=person, role=data["role"], reason=data["reason"]
            ),
            _("Role taken away."),
        )
    return redirect("people:detail", pk=pk)


@login_required
def qualification_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    person = selectors.person_get(actor=actor, pk=pk)
    require_qualifier(actor)
    form = QualificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = form_apply(
            form, lambda d: services.qualification_add(actor=actor, person=person, **d)
        )
        if row is not None:
            messages.success(request, _("Qualification recorded."))
            return redirect("people:detail", pk=person.pk)
    return _form_page(
        request,
        form,
        _("New qualification of %(name)s") % {"name": person.get_full_name() or person.username},
        f"/office/people/{pk}/",
    )


@login_required
def qualification_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    row = selectors.qualification_get(actor=actor, pk=pk)
    require_qualifier(actor)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = form_apply(
            form,
            lambda d: services.qualification_end(
                actor=actor, qualification=row, on=d["on"], reason=d["reason"]
            ),
        )
        if done is not None:
            messages.success(request, _("Qualification ended."))
            return redirect("people:detail", pk=row.user_id)
    code = f" IAF {row.iaf_code_id}" if row.iaf_code_id else ""
    return _form_page(
        request,
        form,
        _("End %(user)s's %(level)s qualification for %(std)s%(code)s")
        % {
            "user": row.user.username,
            "level": row.get_level_display().lower(),
            "std": row.standard.code,
            "code": code,
        },
        f"/office/people/{row.user_id}/",
    )


@login_required
def qualification_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_staff(actor)
    standard = None
    std_text = request.GET.get("standard", "")
    if std_text:
        try:
            standard = standard_resolve(standard=std_text)
        except RuleError as exc:
            messages.error(request, exc.message)
    code = _int(request.GET.get("iaf_code"))
    try:
        iaf_code_resolve(code=code)
    except RuleError as exc:
        messages.error(request, exc.message)
        code = None
    level = request.GET.get("level", "")
    level = level if level in QualificationLevel.values else ""
    on_text = request.GET.get("on", "current")
    on: dt.date | None = None
    if on_text == "current":
        on = timezone.localdate()
    elif on_text:
        try:
            on = dt.date.fromisoformat(on_text)
        except ValueError:
            messages.error(request, _("Write the date as YYYY-MM-DD."))
    rows = selectors.qualification_list(
        actor=actor, standard=standard, iaf_code=code, level=level, on=on
    )
    if wants_csv(request):
        return csv_response(
            "qualifications.csv",
            ["username", "name", "standard", "iaf_code", "level", "valid_from", "valid_until"],
            (
                [
                    q.user.username,
                    q.user.get_full_name(),
                    q.standard.code,
                    q.iaf_code_id or "",
                    q.level,
                    q.valid_from,
                    q.valid_until or "",
                ]
                for q in rows
            ),
        )
    context = {
        "page": page_of(request, rows),
        "standards": Standard.objects.filter(certifiable=True).order_by("code"),
        "standard": standard.code if standard else "",
        "iaf_code": code or "",
        "level": level,
        "levels": QualificationLevel.choices,
        "on_text": on_text,
        "can_qualify": can_qualify(actor),
    }
    return render(request, "people/qualifications.html", context)


@login_required
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    person = selectors.person_get(actor=actor, pk=pk)
    require_declarer(actor, person)
    clients = Client.objects.filter(certification_body_id=actor.cb_id).order_by("name")
    initial = {}
    preset = _int(request.GET.get("client"))
    if preset:
        initial["client"] = preset
    form = ConflictForm(request.POST or None, clients=clients, initial=initial)
    if request.method == "POST" and form.is_valid():
        row = form_apply(form, lambda d: services.conflict_declare(actor=actor, person=person, **d))
        if row is not None:
            messages.success(request, _("Declaration recorded."))
            return redirect("people:detail", pk=person.pk)
    return _form_page(
        request,
        form,
        _("Declare a relationship with a client"),
        f"/office/people/{pk}/",
        lead=_(
            "Consultancy, employment, financial interest or any other tie with a client that "
            "could threaten impartiality (ISO/IEC 17021-1 5.2)."
        ),
    )


@login_required
def conflict_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_for(request.user)
    row = selectors.conflict_get(actor=actor, pk=pk)
    require_declarer(actor, row.user)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = form_apply(
            form, lambda d: services.conflict_end(actor=actor, conflict=row, on=d["on"])
        )
        if done is not None:
            messages.success(request, _("End of the relationship recorded."))
            return redirect("people:detail", pk=row.user_id)
    return _form_page(
        request,
        form,
        _("End of %(kind)s with %(client)s")
        % {"kind": row.get_kind_display().lower(), "client": row.client.name},
        f"/office/people/{row.user_id}/",
    )


@login_required
def conflict_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request.user)
    require_staff(actor)
    client_id = _int(request.GET.get("client"))
    person_id = _int(request.GET.get("person"))
    client = client_get(actor=actor, pk=client_id) if client_id else None
    person = selectors.person_get(actor=actor, pk=person_id) if person_id else None
    rows = selectors.conflict_list(actor=actor, user=person, client=client)
    if wants_csv(request):
        return csv_response(
            "conflicts.csv",
            ["username", "client", "kind", "from", "until", "note", "declared_at"],
            (
                [
                    d.user.username,
                    d.client.name,
                    d.kind,
                    d.started_on or "",
                    d.ended_on or "",
                    d.note,
                    d.declared_at.isoformat(),
                ]
                for d in rows
            ),
        )
    context = {"page": page_of(request, rows), "client": client, "person": person}
    return render(request, "people/conflicts.html", context)


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own API tokens; a new token's secret is shown once, on this response."""
    user = request.user
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        made = api_token_create(user=user, name=form.cleaned_data["name"])
        secret = made.secret
        form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "page": page_of(request, selectors.token_list(user=user)),
    }
    response = render(request, "people/tokens.html", context)
    add_never_cache_headers(response)  # the secret must not sit in a cache
    return response


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    row = selectors.token_get(user=request.user, pk=pk)
    api_token_revoke(user=request.user, token_id=row.pk)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": row.name})
    return redirect("people:tokens")
