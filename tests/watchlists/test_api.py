"""The JSON twin under /api/v1/watchlists/: watches, alerts and deliveries of the signed-in
verifier (session or bearer token)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as Browser

from isocert.core.tokens import api_token_create
from isocert.watchlists.models import Verifier, WebhookDelivery
from isocert.watchlists.services import alerts_dispatch
from tests.registry.conftest import Registry
from tests.watchlists.conftest import make_verifier, suspend

BASE = "/api/v1/watchlists"


def signed_in(verifier: Verifier) -> Browser:
    browser = Browser()
    browser.force_login(verifier.user)
    return browser


@pytest.mark.django_db
def test_watch_list_alerts_and_remove(
    registry: Registry, personas: Any, verifier: Verifier
) -> None:
    client = registry.client("Widget Works Ltd")
    cert = registry.certify(client, "ACME-9001-000001")
    api = signed_in(verifier)
    added = api.post(
        f"{BASE}/watches",
        {"kind": "certificate", "number": "acme 9001 000001"},
        content_type="application/json",
    )
    assert added.status_code == 201
    body = added.json()
    assert body["kind"] == "certificate" and body["number"] == "ACME-9001-000001"
    assert body["latest"]["verdict"] == "valid"
    again = api.post(
        f"{BASE}/watches",
        {"kind": "certificate", "number": "ACME-9001-000001"},
        content_type="application/json",
    )
    assert again.status_code == 200
    org = api.post(
        f"{BASE}/watches",
        {"kind": "organisation", "organisation_id": client.pk},
        content_type="application/json",
    )
    assert org.status_code == 201 and org.json()["latest"]["summary"] == "1 valid"

    suspend(personas, cert)
    alerts_dispatch()
    alerts = api.get(f"{BASE}/alerts").json()
    assert alerts["count"] == 1
    assert alerts["items"][0]["kind"] == "certificate.suspended"
    assert alerts["items"][0]["to_status"] == "suspended"

    listed = api.get(f"{BASE}/watches").json()
    assert listed["count"] == 2
    assert {w["latest"]["summary"] for w in listed["items"]} == {"Suspended", "1 suspended"}
    assert api.delete(f"{BASE}/watches/{body['id']}").status_code == 204
    assert api.get(f"{BASE}/watches").json()["count"] == 1


@pytest.mark.django_db
def test_malformed_and_unknown_input(registry: Registry, verifier: Verifier) -> None:
    api = signed_in(verifier)
    bad = api.post(f"{BASE}/watches", {"kind": "certificate"}, content_type="application/json")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_input"
    missing = api.post(
        f"{BASE}/watches",
        {"kind": "certificate", "number": "NOPE-1"},
        content_type="application/json",
    )
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert Browser().get(f"{BASE}/watches").status_code == 401


@pytest.mark.django_db
def test_bearer_token_and_deliveries(verifier: Verifier) -> None:
    token = api_token_create(user=verifier.user, name="scripts").secret
    WebhookDelivery.objects.create(
        verifier=verifier, kind="test", url="https://example.com/h", body="{}"
    )
    other = make_verifier("otto")
    WebhookDelivery.objects.create(
        verifier=other, kind="test", url="https://example.com/o", body="{}"
    )
    page = Browser().get(f"{BASE}/deliveries", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert page.status_code == 200
    data = page.json()
    assert data["count"] == 1
    assert data["items"][0]["url"] == "https://example.com/h"
    assert data["items"][0]["attempts"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 5])
def test_list_endpoints_cost_fixed_queries(
    registry: Registry, personas: Any, rows: int, django_assert_num_queries: Any
) -> None:
    vera = make_verifier("vera")
    api = signed_in(vera)
    for i in range(rows):
        cert = registry.certify(registry.client(f"Maker {i}"), f"ACME-9001-30000{i}")
        api.post(
            f"{BASE}/watches",
            {"kind": "certificate", "number": cert.number},
            content_type="application/json",
        )
        suspend(personas, cert)
        WebhookDelivery.objects.create(verifier=vera, kind="test", url="https://e.com", body="{}")
    alerts_dispatch()
    with django_assert_num_queries(6):  # session, user, verifier, count, page, families
        assert api.get(f"{BASE}/watches").json()["count"] == rows
    with django_assert_num_queries(5):
        assert api.get(f"{BASE}/alerts").json()["count"] == rows
    with django_assert_num_queries(6):  # + the attempts of the page
        assert api.get(f"{BASE}/deliveries").json()["count"] == rows


@pytest.mark.django_db
def test_ids_past_the_engines_range_are_not_found(verifier: Verifier) -> None:
    api = signed_in(verifier)
    huge = 2**64
    assert api.delete(f"{BASE}/watches/{huge}").status_code == 404
    assert api.post(f"/registry/watch/{huge}/remove/").status_code == 404
    assert api.post("/registry/watch/add/", {"organisation": huge}).status_code == 404
    too_big = api.post(
        f"{BASE}/watches",
        {"kind": "organisation", "organisation_id": huge},
        content_type="application/json",
    )
    assert too_big.status_code == 422
