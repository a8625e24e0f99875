"""People pages: staff list, a person's page and forms, declarations, and the API token page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from isocert.core.models import ApiToken
from isocert.people.models import ConflictDeclaration, Membership, Qualification
from tests.personas import make_user

pytestmark = pytest.mark.django_db


def test_staff_list_and_csv(client: Client, personas: Any) -> None:
    client.force_login(personas.lead)
    html = client.get("/office/people/").content.decode()
    assert "Certification decision maker" in html
    assert "other" not in {line.strip() for line in html.splitlines()}
    res = client.get("/office/people/?format=csv&sort=username")
    lines = res.content.decode().splitlines()
    assert lines[0] == "username,first_name,last_name,email,roles,qualifications"
    assert lines[1] == "admin,,,admin@example.org,cb_admin,0"
    assert "lead,,,lead@example.org,lead_auditor,9" in lines


@pytest.mark.parametrize("rows", [2, 5])
def test_staff_list_query_count_is_constant(
    client: Client, personas: Any, django_assert_num_queries: Any, rows: int
) -> None:
    for n in range(rows):
        Membership.objects.create(
            user=make_user(f"p{n}"), certification_body=personas.cb, role="auditor"
        )
    client.force_login(personas.admin)
    # session, user, actor (3), count, page, roles, menu (is the user staff of a body?)
    with django_assert_num_queries(9):
        res = client.get("/office/people/")
    assert res.status_code == 200


@pytest.mark.parametrize("who", ["client_user", "ab_user", "outsider"])
def test_people_pages_are_for_staff(client: Client, personas: Any, who: str) -> None:
    client.force_login(getattr(personas, who))
    assert client.get("/office/people/").status_code == 403
    assert client.get("/office/people/qualifications/").status_code == 403


def test_other_body_person_page_is_404(client: Client, personas: Any) -> None:
    client.force_login(personas.other_staff)
    assert client.get(f"/office/people/{personas.lead.pk}/").status_code == 404


def test_add_person_form_errors_and_success(client: Client, personas: Any) -> None:
    client.force_login(personas.admin)
    res = client.post(
        "/office/people/new/", {"username": "lead", "email": "x@acme.example", "roles": ["auditor"]}
    )
    assert res.status_code == 400
    assert "taken" in res.content.decode()
    res = client.post("/office/people/new/", {"username": "newbie", "email": "n@acme.example"})
    assert res.status_code == 400  # roles required by the form
    res = client.post(
        "/office/people/new/",
        {"username": "newbie", "email": "n@acme.example", "roles": ["auditor"]},
    )
    assert res.status_code == 302
    assert Membership.objects.filter(user__username="newbie", role="auditor").exists()


def test_planner_cannot_add_people(client: Client, personas: Any) -> None:
    client.force_login(personas.planner)
    assert client.get("/office/people/new/").status_code == 403


def test_grant_and_revoke_through_the_person_page(client: Client, personas: Any) -> None:
    client.force_login(personas.admin)
    page = client.get(f"/office/people/{personas.auditor.pk}/").content.decode()
    assert "Give role" in page
    client.post(f"/office/people/{personas.auditor.pk}/roles/grant/", {"role": "lead_auditor"})
    assert Membership.objects.get(user=personas.auditor, role="lead_auditor").active
    res = client.post(
        f"/office/people/{personas.admin.pk}/roles/revoke/", {"role": "cb_admin"}, follow=True
    )
    assert "last administrator" in res.content.decode()
    assert Membership.objects.get(user=personas.admin, role="cb_admin").active


def test_qualification_form(client: Client, personas: Any) -> None:
    from isocert.catalog.models import Standard

    client.force_login(personas.planner)
    iso = Standard.objects.get(code="ISO/IEC 27001")
    url = f"/office/people/{personas.auditor.pk}/qualifications/new/"
    res = client.post(url, {"standard": iso.pk, "level": "auditor", "valid_from": "2024-01-01"})
    assert res.status_code == 400
    assert "choose the code" in res.content.decode()
    res = client.post(
        url, {"standard": iso.pk, "iaf_code": 33, "level": "auditor", "valid_from": "2024-01-01"}
    )
    assert res.status_code == 302
    row = Qualification.objects.get(user=personas.auditor, standard=iso)
    res = client.post(f"/office/people/qualifications/{row.pk}/end/", {"on": "2024-12-31"})
    assert res.status_code == 302
    row.refresh_from_db()
    assert str(row.valid_until) == "2024-12-31"


@pytest.mark.parametrize("rows", [2, 5])
def test_qualification_list_query_count_is_constant(
    client: Client, personas: Any, django_assert_num_queries: Any, rows: int
) -> None:
    for n in range(rows):
        user = make_user(f"q{n}")
        Membership.objects.create(user=user, certification_body=personas.cb, role="auditor")
        Qualification.objects.create(
            user=user,
            certification_body=personas.cb,
            standard_id=personas.cb.scopes.first().standard_id,
            iaf_code_id=17,
            level="auditor",
            valid_from="2020-01-01",
        )
    client.force_login(personas.planner)
    # session, user, actor (3), IAF code check, count, page, standards select, menu
    with django_assert_num_queries(10):
        res = client.get("/office/people/qualifications/?iaf_code=17")
    assert res.status_code == 200
    html = res.content.decode()
    assert "q0" in html


def test_qualification_list_csv(client: Client, personas: Any) -> None:
    client.force_login(personas.planner)
    res = client.get("/office/people/qualifications/?standard=ISO%209001&iaf_code=28&format=csv")
    rows = res.content.decode().splitlines()[1:]
    assert sorted(r.split(",")[0] for r in rows) == ["auditor", "expert", "lead"]


def test_declare_own_conflict_and_list_per_client(client: Client, personas: Any) -> None:
    client.force_login(personas.auditor)
    url = f"/office/people/{personas.auditor.pk}/conflicts/new/"
    res = client.post(
        url,
        {
            "client": personas.client.pk,
            "kind": "employment",
            "started_on": "2024-01-01",
            "ended_on": "2023-01-01",
        },
    )
    assert res.status_code == 400
    assert "comes before the start" in res.content.decode()
    res = client.post(
        url, {"client": personas.client.pk, "kind": "employment", "started_on": "2019-01-01"}
    )
    assert res.status_code == 302
    html = client.get(f"/office/people/conflicts/?client={personas.client.pk}").content.decode()
    assert "Employment" in html
    # the auditor may not declare for the lead
    assert client.get(f"/office/people/{personas.lead.pk}/conflicts/new/").status_code == 403


def test_other_bodys_client_is_not_offered(client: Client, personas: Any) -> None:
    client.force_login(personas.lead)
    res = client.post(
        f"/office/people/{personas.lead.pk}/conflicts/new/",
        {"client": personas.other_client.pk, "kind": "other"},
    )
    assert res.status_code == 400
    assert not ConflictDeclaration.objects.exists()


def test_conflict_list_of_another_bodys_client_is_404(client: Client, personas: Any) -> None:
    client.force_login(personas.lead)
    assert (
        client.get(f"/office/people/conflicts/?client={personas.other_client.pk}").status_code
        == 404
    )


def test_token_page_shows_the_secret_once_and_revokes(client: Client, personas: Any) -> None:
    client.force_login(personas.lead)
    res = client.post("/office/people/tokens/", {"name": "ERP sync"})
    assert res.status_code == 200
    assert "no-cache" in res["Cache-Control"] or "no-store" in res["Cache-Control"]
    html = res.content.decode()
    token = ApiToken.objects.get(user=personas.lead)
    start = html.index('data-key="secret">') + len('data-key="secret">')
    secret = html[start : html.index("<", start)]
    assert secret.startswith(token.prefix)
    again = client.get("/office/people/tokens/").content.decode()
    assert secret not in again
    assert "ERP sync" in again
    client.post(f"/office/people/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_form_error(client: Client, personas: Any) -> None:
    client.force_login(personas.lead)
    res = client.post("/office/people/tokens/", {"name": ""})
    assert 'role="alert"' in res.content.decode()
    assert not ApiToken.objects.exists()


def test_cannot_revoke_someone_elses_token(client: Client, personas: Any) -> None:
    from isocert.core.tokens import api_token_create

    theirs = api_token_create(user=personas.admin, name="x").token
    client.force_login(personas.lead)
    assert client.post(f"/office/people/tokens/{theirs.pk}/revoke/").status_code == 404


def test_client_user_may_manage_own_tokens(client: Client, personas: Any) -> None:
    client.force_login(personas.client_user)
    assert client.get("/office/people/tokens/").status_code == 200
