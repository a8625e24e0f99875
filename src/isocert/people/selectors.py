"""Reads of the body's people, qualifications and conflict declarations, scoped to the actor.

``qualification_for`` and ``conflicts_for`` are called by the audits services (team competence and
impartiality); they take plain objects, not an actor, because the caller has already scoped them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from isocert.accreditation.models import CertificationBody
from isocert.catalog.models import IafCode, Standard
from isocert.clients.models import Client
from isocert.core.models import ApiToken
from isocert.core.permissions import Actor
from isocert.people.choices import QualificationLevel
from isocert.people.models import ConflictDeclaration, Membership, Qualification
from isocert.people.permissions import require_staff

User = get_user_model()

STAFF_SORTS: dict[str, list[str]] = {
    "username": ["username", "pk"],
    "name": ["last_name", "first_name", "username", "pk"],
    "-joined": ["-date_joined", "-pk"],
    "last_login": ["-last_login", "username", "pk"],
}
STAFF_STATES = ("current", "former", "all")

# Strongest first: a lead auditor may also act as auditor.
LEVEL_RANK = {
    QualificationLevel.LEAD_AUDITOR: 0,
    QualificationLevel.AUDITOR: 1,
    QualificationLevel.TECHNICAL_EXPERT: 2,
}


def _active_roles(cb_id: int) -> Prefetch:
    return Prefetch(
        "memberships",
        queryset=Membership.objects.filter(certification_body_id=cb_id, active=True).order_by(
            "role"
        ),
        to_attr="cb_roles",
    )


def staff_list(
    *, actor: Actor, search: str = "", role: str = "", state: str = "current", sort: str = "name"
) -> QuerySet[Any]:
    """People of the actor's body with their active roles (``cb_roles``) and qualification count."""
    require_staff(actor)
    cb = actor.cb_id
    assert cb is not None
    at_body = Membership.objects.filter(user=OuterRef("pk"), certification_body_id=cb)
    rows = User.objects.filter(Exists(at_body))
    if state == "former":
        rows = rows.exclude(Exists(at_body.filter(active=True)))
    elif state != "all":
        rows = rows.filter(Exists(at_body.filter(active=True)))
    if role:
        rows = rows.filter(Exists(at_body.filter(active=True, role=role)))
    text = search.strip()
    if text:
        rows = rows.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )
    quals = (
        Qualification.objects.filter(user=OuterRef("pk"), certification_body_id=cb)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        rows.annotate(qualification_count=Coalesce(Subquery(quals, output_field=IntegerField()), 0))
        .prefetch_related(_active_roles(cb))
        .order_by(*STAFF_SORTS.get(sort, STAFF_SORTS["name"]))
    )


def person_get(*, actor: Actor, pk: int) -> Any:
    """A person who works (or worked) for the actor's body, with active roles; else 404."""
    require_staff(actor)
    cb = actor.cb_id
    assert cb is not None
    row = (
        User.objects.filter(
            Exists(Membership.objects.filter(user=OuterRef("pk"), certification_body_id=cb)),
            pk=pk,
        )
        .prefetch_related(_active_roles(cb))
        .first()
    )
    if row is None:
        raise Http404(_("No such person at your certification body."))
    return row


def qualification_list(
    *,
    actor: Actor,
    user: Any = None,
    standard: Standard | None = None,
    iaf_code: int | None = None,
    level: str = "",
    on: dt.date | None = None,
) -> QuerySet[Qualification]:
    """Qualifications recorded by the actor's body; ``on`` keeps those valid on that date."""
    require_staff(actor)
    rows = Qualification.objects.filter(certification_body_id=actor.cb_id)
    if user is not None:
        rows = rows.filter(user=user)
    if standard is not None:
        rows = rows.filter(standard=standard)
    if iaf_code is not None:
        rows = rows.filter(iaf_code_id=iaf_code)
    if level:
        rows = rows.filter(level=level)
    if on is not None:
        rows = rows.filter(_valid_on(on))
    return rows.select_related("user", "standard", "iaf_code").order_by(
        "user__username", "standard__code", "iaf_code_id", "level", "-valid_from", "pk"
    )


def qualification_get(*, actor: Actor, pk: int) -> Qualification:
    require_staff(actor)
    row = (
        Qualification.objects.filter(certification_body_id=actor.cb_id, pk=pk)
        .select_related("user", "standard", "iaf_code")
        .first()
    )
    if row is None:
        raise Http404(_("No such qualification."))
    return row


def _valid_on(on: dt.date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_until__isnull=True) | Q(valid_until__gte=on))


def qualification_for(
    *,
    user: Any,
    certification_body: CertificationBody,
    standard: Standard,
    iaf_code: IafCode | int | None,
    on: dt.date,
) -> Qualification | None:
    """The person's strongest qualification for ``standard`` (and ``iaf_code``) valid on ``on``.

    ISO/IEC 17021-1 7.1.2 / 9.2.2.1: the audit team is competent for the scope. ``iaf_code=None``
    asks about a standard whose scopes have no IAF codes (only code-less qualifications count);
    otherwise the qualification must name that IAF code. Lead auditor ranks above auditor above
    technical expert. The caller checks membership and role (this answers competence only).
    """
    code = iaf_code.code if isinstance(iaf_code, IafCode) else iaf_code
    rows = Qualification.objects.filter(
        _valid_on(on), user=user, certification_body=certification_body, standard=standard
    )
    rows = rows.filter(iaf_code__isnull=True) if code is None else rows.filter(iaf_code_id=code)
    rank = Case(
        *(When(level=level, then=Value(n)) for level, n in LEVEL_RANK.items()),
        default=Value(9),
        output_field=IntegerField(),
    )
    return (
        rows.select_related("standard", "iaf_code")
        .annotate(rank=rank)
        .order_by("rank", "-valid_from", "pk")
        .first()
    )


def conflicts_for(*, user: Any, client: Client) -> QuerySet[ConflictDeclaration]:
    """Every conflict of interest ``user`` declared with ``client``, oldest first.

    The audits services judge them (ISO/IEC 17021-1 5.2: e.g. consultancy to the client within two
    years bars the person from its audits); this returns the declarations as recorded.
    """
    return (
        ConflictDeclaration.objects.filter(user=user, client=client)
        .select_related("client", "user")
        .order_by("started_on", "declared_at", "pk")
    )


def conflict_list(
    *, actor: Actor, user: Any = None, client: Client | None = None
) -> QuerySet[ConflictDeclaration]:
    """Declarations about the actor's body's clients, per person and/or per client."""
    require_staff(actor)
    rows = ConflictDeclaration.objects.filter(client__certification_body_id=actor.cb_id)
    if user is not None:
        rows = rows.filter(user=user)
    if client is not None:
        rows = rows.filter(client=client)
    return rows.select_related("user", "client").order_by(
        "client__name", "user__username", "-declared_at", "-pk"
    )


def conflict_get(*, actor: Actor, pk: int) -> ConflictDeclaration:
    require_staff(actor)
    row = (
        ConflictDeclaration.objects.filter(client__certification_body_id=actor.cb_id, pk=pk)
        .select_related("user", "client")
        .first()
    )
    if row is None:
        raise Http404(_("No such declaration."))
    return row


def token_list(*, user: Any) -> QuerySet[ApiToken]:
    """A person's own API tokens, newest first (only the prefix of each secret is kept)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def token_get(*, user: Any, pk: int) -> ApiToken:
    row = ApiToken.objects.filter(user=user, pk=pk).first()
    if row is None:
        raise Http404(_("No such token of yours."))
    return row
