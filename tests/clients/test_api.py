"""The clients API: token auth, scoping, refusals and the one error shape, constant queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient

from isocert.clients.models import Client, ClientIdentifier, Site
from isocert.core.tokens import api_token_create

pytestmark = pytest.mark.django_db

BASE = "/api/v1/office/clients"


def auth(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}


def post(client: HttpClient, url: str, data: Any, user: Any) -> Any:
    return client.post(url, data, content_type="application/json", **auth(user))


def test_revoked_or_wrong_token_is_401(client: HttpClient, personas: Any) -> None:
    assert client.get(BASE, HTTP_AUTHORIZATION="Bearer isc_nope").status_code == 401


def test_create_and_read_a_client(client: HttpClient, personas: Any) -> None:
    res = post(client, BASE, {"name": "Gadget GmbH", "country": "DE"}, personas.planner)
    assert res.status_code == 201, res.content
    data = res.json()
    assert data["country_name"] == "Germany"
    assert data["certification_body_id"] == personas.cb.pk
    res = client.get(f"{BASE}/{data['id']}", **auth(personas.lead))
    assert res.json()["name"] == "Gadget GmbH"


def test_auditor_cannot_create(client: HttpClient, personas: Any) -> None:
    res = post(client, BASE, {"name": "X", "country": "DE"}, personas.auditor)
    assert res.status_code == 403
    assert res.json() == {
        "error": "forbidden",
        "message": "This needs one of these roles: cb_admin, scheme_manager.",
        "details": None,
    }


def test_bad_country_is_400_refused(client: HttpClient, personas: Any) -> None:
    res = post(client, BASE, {"name": "X", "country": "ZZ"}, personas.admin)
    assert res.status_code == 400
    assert res.json()["error"] == "refused"
    assert res.json()["details"] == {"field": "country"}


def test_malformed_vat_is_400_with_message(client: HttpClient, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/{personas.client.pk}/identifiers",
        {"scheme": "vat", "value": "GB 980 7806 85"},
        personas.admin,
    )
    assert res.status_code == 400
    assert "check digits do not match" in res.json()["message"]
    assert not ClientIdentifier.objects.exists()
    res = post(
        client,
        f"{BASE}/{personas.client.pk}/identifiers",
        {"scheme": "vat", "value": "GB 980 7806 84"},
        personas.admin,
    )
    assert res.status_code == 201
    assert res.json()["validated"] is True


def test_unknown_scheme_is_422(client: HttpClient, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/{personas.client.pk}/identifiers",
        {"scheme": "ssn", "value": "1"},
        personas.admin,
    )
    assert res.status_code == 422
    assert res.json()["error"] == "invalid_input"


def test_other_bodys_client_is_404_everywhere(client: HttpClient, personas: Any) -> None:
    other = personas.other_client
    headers = auth(personas.admin)
    other_site = Site.objects.get(client=other)
    assert client.get(f"{BASE}/{other.pk}", **headers).status_code == 404
    assert client.get(f"{BASE}/{other.pk}/sites", **headers).status_code == 404
    res = client.put(
        f"{BASE}/{other.pk}",
        {"name": "Taken", "country": "CA"},
        content_type="application/json",
        **headers,
    )
    assert res.status_code == 404
    assert client.delete(f"{BASE}/sites/{other_site.pk}", **headers).status_code == 404
    assert Client.objects.get(pk=other.pk).name == "Maple Forge Inc"


def test_client_user_sees_only_their_organisation(client: HttpClient, personas: Any) -> None:
    headers = auth(personas.client_user)
    data = client.get(BASE, **headers).json()
    assert [c["name"] for c in data["items"]] == ["Widget Works Ltd"]
    assert client.get(f"{BASE}/{personas.other_client.pk}", **headers).status_code == 404
    assert client.get(f"{BASE}/{personas.client.pk}", **headers).status_code == 200


def test_sites_add_update_remove(client: HttpClient, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/{personas.client.pk}/sites",
        {"name": "Depot", "city": "York", "country": "GB", "personnel": 12},
        personas.admin,
    )
    assert res.status_code == 201
    site_id = res.json()["id"]
    res = client.put(
        f"{BASE}/sites/{site_id}",
        {"name": "Depot", "city": "York", "country": "GB", "personnel": 15, "is_virtual": False},
        content_type="application/json",
        **auth(personas.planner),
    )
    assert res.json()["personnel"] == 15
    assert client.delete(f"{BASE}/sites/{site_id}", **auth(personas.admin)).status_code == 204
    assert not Site.objects.filter(pk=site_id).exists()


def test_second_central_function_is_refused(client: HttpClient, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/{personas.client.pk}/sites",
        {"name": "HQ 2", "city": "York", "country": "GB", "is_central_function": True},
        personas.admin,
    )
    assert res.status_code == 400
    assert "already has a central function" in res.json()["message"]


def test_contacts_and_client_users(client: HttpClient, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/{personas.client.pk}/contacts",
        {"name": "Ann", "email": "ann@widget.example"},
        personas.admin,
    )
    assert res.status_code == 201
    res = post(
        client,
        f"{BASE}/{personas.client.pk}/users",
        {"username": "ann-widget", "create": True, "email": "ann@widget.example"},
        personas.admin,
    )
    assert res.status_code == 201
    link_id = res.json()["id"]
    detail = client.get(f"{BASE}/{personas.client.pk}", **auth(personas.admin)).json()
    assert [u["username"] for u in detail["users"]] == ["client", "ann-widget"]
    assert [c["name"] for c in detail["contacts"]] == ["Ann"]
    assert client.delete(f"{BASE}/users/{link_id}", **auth(personas.admin)).status_code == 204


@pytest.mark.parametrize("rows", [2, 5])
def test_list_query_count_is_constant(
    client: HttpClient, personas: Any, django_assert_num_queries: Any, rows: int
) -> None:
    for n in range(rows):
        c = Client.objects.create(certification_body=personas.cb, name=f"C{n}", country="GB")
        ClientIdentifier.objects.create(client=c, scheme="duns", value=f"{n}")
        Site.objects.create(client=c, name="S", city="X", country="GB", personnel=n)
    headers = auth(personas.planner)
    # token, last used, actor (3), count, page, identifiers prefetch
    with django_assert_num_queries(8):
        res = client.get(f"{BASE}?sort=-created&page_size=100", **headers)
    data = res.json()
    assert data["count"] == rows + 1
    assert data["items"][0]["identifiers"][0]["value"] == str(rows - 1)


def test_pagination(client: HttpClient, personas: Any) -> None:
    for n in range(4):
        Client.objects.create(certification_body=personas.cb, name=f"C{n}", country="GB")
    data = client.get(f"{BASE}?page=2&page_size=2", **auth(personas.planner)).json()
    assert (data["count"], data["page"], data["pages"]) == (5, 2, 3)
    assert [c["name"] for c in data["items"]] == ["C2", "C3"]
