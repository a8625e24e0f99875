"""Writes of clients, sites, identifiers, contacts and client logins (body administrators and
scheme managers only). Each write is a ledger event: site personnel and scope drive audit time and
sampling, so who changed them matters to the accreditation body.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from isocert.clients.countries import country_check
from isocert.clients.identifiers import identifier_check
from isocert.clients.models import Client, ClientIdentifier, ClientUser, Contact, Site
from isocert.clients.permissions import require_client_manager
from isocert.clients.selectors import (
    client_get,
    client_user_get,
    contact_get,
    identifier_get,
    site_get,
)
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_append, snapshot
from isocert.core.permissions import Actor
from isocert.people.models import Membership
from isocert.registry.services import registry_changed

CLIENT_FIELDS = ["name", "legal_name", "country", "website", "confidential"]
SITE_FIELDS = [
    "name",
    "street",
    "city",
    "postcode",
    "country",
    "personnel",
    "activities",
    "is_central_function",
    "is_virtual",
]
CONTACT_FIELDS = ["name", "email", "phone", "role"]


def _required(value: str, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if not text:
        raise Refused(_("Give the %(label)s.") % {"label": label}, details={"field": field})
    if len(text) > max_length:
        raise Refused(
            _("The %(label)s is longer than %(n)s characters.") % {"label": label, "n": max_length},
            details={"field": field},
        )
    return text


def _optional(value: str, field: str, label: str, max_length: int) -> str:
    text = (value or "").strip()
    if len(text) > max_length:
        raise Refused(
            _("The %(label)s is longer than %(n)s characters.") % {"label": label, "n": max_length},
            details={"field": field},
        )
    return text


def _website(value: str) -> str:
    text = (value or "").strip()
    if text:
        try:
            URLValidator(schemes=["http", "https"])(text)
        except ValidationError:
            raise Refused(
                _("“%(url)s” is not a web address; write it as https://example.com.")
                % {"url": text},
                details={"field": "website"},
            ) from None
    return text


def _email(value: str) -> str:
    text = (value or "").strip()
    try:
        validate_email(text)
    except ValidationError:
        raise Refused(
            _("“%(email)s” is not an e-mail address.") % {"email": text},
            details={"field": "email"},
        ) from None
    return text


def _body_id(actor: Actor) -> int:
    """The actor's body, after a role check has made sure there is one."""
    if actor.cb_id is None:  # pragma: no cover - require_role refuses first
        raise Refused(_("You work for no certification body."))
    return actor.cb_id


def _event(actor: Actor, kind: str, obj: Model, client: Client, **extra: Any) -> None:
    ledger_append(
        actor=actor.user,
        kind=kind,
        obj=obj,
        certification_body_id=client.certification_body_id,
        **extra,
    )


def _managed(actor: Actor, client: Client) -> Client:
    """The client again, through the actor's scope (another body's client is a 404)."""
    require_client_manager(actor)
    found = client_get(actor=actor, pk=client.pk)
    if found.certification_body_id != actor.cb_id:  # e.g. a manager who is also a client user
        raise Refused(_("Only the client's own certification body changes its records."))
    return found


# --- clients ---------------------------------------------------------------------------------------


@transaction.atomic
def client_create(
    *,
    actor: Actor,
    name: str,
    country: str,
    legal_name: str = "",
    website: str = "",
    confidential: bool = False,
) -> Client:
    """Record a new client (applicant organisation) of the actor's certification body."""
    require_client_manager(actor)
    client = Client.objects.create(
        certification_body_id=_body_id(actor),
        name=_required(name, "name", _("name"), 250),
        legal_name=_optional(legal_name, "legal_name", _("legal name"), 250),
        country=country_check(country),
        website=_website(website),
        confidential=confidential,
    )
    _event(actor, "client.created", client, client, after=snapshot(client, CLIENT_FIELDS))
    registry_changed(client_ids=[client.pk])
    return client


@transaction.atomic
def client_update(
    *,
    actor: Actor,
    client: Client,
    name: str,
    country: str,
    legal_name: str = "",
    website: str = "",
    confidential: bool = False,
) -> Client:
    client = _managed(actor, client)
    before = snapshot(client, CLIENT_FIELDS)
    client.name = _required(name, "name", _("name"), 250)
    client.legal_name = _optional(legal_name, "legal_name", _("legal name"), 250)
    client.country = country_check(country)
    client.website = _website(website)
    client.confidential = confidential
    after = snapshot(client, CLIENT_FIELDS)
    if after != before:
        client.save()
        _event(actor, "client.updated", client, client, before=before, after=after)
        registry_changed(client_ids=[client.pk])
    return client


# --- sites -----------------------------------------------------------------------------------------


