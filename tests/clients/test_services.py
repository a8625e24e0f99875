"""Client writes: who may change a client, identifiers checked with python-stdnum, one central function."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.clients.models import Client, ClientIdentifier, ClientUser, Contact, Site
from isocert.clients.selectors import client_get, client_list, site_get
from isocert.clients.services import (
    client_create,
    client_update,
    client_user_create,
    client_user_link,
    client_user_unlink,
    contact_add,
    contact_remove,
    contact_update,
    identifier_add,
    identifier_remove,
    site_add,
    site_remove,
    site_update,
)
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_verify
from isocert.core.models import Event
from isocert.core.permissions import actor_for
from tests.personas import make_user

pytestmark = pytest.mark.django_db


def site(personas: Any, **extra: Any) -> Site:
    values = {"name": "Plant 2", "city": "Bradford", "country": "GB", "personnel": 25, **extra}
    return site_add(actor=actor_for(personas.admin), client=personas.client, **values)


@pytest.mark.parametrize("who", ["admin", "planner"])
def test_admin_and_scheme_manager_create_clients(personas: Any, who: str) -> None:
    actor = actor_for(getattr(personas, who))
    client = client_create(actor=actor, name="  Gadget GmbH ", country="de")
    assert (client.name, client.country, client.certification_body_id) == (
        "Gadget GmbH",
        "DE",
        personas.cb.pk,
    )
    event = Event.objects.get(kind="client.created")
    assert event.certification_body_id == personas.cb.pk
    assert event.after["name"] == "Gadget GmbH"


@pytest.mark.parametrize(
    "who", ["lead", "auditor", "decider", "reviewer", "client_user", "outsider", "ab_user"]
)
def test_other_roles_cannot_create_clients(personas: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        client_create(actor=actor_for(getattr(personas, who)), name="X", country="GB")
    assert Client.objects.count() == 2


def test_country_must_be_iso_3166_alpha_2(personas: Any) -> None:
    with pytest.raises(Refused, match="not an ISO 3166-1 alpha-2 country code"):
        client_create(actor=actor_for(personas.admin), name="X", country="UK")
    assert client_create(actor=actor_for(personas.admin), name="X", country="gb").country == "GB"


def test_website_must_be_a_web_address(personas: Any) -> None:
    with pytest.raises(Refused, match="not a web address"):
        client_create(actor=actor_for(personas.admin), name="X", country="GB", website="ftp://x")


def test_update_records_before_and_after(personas: Any) -> None:
    client_update(
        actor=actor_for(personas.planner),
        client=personas.client,
        name="Widget Works Ltd",
        country="GB",
        legal_name="Widget Works Limited",
    )
    event = Event.objects.get(kind="client.updated")
    assert event.before["legal_name"] == ""
    assert event.after["legal_name"] == "Widget Works Limited"


def test_another_bodys_client_is_404(personas: Any) -> None:
    with pytest.raises(Http404):
        client_update(
            actor=actor_for(personas.admin),
            client=personas.other_client,
            name="Hijacked",
            country="CA",
        )
    with pytest.raises(Http404):
        site_add(
            actor=actor_for(personas.admin),
            client=personas.other_client,
            name="X",
            city="Y",
            country="CA",
        )
    other_site = Site.objects.get(client=personas.other_client)
    with pytest.raises(Http404):
        site_update(
            actor=actor_for(personas.admin),
            site=other_site,
            name="X",
            city="Y",
            country="CA",
        )
    assert Client.objects.get(pk=personas.other_client.pk).name == "Maple Forge Inc"


def test_site_added_with_its_personnel(personas: Any) -> None:
    row = site(personas, activities="Assembly", is_virtual=False)
    assert (row.personnel, row.country) == (25, "GB")
    assert Event.objects.get(kind="site.added").after["personnel"] == 25


def test_only_one_central_function(personas: Any) -> None:
    with pytest.raises(Refused, match="already has a central function \\(Head office\\)"):
        site(personas, is_central_function=True)
    head = Site.objects.get(client=personas.client, is_central_function=True)
    # editing the central function itself keeps it
    site_update(
        actor=actor_for(personas.admin),
        site=head,
        name="Head office",
        city="Leeds",
        country="GB",
        personnel=65,
        is_central_function=True,
    )
    head.refresh_from_db()
    assert head.personnel == 65


def test_a_virtual_site_cannot_be_the_central_function(personas: Any) -> None:
    Site.objects.filter(client=personas.client).update(is_central_function=False)
    with pytest.raises(Refused, match="virtual site cannot be it"):
        site(personas, is_central_function=True, is_virtual=True)


def test_site_country_and_personnel_checked(personas: Any) -> None:
    with pytest.raises(Refused, match="ISO 3166-1"):
        site(personas, country="XX")
    with pytest.raises(Refused, match="cannot be negative"):
        site(personas, personnel=-1)


def test_site_update_logs_personnel_change(personas: Any) -> None:
    row = site(personas)
    site_update(
        actor=actor_for(personas.planner),
        site=row,
        name="Plant 2",
        city="Bradford",
        country="GB",
        personnel=40,
    )
    event = Event.objects.get(kind="site.updated")
    assert (event.before["personnel"], event.after["personnel"]) == (25, 40)
    assert ledger_verify().ok


def test_site_remove(personas: Any) -> None:
    row = site(personas)
    site_remove(actor=actor_for(personas.admin), site=row)
    assert not Site.objects.filter(pk=row.pk).exists()
    assert Event.objects.filter(kind="site.removed").exists()


def test_auditors_cannot_remove_sites(personas: Any) -> None:
    row = Site.objects.get(client=personas.client)
    with pytest.raises(PermissionDenied):
        site_remove(actor=actor_for(personas.lead), site=row)


@pytest.mark.parametrize(
    ("scheme", "value", "stored", "validated"),
    [
        ("vat", "GB 980 7806 84", "980780684", True),
        ("vat", "DE136695976", "DE136695976", True),  # an EU number of a GB client
        ("lei", "213800D1EI4B9WTWWD28", "213800D1EI4B9WTWWD28", True),
        ("duns", "15-048-3782", "15-048-3782", False),  # no checksum module: kept as given
        ("other", "Chamber #42", "Chamber #42", False),
    ],
)
def test_identifiers_validated_where_stdnum_can(
    personas: Any, scheme: str, value: str, stored: str, validated: bool
) -> None:
    row = identifier_add(
        actor=actor_for(personas.admin), client=personas.client, scheme=scheme, value=value
    )
    assert (row.value, row.validated) == (stored, validated)


def test_unknown_vat_scheme_of_a_country_is_accepted_unvalidated(personas: Any) -> None:
    us = client_create(actor=actor_for(personas.admin), name="Acme Inc", country="US")
    row = identifier_add(actor=actor_for(personas.admin), client=us, scheme="vat", value="12-345")
    assert row.validated is False


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("GB 980 7806 85", "check digits do not match"),
        ("DE13669597", "wrong number of characters"),
        ("GB98078068A", "never has"),
    ],
)
def test_malformed_vat_is_refused_with_the_reason(personas: Any, value: str, why: str) -> None:
    with pytest.raises(Refused, match=why) as caught:
        identifier_add(
            actor=actor_for(personas.admin), client=personas.client, scheme="vat", value=value
        )
    assert "is not a valid VAT number" in caught.value.message
    assert not ClientIdentifier.objects.exists()


def test_malformed_company_number_refused_where_a_module_exists(personas: Any) -> None:
    fr = client_create(actor=actor_for(personas.admin), name="Société", country="FR")
    with pytest.raises(Refused, match="not a valid Company registration number"):
        identifier_add(
            actor=actor_for(personas.admin), client=fr, scheme="company", value="732829321"
        )
    row = identifier_add(
        actor=actor_for(personas.admin), client=fr, scheme="company", value="732 829 320"
    )
    assert row.validated is True


def test_same_identifier_twice_is_refused(personas: Any) -> None:
    actor = actor_for(personas.admin)
    identifier_add(actor=actor, client=personas.client, scheme="vat", value="GB980780684")
    with pytest.raises(Refused, match="already has this identifier"):
        identifier_add(actor=actor, client=personas.client, scheme="vat", value="GB 980 7806 84")


def test_identifier_remove(personas: Any) -> None:
    actor = actor_for(personas.admin)
    row = identifier_add(actor=actor, client=personas.client, scheme="vat", value="GB980780684")
    identifier_remove(actor=actor, identifier=row)
    assert not ClientIdentifier.objects.exists()


def test_contacts(personas: Any) -> None:
    actor = actor_for(personas.planner)
    row = contact_add(
        actor=actor, client=personas.client, name="Ann Smith", email="ann@widget.example", role="QM"
    )
    with pytest.raises(Refused, match="not an e-mail address"):
        contact_update(actor=actor, contact=row, name="Ann", email="ann-at-widget")
    contact_update(
        actor=actor, contact=row, name="Ann Smith", email="ann@widget.example", phone="+44 1"
    )
    assert Contact.objects.get(pk=row.pk).phone == "+44 1"
    contact_remove(actor=actor, contact=row)
    assert not Contact.objects.exists()


def test_client_user_created_sees_only_their_client(personas: Any) -> None:
    link = client_user_create(
        actor=actor_for(personas.admin),
        client=personas.client,
        username="qm-widget",
        email="qm@widget.example",
    )
    assert link.user.has_usable_password() is False
    actor = actor_for(link.user)
    assert [c.pk for c in client_list(actor=actor)] == [personas.client.pk]
    with pytest.raises(Http404):
        client_get(actor=actor, pk=personas.other_client.pk)


def test_client_user_cannot_see_another_client_or_its_sites(personas: Any) -> None:
    actor = actor_for(personas.client_user)
    assert client_get(actor=actor, pk=personas.client.pk).name == "Widget Works Ltd"
    with pytest.raises(Http404):
        client_get(actor=actor, pk=personas.other_client.pk)
    with pytest.raises(Http404):
        site_get(actor=actor, pk=Site.objects.get(client=personas.other_client).pk)


def test_client_user_cannot_change_their_own_client(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        client_update(
            actor=actor_for(personas.client_user),
            client=personas.client,
            name="Renamed",
            country="GB",
        )


def test_client_user_password_is_checked(personas: Any) -> None:
    with pytest.raises(Refused, match="too weak"):
        client_user_create(
            actor=actor_for(personas.admin),
            client=personas.client,
            username="qm2",
            email="qm2@widget.example",
            password="12345",
        )
    assert not get_user_model().objects.filter(username="qm2").exists()


def test_link_existing_account(personas: Any) -> None:
    user = make_user("ceo-widget")
    link = client_user_link(
        actor=actor_for(personas.admin), client=personas.client, username="ceo-widget"
    )
    assert link.user == user
    with pytest.raises(Refused, match="can already sign in"):
        client_user_link(
            actor=actor_for(personas.admin), client=personas.client, username="ceo-widget"
        )
    with pytest.raises(Refused, match="no account named"):
        client_user_link(actor=actor_for(personas.admin), client=personas.client, username="nobody")
    client_user_unlink(actor=actor_for(personas.admin), client_user=link)
    assert not ClientUser.objects.filter(user=user).exists()


def test_staff_accounts_cannot_become_client_logins(personas: Any) -> None:
    with pytest.raises(Refused, match="works for a certification body"):
        client_user_link(actor=actor_for(personas.admin), client=personas.client, username="lead")


def test_taken_username_refused(personas: Any) -> None:
    with pytest.raises(Refused, match="taken"):
        client_user_create(
            actor=actor_for(personas.admin),
            client=personas.client,
            username="Lead",
            email="x@example.org",
        )


def test_a_site_named_on_an_application_stays(personas: Any) -> None:
    from isocert.audits.models import Application

    row = site(personas)
    application = Application.objects.create(
        certification_body=personas.cb, client=personas.client, scope="Widgets", personnel=85
    )
    application.sites.add(row)
    with pytest.raises(Refused, match="named on an application"):
        site_remove(actor=actor_for(personas.admin), site=row)
    assert Site.objects.filter(pk=row.pk).exists()
