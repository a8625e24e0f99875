"""Accreditation pages: who sees what, the AB's forms, constant query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from isocert.accreditation.models import AccreditedScope, CertificationBody

pytestmark = pytest.mark.django_db


def test_staff_see_their_body_with_clients_count(client: Client, personas: Any) -> None:
    client.force_login(personas.auditor)
    html = client.get("/office/accreditation/").content.decode()
    assert "Acme Certification" in html
    assert "Borealis Registrar" not in html
    detail = client.get(f"/office/accreditation/cb/{personas.cb.pk}/")
    text = detail.content.decode()
    assert detail.status_code == 200
    assert 'data-key="clients">1<' in text
    assert "ISO 9001:2015" in text
    assert "Change accreditation status" not in text  # staff do not change their accreditation


def test_other_body_detail_is_404_for_staff(client: Client, personas: Any) -> None:
    client.force_login(personas.other_staff)
    assert client.get(f"/office/accreditation/cb/{personas.cb.pk}/").status_code == 404


@pytest.mark.parametrize("who", ["client_user", "outsider"])
def test_non_staff_are_refused(client: Client, personas: Any, who: str) -> None:
    client.force_login(getattr(personas, who))
    assert client.get("/office/accreditation/").status_code == 403


def test_anonymous_is_asked_to_sign_in(client: Client) -> None:
    res = client.get("/office/accreditation/")
    assert res.status_code == 302
    assert res["Location"].startswith("/accounts/login/")


def test_ab_user_sees_both_bodies_and_csv(client: Client, personas: Any) -> None:
    client.force_login(personas.ab_user)
    html = client.get("/office/accreditation/").content.decode()
    assert "Acme Certification" in html and "Borealis Registrar" in html
    res = client.get("/office/accreditation/?format=csv&sort=acronym")
    assert res["Content-Type"].startswith("text/csv")
    lines = res.content.decode().splitlines()
    assert lines[0].startswith("acronym,name")
    assert lines[1].startswith("ACME,Acme Certification,GB,NAS,0001,active")


@pytest.mark.parametrize("rows", [2, 5])
def test_list_query_count_is_constant(
    client: Client, personas: Any, django_assert_num_queries: Any, rows: int
) -> None:
    for n in range(rows):
        CertificationBody.objects.create(
            name=f"Extra {n}", acronym=f"EX{n}", country="GB", accreditation_body=personas.ab
        )
    client.force_login(personas.ab_user)
    # session, user, actor (3), count, page, menu (is the user staff of a body?)
    with django_assert_num_queries(8):
        res = client.get("/office/accreditation/")
    assert res.status_code == 200


@time_machine.travel(dt.date(2025, 6, 2), tick=False)
def test_ab_user_suspends_through_the_form(client: Client, personas: Any) -> None:
    client.force_login(personas.ab_user)
    url = f"/office/accreditation/cb/{personas.cb.pk}/status/"
    assert client.get(url).status_code == 200
    res = client.post(url, {"status": "suspended", "reason": "assessment", "on": "2025-06-01"})
    assert res.status_code == 302
    personas.cb.refresh_from_db()
    assert personas.cb.accreditation_status == "suspended"
    page = client.get(f"/office/accreditation/cb/{personas.cb.pk}/").content.decode()
    assert "assessment" in page


@time_machine.travel(dt.date(2025, 6, 2), tick=False)
def test_status_form_shows_the_refusal(client: Client, personas: Any) -> None:
    client.force_login(personas.ab_user)
    res = client.post(
        f"/office/accreditation/cb/{personas.cb.pk}/status/",
        {"status": "active", "reason": "x", "on": "2025-06-01"},
    )
    assert res.status_code == 400
    html = res.content.decode()
    assert 'role="alert"' in html
    assert "already active" in html


def test_scope_form_errors_and_success(client: Client, personas: Any) -> None:
    from isocert.catalog.models import Edition

    client.force_login(personas.ab_user)
    url = f"/office/accreditation/cb/{personas.cb.pk}/scopes/new/"
    edition = Edition.objects.get(standard__code="ISO/IEC 27001", year=2022)
    res = client.post(url, {"edition": edition.pk, "valid_from": "2024-01-01"})
    assert res.status_code == 400
    assert "give at least one" in res.content.decode()
    res = client.post(url, {"edition": edition.pk, "iaf_codes": ["33"], "valid_from": "2024-01-01"})
    assert res.status_code == 302
    assert AccreditedScope.objects.filter(certification_body=personas.cb, edition=edition).exists()


def test_staff_cannot_open_the_scope_form(client: Client, personas: Any) -> None:
    client.force_login(personas.admin)
    assert client.get(f"/office/accreditation/cb/{personas.cb.pk}/scopes/new/").status_code == 403


def test_scope_status_form(client: Client, personas: Any) -> None:
    client.force_login(personas.ab_user)
    line = AccreditedScope.objects.get(certification_body=personas.cb, standard__code="ISO 45001")
    res = client.post(
        f"/office/accreditation/scopes/{line.pk}/status/",
        {"status": "suspended", "reason": "witness audit"},
    )
    assert res.status_code == 302
    line.refresh_from_db()
    assert line.status == "suspended"


def test_accreditation_bodies_page(client: Client, personas: Any) -> None:
    client.force_login(personas.planner)
    html = client.get("/office/accreditation/accreditation-bodies/").content.decode()
    assert "National Accreditation Service" in html
