"""The accreditation API: token auth, scoped reads, the AB's acts, one error shape."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from isocert.accreditation.models import AccreditationBody, AccreditedScope, CertificationBody
from isocert.core.tokens import api_token_create

pytestmark = pytest.mark.django_db

BASE = "/api/v1/office/accreditation"


def auth(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}


def test_anonymous_is_refused(client: Client, personas: Any) -> None:
    res = client.get(f"{BASE}/certification-bodies")
    assert res.status_code == 401


def test_staff_list_shows_their_body_with_counts(client: Client, personas: Any) -> None:
    res = client.get(f"{BASE}/certification-bodies", **auth(personas.lead))
    assert res.status_code == 200
    data = res.json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["acronym"] == "ACME"
    assert item["accreditation_body"] == "NAS"
    assert (item["client_count"], item["scope_count"]) == (1, 3)


def test_other_body_is_404_with_the_error_shape(client: Client, personas: Any) -> None:
    res = client.get(f"{BASE}/certification-bodies/{personas.other_cb.pk}", **auth(personas.lead))
    assert res.status_code == 404
    assert set(res.json()) == {"error", "message", "details"}
    assert res.json()["error"] == "not_found"


def test_detail_lists_scope_lines(client: Client, personas: Any) -> None:
    res = client.get(f"{BASE}/certification-bodies/{personas.cb.pk}", **auth(personas.admin))
    scopes = {s["edition"]: s for s in res.json()["scopes"]}
    assert set(scopes) == {"ISO 9001:2015", "ISO 14001:2015", "ISO 45001:2018"}
    assert scopes["ISO 9001:2015"]["iaf_codes"] == [17, 28, 33]
    assert scopes["ISO 9001:2015"]["valid_from"] == "2020-01-01"


def test_client_user_is_forbidden(client: Client, personas: Any) -> None:
    res = client.get(f"{BASE}/certification-bodies", **auth(personas.client_user))
    assert res.status_code == 403
    assert res.json()["error"] == "forbidden"


@pytest.mark.parametrize("rows", [2, 5])
def test_list_query_count_is_constant(
    client: Client, personas: Any, django_assert_num_queries: Any, rows: int
) -> None:
    for n in range(rows):
        CertificationBody.objects.create(
            name=f"Extra {n}", acronym=f"EX{n}", country="GB", accreditation_body=personas.ab
        )
    headers = auth(personas.ab_user)
    # token lookup, last-used update, actor (memberships, client links, AB), count, page
    with django_assert_num_queries(7):
        res = client.get(f"{BASE}/certification-bodies?page_size=100", **headers)
    assert res.json()["count"] == rows + 2


def test_page_size_is_capped_at_100(client: Client, personas: Any) -> None:
    res = client.get(f"{BASE}/certification-bodies?page_size=101", **auth(personas.admin))
    assert res.status_code == 422
    assert res.json()["error"] == "invalid_input"


def test_accreditation_bodies_list(client: Client, personas: Any) -> None:
    res = client.get(f"{BASE}/bodies", **auth(personas.admin))
    assert res.json()["items"][0] == {
        "id": personas.ab.pk,
        "name": "National Accreditation Service",
        "acronym": "NAS",
        "country": "GB",
        "website": "",
        "iaf_mla_signatory": True,
        "cb_count": 2,
    }


def test_ab_adds_a_scope_line(client: Client, personas: Any) -> None:
    res = client.post(
        f"{BASE}/certification-bodies/{personas.cb.pk}/scopes",
        {
            "standard": "ISO/IEC 27001",
            "edition_year": 2022,
            "iaf_codes": [33],
            "valid_from": "2024-01-01",
        },
        content_type="application/json",
        **auth(personas.ab_user),
    )
    assert res.status_code == 201, res.content
    assert res.json()["edition"] == "ISO/IEC 27001:2022"
    assert res.json()["iaf_codes"] == [33]


def test_staff_adding_scope_gets_403(client: Client, personas: Any) -> None:
    res = client.post(
        f"{BASE}/certification-bodies/{personas.cb.pk}/scopes",
        {
            "standard": "ISO/IEC 27001",
            "edition_year": 2022,
            "iaf_codes": [33],
            "valid_from": "2024-01-01",
        },
        content_type="application/json",
        **auth(personas.admin),
    )
    assert res.status_code == 403
    assert not AccreditedScope.objects.filter(standard__code="ISO/IEC 27001").exists()


def test_refusal_is_400_with_reason(client: Client, personas: Any) -> None:
    res = client.post(
        f"{BASE}/certification-bodies/{personas.cb.pk}/scopes",
        {
            "standard": "ISO 9001",
            "edition_year": 2015,
            "iaf_codes": [17],
            "valid_from": "2024-01-01",
        },
        content_type="application/json",
        **auth(personas.ab_user),
    )
    assert res.status_code == 400
    body = res.json()
    assert body["error"] == "refused"
    assert "already has a scope line" in body["message"]


def test_unknown_edition_is_400(client: Client, personas: Any) -> None:
    res = client.post(
        f"{BASE}/certification-bodies/{personas.cb.pk}/scopes",
        {
            "standard": "ISO 9001",
            "edition_year": 2031,
            "iaf_codes": [17],
            "valid_from": "2024-01-01",
        },
        content_type="application/json",
        **auth(personas.ab_user),
    )
    assert res.status_code == 400
    assert "no 2031 edition" in res.json()["message"]


@time_machine.travel(dt.date(2025, 6, 2), tick=False)
def test_ab_suspends_accreditation_and_covers_says_no(client: Client, personas: Any) -> None:
    headers = auth(personas.ab_user)
    res = client.post(
        f"{BASE}/certification-bodies/{personas.cb.pk}/status",
        {"status": "suspended", "reason": "Office assessment: major nonconformity"},
        content_type="application/json",
        **headers,
    )
    assert res.status_code == 200, res.content
    data = res.json()
    assert data["accreditation_status"] == "suspended"
    assert data["accreditation_status_since"] == "2025-06-02"
    assert data["status_history"][0]["reason"] == "Office assessment: major nonconformity"
    res = client.get(
        f"{BASE}/certification-bodies/{personas.cb.pk}/covers?standard=ISO%209001&edition_year=2015"
        "&iaf_code=17&iaf_code=28",
        **headers,
    )
    assert res.json()["covered"] is False
    assert "suspended" in res.json()["reason"]


def test_scope_status_through_the_api(client: Client, personas: Any) -> None:
    line = AccreditedScope.objects.get(certification_body=personas.cb, standard__code="ISO 14001")
    res = client.post(
        f"{BASE}/scopes/{line.pk}/status",
        {"status": "withdrawn", "reason": "requested by the body"},
        content_type="application/json",
        **auth(personas.ab_user),
    )
    assert res.status_code == 200
    assert res.json()["status"] == "withdrawn"


def test_other_ab_gets_404_on_scope_status(client: Client, personas: Any) -> None:
    from isocert.people.models import AccreditationBodyMember
    from tests.personas import make_user

    other = AccreditationBody.objects.create(name="Other", acronym="OTH", country="FR")
    user = make_user("oth")
    AccreditationBodyMember.objects.create(user=user, accreditation_body=other)
    line = AccreditedScope.objects.get(certification_body=personas.cb, standard__code="ISO 14001")
    res = client.post(
        f"{BASE}/scopes/{line.pk}/status",
        {"status": "withdrawn", "reason": "x"},
        content_type="application/json",
        **auth(user),
    )
    assert res.status_code == 404


def test_covers_for_a_covered_scope(client: Client, personas: Any) -> None:
    res = client.get(
        f"{BASE}/certification-bodies/{personas.cb.pk}/covers?standard=ISO9001&edition_year=2015"
        "&iaf_code=28&on=2024-05-01",
        **auth(personas.decider),
    )
    assert res.json()["covered"] is True
