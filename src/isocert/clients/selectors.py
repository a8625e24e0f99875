"""Reads of clients, sites, identifiers, contacts and client users, scoped to the actor.

Staff see the clients of their certification body; a client user sees only their own organisation.
Anything else is a 404 (it may exist, but not for this actor).
"""

from __future__ import annotations

import re

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from isocert.clients.models import Client, ClientIdentifier, ClientUser, Contact, Site
from isocert.clients.permissions import require_client_reader, require_staff
from isocert.core.permissions import Actor

CLIENT_SORTS: dict[str, list[str]] = {
    "name": ["name", "pk"],
    "-name": ["-name", "-pk"],
    "country": ["country", "name", "pk"],
    "-country": ["-country", "name", "pk"],
    "sites": ["-site_count", "name", "pk"],
    "personnel": ["-personnel", "name", "pk"],
    "created": ["created_at", "pk"],
    "-created": ["-created_at", "-pk"],
}


def _visible(actor: Actor, prefix: str = "") -> Q:
    """Rows of the actor's clients: their body's (staff) or their own organisation (client user)."""
    require_client_reader(actor)
    field = f"{prefix}certification_body_id" if prefix else "certification_body_id"
    visible = Q(pk__in=[])
    if actor.cb_id is not None:
        visible |= Q(**{field: actor.cb_id})
    if actor.client_ids:
        visible |= Q(**{f"{prefix}pk__in": sorted(actor.client_ids)})
    return visible


def _compact(text: str) -> str:
    return re.sub(r"[\s.\-/]", "", text).upper()


def client_list(
    *, actor: Actor, search: str = "", country: str = "", sort: str = "name"
) -> QuerySet[Client]:
    """Clients the actor sees, searchable by name or identifier, with site and personnel totals."""
    rows = Client.objects.filter(_visible(actor))
    text = search.strip()
    if text:
        compact = _compact(text)
        ident = Q(value__icontains=text) | Q(value__icontains=compact)
        if len(compact) > 4 and compact[:2].isalpha():  # "GB980780684" finds "980780684"
            ident |= Q(value__icontains=compact[2:])
        rows = rows.filter(
            Q(name__icontains=text)
            | Q(legal_name__icontains=text)
            | Exists(ClientIdentifier.objects.filter(ident, client=OuterRef("pk")))
        )
    if country.strip():
        rows = rows.filter(country=country.strip().upper())
    sites = Site.objects.filter(client=OuterRef("pk")).order_by().values("client")
    rows = rows.annotate(
        site_count=Coalesce(
            Subquery(sites.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), 0
        ),
        personnel=Coalesce(
            Subquery(sites.annotate(n=Sum("personnel")).values("n"), output_field=IntegerField()),
            0,
        ),
    )
    return rows.prefetch_related(
        Prefetch("identifiers", queryset=ClientIdentifier.objects.order_by("scheme", "value"))
    ).order_by(*CLIENT_SORTS.get(sort, CLIENT_SORTS["name"]))


def client_get(*, actor: Actor, pk: int) -> Client:
    """A client the actor sees, with identifiers, contacts and users; else 404."""
    row = (
        Client.objects.filter(_visible(actor), pk=pk)
        .select_related("certification_body")
        .prefetch_related(
            Prefetch("identifiers", queryset=ClientIdentifier.objects.order_by("scheme", "value")),
            Prefetch("contacts", queryset=Contact.objects.order_by("name", "pk")),
            Prefetch("users", queryset=ClientUser.objects.select_related("user").order_by("pk")),
        )
        .first()
    )
    if row is None:
        raise Http404(_("No such client."))
    return row


def site_list(*, actor: Actor, client: Client) -> QuerySet[Site]:
    return Site.objects.filter(_visible(actor, "client__"), client=client).order_by(
        "-is_central_function", "name", "pk"
    )


def site_get(*, actor: Actor, pk: int) -> Site:
    row = Site.objects.filter(_visible(actor, "client__"), pk=pk).select_related("client").first()
    if row is None:
        raise Http404(_("No such site."))
    return row


def identifier_get(*, actor: Actor, pk: int) -> ClientIdentifier:
    row = (
        ClientIdentifier.objects.filter(_visible(actor, "client__"), pk=pk)
        .select_related("client")
        .first()
    )
    if row is None:
        raise Http404(_("No such identifier."))
    return row


def contact_get(*, actor: Actor, pk: int) -> Contact:
    row = (
        Contact.objects.filter(_visible(actor, "client__"), pk=pk).select_related("client").first()
    )
    if row is None:
        raise Http404(_("No such contact."))
    return row


def client_user_get(*, actor: Actor, pk: int) -> ClientUser:
    """A client's login link; staff only (a client user does not manage logins)."""
    require_staff(actor)
    row = (
        ClientUser.objects.filter(client__certification_body_id=actor.cb_id, pk=pk)
        .select_related("client", "user")
        .first()
    )
    if row is None:
        raise Http404(_("No such client user."))
    return row