def _site_values(
    *,
    name: str,
    city: str,
    country: str,
    street: str,
    postcode: str,
    personnel: int,
    activities: str,
    is_central_function: bool,
    is_virtual: bool,
) -> dict[str, Any]:
    if personnel < 0:
        raise Refused(_("Personnel cannot be negative."), details={"field": "personnel"})
    if is_virtual and is_central_function:
        raise Refused(
            _("The central function is a place where work is done; a virtual site cannot be it."),
            details={"field": "is_virtual"},
        )
    return {
        "name": _required(name, "name", _("site name"), 200),
        "city": _required(city, "city", _("city"), 120),
        "country": country_check(country),
        "street": _optional(street, "street", _("street"), 250),
        "postcode": _optional(postcode, "postcode", _("postcode"), 20),
        "personnel": personnel,
        "activities": (activities or "").strip(),
        "is_central_function": is_central_function,
        "is_virtual": is_virtual,
    }


def _one_central_function(client: Client, *, exclude: int | None = None) -> None:
    """IAF MD 1: a multi-site organisation has one central function."""
    other = Site.objects.filter(client=client, is_central_function=True)
    if exclude is not None:
        other = other.exclude(pk=exclude)
    existing = other.first()
    if existing is not None:
        raise Refused(
            _(
                "%(client)s already has a central function (%(site)s); untick it there first, "
                "an organisation has only one."
            )
            % {"client": client.name, "site": existing.name},
            details={"field": "is_central_function"},
        )


@transaction.atomic
def site_add(
    *,
    actor: Actor,
    client: Client,
    name: str,
    city: str,
    country: str,
    street: str = "",
    postcode: str = "",
    personnel: int = 0,
    activities: str = "",
    is_central_function: bool = False,
    is_virtual: bool = False,
) -> Site:
    client = _managed(actor, client)
    values = _site_values(
        name=name,
        city=city,
        country=country,
        street=street,
        postcode=postcode,
        personnel=personnel,
        activities=activities,
        is_central_function=is_central_function,
        is_virtual=is_virtual,
    )
    if is_central_function:
        _one_central_function(client)
    site = Site.objects.create(client=client, **values)
    _event(actor, "site.added", site, client, after=snapshot(site, SITE_FIELDS))
    return site


@transaction.atomic
def site_update(
    *,
    actor: Actor,
    site: Site,
    name: str,
    city: str,
    country: str,
    street: str = "",
    postcode: str = "",
    personnel: int = 0,
    activities: str = "",
    is_central_function: bool = False,
    is_virtual: bool = False,
) -> Site:
    site = site_get(actor=actor, pk=site.pk)
    client = _managed(actor, site.client)
    values = _site_values(
        name=name,
        city=city,
        country=country,
        street=street,
        postcode=postcode,
        personnel=personnel,
        activities=activities,
        is_central_function=is_central_function,
        is_virtual=is_virtual,
    )
    if is_central_function:
        _one_central_function(client, exclude=site.pk)
    before = snapshot(site, SITE_FIELDS)
    for field, value in values.items():
        setattr(site, field, value)
    after = snapshot(site, SITE_FIELDS)
    if after != before:
        site.save()
        _event(actor, "site.updated", site, client, before=before, after=after)
    return site


@transaction.atomic
def site_remove(*, actor: Actor, site: Site, reason: str = "") -> None:
    """Remove a site that no application, audit or certificate names (those keep their history)."""
    site = site_get(actor=actor, pk=site.pk)
    client = _managed(actor, site.client)
    from isocert.certification.models import CertificateSite

    used = []
    if site.applications.exists():
        used.append(_("an application"))
    if site.audits.exists():
        used.append(_("an audit"))
    if CertificateSite.objects.filter(site=site).exists():
        used.append(_("a certificate"))
    if used:
        raise Refused(
            _("%(site)s is named on %(what)s, so its record stays; edit it instead.")
            % {"site": site.name, "what": ", ".join(used)},
            details={"used_by": used},
        )
    before = snapshot(site, SITE_FIELDS)
    _event(actor, "site.removed", site, client, before=before, reason=(reason or "").strip())
    site.delete()


# --- identifiers -----------------------------------------------------------------------------------


@transaction.atomic
def identifier_add(*, actor: Actor, client: Client, scheme: str, value: str) -> ClientIdentifier:
    """Record a legal identifier; VAT, company and LEI numbers are checked with python-stdnum."""
    client = _managed(actor, client)
    checked = identifier_check(scheme=scheme, value=value, country=client.country)
    if ClientIdentifier.objects.filter(client=client, scheme=scheme, value=checked.value).exists():
        raise Refused(
            _("%(client)s already has this identifier (%(value)s).")
            % {"client": client.name, "value": checked.value},
            details={"field": "value"},
        )
    row = ClientIdentifier.objects.create(
        client=client, scheme=scheme, value=checked.value, validated=checked.validated
    )
    _event(
        actor,
        "client.identifier_added",
        row,
        client,
        after={"scheme": row.scheme, "value": row.value, "validated": row.validated},
    )
    registry_changed(client_ids=[client.pk])
    return row


