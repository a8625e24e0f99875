"""The people API: staff, roles, qualifications, declarations, tokens — scoped, with one error shape."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from isocert.core.models import ApiToken
from isocert.core.tokens import api_token_create
from isocert.people.models import ConflictDeclaration, Qualification
from tests.personas import make_user

pytestmark = pytest.mark.django_db

BASE = "/api/v1/office/people"


def auth(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}


def post(client: Client, url: str, data: Any, user: Any) -> Any:
    return client.post(url, data, content_type="application/json", **auth(user))


def test_staff_list_with_roles(client: Client, personas: Any) -> None:
    data = client.get(f"{BASE}/staff?role=lead_auditor", **auth(personas.planner)).json()
    assert data["count"] == 1
    assert data["items"][0]["username"] == "lead"
    assert data["items"][0]["roles"] == ["lead_auditor"]
    assert data["items"][0]["qualification_count"] == 9


@pytest.mark.parametrize("rows", [2, 5])
def test_staff_list_query_count_is_constant(
    client: Client, personas: Any, django_assert_num_queries: Any, rows: int
) -> None:
    from isocert.people.models import Membership

    for n in range(rows):
        Membership.objects.create(
            user=make_user(f"p{n}"), certification_body=personas.cb, role="auditor"
        )
    headers = auth(personas.admin)
    # token, last used, actor (3), count, page, roles prefetch
    with django_assert_num_queries(8):
        res = client.get(f"{BASE}/staff?page_size=100", **headers)
    assert res.json()["count"] == 7 + rows


def test_admin_adds_a_person(client: Client, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/staff",
        {"username": "newbie", "email": "n@acme.example", "roles": ["auditor", "technical_expert"]},
        personas.admin,
    )
    assert res.status_code == 201, res.content
    assert res.json()["roles"] == ["auditor", "technical_expert"]


def test_planner_adding_a_person_is_403(client: Client, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/staff",
        {"username": "n", "email": "n@acme.example", "roles": ["auditor"]},
        personas.planner,
    )
    assert res.status_code == 403
    assert set(res.json()) == {"error", "message", "details"}


def test_unknown_role_is_422(client: Client, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/staff",
        {"username": "n", "email": "n@x.example", "roles": ["boss"]},
        personas.admin,
    )
    assert res.status_code == 422
    assert res.json()["error"] == "invalid_input"


def test_roles_grant_and_revoke(client: Client, personas: Any) -> None:
    url = f"{BASE}/staff/{personas.auditor.pk}/roles"
    res = post(client, url, {"role": "lead_auditor"}, personas.admin)
    assert res.status_code == 201
    assert res.json() == {"user_id": personas.auditor.pk, "role": "lead_auditor", "active": True}
    res = client.delete(f"{url}/lead_auditor", **auth(personas.admin))
    assert res.json()["active"] is False
    res = client.delete(f"{url}/lead_auditor", **auth(personas.admin))
    assert res.status_code == 400
    assert res.json()["error"] == "refused"


def test_other_bodys_person_is_404(client: Client, personas: Any) -> None:
    headers = auth(personas.admin)
    assert client.get(f"{BASE}/staff/{personas.other_staff.pk}", **headers).status_code == 404
    res = post(
        client, f"{BASE}/staff/{personas.other_staff.pk}/roles", {"role": "auditor"}, personas.admin
    )
    assert res.status_code == 404


def test_qualifications_add_list_end(client: Client, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/staff/{personas.auditor.pk}/qualifications",
        {
            "standard": "ISO/IEC 27001",
            "iaf_code": 33,
            "level": "auditor",
            "valid_from": "2024-01-01",
        },
        personas.planner,
    )
    assert res.status_code == 201, res.content
    qid = res.json()["id"]
    data = client.get(
        f"{BASE}/qualifications?standard=ISO/IEC%2027001&on=2024-06-01", **auth(personas.lead)
    ).json()
    assert [(q["username"], q["iaf_code"]) for q in data["items"]] == [("auditor", 33)]
    res = post(client, f"{BASE}/qualifications/{qid}/end", {"on": "2024-12-31"}, personas.admin)
    assert res.json()["valid_until"] == "2024-12-31"


def test_qualification_without_code_for_a_coded_standard_is_400(
    client: Client, personas: Any
) -> None:
    res = post(
        client,
        f"{BASE}/staff/{personas.auditor.pk}/qualifications",
        {"standard": "ISO 9001", "level": "auditor", "valid_from": "2024-01-01"},
        personas.planner,
    )
    assert res.status_code == 400
    assert res.json()["details"] == {"field": "iaf_code"}


def test_unknown_standard_is_400(client: Client, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/staff/{personas.auditor.pk}/qualifications",
        {"standard": "ISO 99999", "iaf_code": 1, "level": "auditor", "valid_from": "2024-01-01"},
        personas.planner,
    )
    assert res.status_code == 400
    assert res.json()["error"] == "unknown_standard"


@pytest.mark.parametrize("rows", [2, 5])
def test_qualification_list_query_count_is_constant(
    client: Client, personas: Any, django_assert_num_queries: Any, rows: int
) -> None:
    Qualification.objects.all().delete()
    from isocert.catalog.models import Standard

    iso = Standard.objects.get(code="ISO 9001")
    for n in range(rows):
        Qualification.objects.create(
            user=personas.lead,
            certification_body=personas.cb,
            standard=iso,
            iaf_code_id=n + 1,
            level="auditor",
            valid_from="2020-01-01",
        )
    headers = auth(personas.planner)
    with django_assert_num_queries(7):
        res = client.get(f"{BASE}/qualifications", **headers)
    assert res.json()["count"] == rows


def test_declarations_per_person_and_client(client: Client, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/staff/{personas.lead.pk}/conflicts",
        {"client": personas.client.pk, "kind": "consultancy", "started_on": "2023-01-01"},
        personas.lead,
    )
    assert res.status_code == 201, res.content
    cid = res.json()["id"]
    data = client.get(
        f"{BASE}/conflicts?client={personas.client.pk}", **auth(personas.planner)
    ).json()
    assert [(d["username"], d["client_name"], d["kind"]) for d in data["items"]] == [
        ("lead", "Widget Works Ltd", "consultancy")
    ]
    res = post(client, f"{BASE}/conflicts/{cid}/end", {"on": "2024-01-31"}, personas.lead)
    assert res.json()["ended_on"] == "2024-01-31"


def test_declaring_for_someone_else_is_403(client: Client, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/staff/{personas.lead.pk}/conflicts",
        {"client": personas.client.pk, "kind": "other"},
        personas.auditor,
    )
    assert res.status_code == 403
    assert not ConflictDeclaration.objects.exists()


def test_declaring_with_another_bodys_client_is_404(client: Client, personas: Any) -> None:
    res = post(
        client,
        f"{BASE}/staff/{personas.lead.pk}/conflicts",
        {"client": personas.other_client.pk, "kind": "other"},
        personas.lead,
    )
    assert res.status_code == 404


def test_tokens_create_list_revoke(client: Client, personas: Any) -> None:
    headers = auth(personas.lead)
    res = client.post(
        f"{BASE}/tokens", {"name": "ERP sync"}, content_type="application/json", **headers
    )
    assert res.status_code == 201
    created = res.json()
    assert created["secret"].startswith("isc_")
    assert created["secret"].startswith(created["prefix"])
    listed = client.get(f"{BASE}/tokens", **headers).json()
    assert "secret" not in listed["items"][0]
    assert listed["count"] == 2  # the one used here and the new one
    # the new token works, then stops working once revoked
    new = {"HTTP_AUTHORIZATION": f"Bearer {created['secret']}"}
    assert client.get(f"{BASE}/tokens", **new).status_code == 200
    res = client.delete(f"{BASE}/tokens/{created['id']}", **headers)
    assert res.json()["revoked_at"] is not None
    assert client.get(f"{BASE}/tokens", **new).status_code == 401


def test_someone_elses_token_is_404(client: Client, personas: Any) -> None:
    theirs = api_token_create(user=personas.admin, name="admin's").token
    res = client.delete(f"{BASE}/tokens/{theirs.pk}", **auth(personas.lead))
    assert res.status_code == 404
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None


def test_token_of_an_inactive_user_is_refused(client: Client, personas: Any) -> None:
    headers = auth(personas.lead)
    get_user_model().objects.filter(pk=personas.lead.pk).update(is_active=False)
    assert client.get(f"{BASE}/staff", **headers).status_code == 401


@pytest.mark.parametrize("param", ["iaf_code", "user"])
def test_qualifications_filter_out_of_range_is_422(
    client: Client, personas: Any, param: str
) -> None:
    """Found by fuzzing: ``?iaf_code=`` past 64 bits reached the query and overflowed (500)."""
    res = client.get(f"{BASE}/qualifications?{param}={2**64}", **auth(personas.planner))
    assert res.status_code == 422
    assert res.json()["details"] == [
        {"field": param, "message": res.json()["details"][0]["message"]}
    ]
