"""Client pages: the list (search, CSV, constant queries), the detail, the forms and who sees what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient

from isocert.clients.models import Client, ClientIdentifier, Contact, Site

pytestmark = pytest.mark.django_db


def test_list_search_and_csv(client: HttpClient, personas: Any) -> None:
    gadget = Client.objects.create(certification_body=personas.cb, name="Gadget", country="DE")
    ClientIdentifier.objects.create(client=gadget, scheme="vat", value="DE136695976")
    client.force_login(personas.lead)
    html = client.get("/office/clients/?q=DE136695976").content.decode()
    assert "Gadget" in html
    assert "Widget Works" not in html
    res = client.get("/office/clients/?format=csv&sort=name")
    assert res["Content-Type"].startswith("text/csv")
    assert 'filename="clients.csv"' in res["Content-Disposition"]
    lines = res.content.decode().splitlines()
    assert lines[0] == "id,name,legal_name,country,sites,personnel,identifiers,website"
    assert lines[1].startswith(f"{gadget.pk},Gadget,,DE,0,0,vat:DE136695976")
    assert lines[2].startswith(f"{personas.client.pk},Widget Works Ltd,,GB,1,60")


def test_csv_cells_cannot_run_formulas(client: HttpClient, personas: Any) -> None:
    Client.objects.create(certification_body=personas.cb, name="=HYPERLINK(1)", country="GB")
    client.force_login(personas.lead)
    text = client.get("/office/clients/?format=csv").content.decode()
    assert "'=HYPERLINK(1)" in text


@pytest.mark.parametrize("rows", [2, 5])
def test_list_query_count_is_constant(
    client: HttpClient, personas: Any, django_assert_num_queries: Any, rows: int
) -> None:
    for n in range(rows):
        c = Client.objects.create(certification_body=personas.cb, name=f"C{n}", country="GB")
        ClientIdentifier.objects.create(client=c, scheme="duns", value=f"{n}")
    client.force_login(personas.planner)
    # session, user, actor (3), count, page, identifiers, menu (is the user staff of a body?)
    with django_assert_num_queries(9):
        res = client.get("/office/clients/?sort=country")
    assert res.status_code == 200


def test_client_user_goes_to_their_own_page_only(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.client_user)
    res = client.get("/office/clients/")
    assert res.status_code == 302
    assert res["Location"] == f"/office/clients/{personas.client.pk}/"
    page = client.get(f"/office/clients/{personas.client.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Head office" in html
    assert "Edit client" not in html
    assert "Declared conflicts" not in html
    assert client.get(f"/office/clients/{personas.other_client.pk}/").status_code == 404
    assert client.get(f"/office/clients/{personas.client.pk}/edit/").status_code == 403


def test_other_bodys_staff_get_404(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.other_staff)
    assert client.get(f"/office/clients/{personas.client.pk}/").status_code == 404
    head = Site.objects.get(client=personas.client)
    assert client.get(f"/office/clients/sites/{head.pk}/edit/").status_code == 404
    assert client.post(f"/office/clients/sites/{head.pk}/remove/").status_code == 404


@pytest.mark.parametrize("who", ["outsider", "ab_user"])
def test_no_client_pages_for_others(client: HttpClient, personas: Any, who: str) -> None:
    client.force_login(getattr(personas, who))
    assert client.get("/office/clients/").status_code == 403


def test_create_form_shows_errors_then_saves(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.admin)
    res = client.post("/office/clients/new/", {"name": "", "country": "GB"})
    assert res.status_code == 400
    assert 'class="field-error" role="alert"' in res.content.decode()
    res = client.post("/office/clients/new/", {"name": "Gadget", "country": "DE"})
    assert res.status_code == 302
    assert Client.objects.filter(name="Gadget", country="DE").exists()


def test_auditor_cannot_open_the_create_form(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.auditor)
    assert client.get("/office/clients/new/").status_code == 403


def test_malformed_vat_shows_on_the_form(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.admin)
    res = client.post(
        f"/office/clients/{personas.client.pk}/identifiers/new/",
        {"scheme": "vat", "value": "GB 980 7806 85"},
    )
    assert res.status_code == 400
    assert "check digits do not match" in res.content.decode()
    res = client.post(
        f"/office/clients/{personas.client.pk}/identifiers/new/",
        {"scheme": "vat", "value": "GB 980 7806 84"},
    )
    assert res.status_code == 302
    page = client.get(f"/office/clients/{personas.client.pk}/").content.decode()
    assert "980780684" in page


def test_central_function_refusal_shows_on_the_site_form(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.planner)
    res = client.post(
        f"/office/clients/{personas.client.pk}/sites/new/",
        {
            "name": "HQ2",
            "city": "York",
            "country": "GB",
            "personnel": "3",
            "is_central_function": "on",
        },
    )
    assert res.status_code == 400
    assert "already has a central function" in res.content.decode()


def test_site_edit_and_remove(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.planner)
    site = Site.objects.create(client=personas.client, name="Depot", city="York", country="GB")
    res = client.post(
        f"/office/clients/sites/{site.pk}/edit/",
        {"name": "Depot", "city": "York", "country": "GB", "personnel": "9"},
    )
    assert res.status_code == 302
    site.refresh_from_db()
    assert site.personnel == 9
    client.post(f"/office/clients/sites/{site.pk}/remove/")
    assert not Site.objects.filter(pk=site.pk).exists()


def test_contact_forms(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.admin)
    res = client.post(
        f"/office/clients/{personas.client.pk}/contacts/new/", {"name": "Ann", "email": "nope"}
    )
    assert res.status_code == 400
    client.post(
        f"/office/clients/{personas.client.pk}/contacts/new/",
        {"name": "Ann", "email": "ann@widget.example"},
    )
    contact = Contact.objects.get()
    client.post(
        f"/office/clients/contacts/{contact.pk}/edit/",
        {"name": "Ann Smith", "email": "ann@widget.example"},
    )
    assert Contact.objects.get().name == "Ann Smith"
    client.post(f"/office/clients/contacts/{contact.pk}/remove/")
    assert not Contact.objects.exists()


def test_client_user_form_links_and_creates(client: HttpClient, personas: Any) -> None:
    client.force_login(personas.admin)
    url = f"/office/clients/{personas.client.pk}/users/new/"
    res = client.post(url, {"mode": "create", "username": "new-qm"})
    assert res.status_code == 400
    assert "needs an e-mail" in res.content.decode()
    res = client.post(url, {"mode": "link", "username": "lead"})
    assert res.status_code == 400
    assert "works for a certification body" in res.content.decode()
    res = client.post(url, {"mode": "create", "username": "new-qm", "email": "qm@widget.example"})
    assert res.status_code == 302
    assert personas.client.users.filter(user__username="new-qm").exists()


def test_staff_detail_lists_declared_conflicts(client: HttpClient, personas: Any) -> None:
    from isocert.people.models import ConflictDeclaration

    ConflictDeclaration.objects.create(
        user=personas.lead, client=personas.client, kind="consultancy"
    )
    client.force_login(personas.planner)
    html = client.get(f"/office/clients/{personas.client.pk}/").content.decode()
    assert "Declared conflicts of interest" in html
    assert "Management-system consultancy" in html