@transaction.atomic
def identifier_remove(*, actor: Actor, identifier: ClientIdentifier) -> None:
    identifier = identifier_get(actor=actor, pk=identifier.pk)
    client = _managed(actor, identifier.client)
    _event(
        actor,
        "client.identifier_removed",
        identifier,
        client,
        before={"scheme": identifier.scheme, "value": identifier.value},
    )
    identifier.delete()
    registry_changed(client_ids=[client.pk])


# --- contacts --------------------------------------------------------------------------------------


def _contact_values(*, name: str, email: str, phone: str, role: str) -> dict[str, str]:
    return {
        "name": _required(name, "name", _("name"), 200),
        "email": _email(email),
        "phone": _optional(phone, "phone", _("phone"), 40),
        "role": _optional(role, "role", _("role"), 100),
    }


@transaction.atomic
def contact_add(
    *, actor: Actor, client: Client, name: str, email: str, phone: str = "", role: str = ""
) -> Contact:
    client = _managed(actor, client)
    contact = Contact.objects.create(
        client=client, **_contact_values(name=name, email=email, phone=phone, role=role)
    )
    _event(actor, "client.contact_added", contact, client, after=snapshot(contact, CONTACT_FIELDS))
    return contact


@transaction.atomic
def contact_update(
    *, actor: Actor, contact: Contact, name: str, email: str, phone: str = "", role: str = ""
) -> Contact:
    contact = contact_get(actor=actor, pk=contact.pk)
    client = _managed(actor, contact.client)
    before = snapshot(contact, CONTACT_FIELDS)
    for field, value in _contact_values(name=name, email=email, phone=phone, role=role).items():
        setattr(contact, field, value)
    after = snapshot(contact, CONTACT_FIELDS)
    if after != before:
        contact.save()
        _event(actor, "client.contact_updated", contact, client, before=before, after=after)
    return contact


@transaction.atomic
def contact_remove(*, actor: Actor, contact: Contact) -> None:
    contact = contact_get(actor=actor, pk=contact.pk)
    client = _managed(actor, contact.client)
    _event(
        actor, "client.contact_removed", contact, client, before=snapshot(contact, CONTACT_FIELDS)
    )
    contact.delete()


# --- client users (logins of the client's people) --------------------------------------------------


def _link(actor: Actor, client: Client, user: Any) -> ClientUser:
    if Membership.objects.filter(user=user, active=True).exists():
        raise Refused(
            _(
                "%(user)s works for a certification body; a client's login must be a separate "
                "account (impartiality, ISO/IEC 17021-1 5.2)."
            )
            % {"user": user.get_username()},
            details={"field": "username"},
        )
    if ClientUser.objects.filter(user=user, client=client).exists():
        raise Refused(
            _("%(user)s can already sign in for %(client)s.")
            % {"user": user.get_username(), "client": client.name},
            details={"field": "username"},
        )
    link = ClientUser.objects.create(user=user, client=client)
    _event(actor, "client.user_linked", link, client, after={"user": user.get_username()})
    return link


@transaction.atomic
def client_user_link(*, actor: Actor, client: Client, username: str) -> ClientUser:
    """Let an existing account sign in for this client (it then sees this client only)."""
    client = _managed(actor, client)
    user = get_user_model().objects.filter(username=(username or "").strip()).first()
    if user is None:
        raise Refused(
            _("There is no account named “%(name)s”; create one instead.") % {"name": username},
            details={"field": "username"},
        )
    return _link(actor, client, user)


@transaction.atomic
def client_user_create(
    *, actor: Actor, client: Client, username: str, email: str, password: str | None = None
) -> ClientUser:
    """Create an account for a person of the client and let it sign in for this client only.

    Without a password the account gets an unusable one; the person sets theirs by password reset.
    """
    from isocert.people.services import user_account_create

    client = _managed(actor, client)
    user = user_account_create(username=username, email=email, password=password)
    return _link(actor, client, user)


@transaction.atomic
def client_user_unlink(*, actor: Actor, client_user: ClientUser) -> None:
    link = client_user_get(actor=actor, pk=client_user.pk)
    client = _managed(actor, link.client)
    _event(actor, "client.user_unlinked", link, client, before={"user": link.user.get_username()})
    link.delete()
