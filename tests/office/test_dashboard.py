"""The back-office dashboard: who sees it, and that it costs a fixed number of queries."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from isocert.watchlists.services import confirmation_token, verifier_confirm, verifier_signup

pytestmark = pytest.mark.django_db


def test_staff_see_their_dashboard(
    client: Client, personas: Any, django_assert_max_num_queries: Any
) -> None:
    client.force_login(personas.planner)
    with django_assert_max_num_queries(20):
        res = client.get("/office/")
    html = res.content.decode()
    assert res.status_code == 200
    assert 'data-key="audits_overdue">0<' in html
    assert "Certificates by status" in html
    assert "<svg" in html
    assert 'href="/office/">Back office</a>' in html
    assert "My watchlist" not in html


def test_client_user_is_sent_to_their_organisation(client: Client, personas: Any) -> None:
    client.force_login(personas.client_user)
    res = client.get("/office/")
    assert res.status_code == 302
    assert res["Location"] == f"/office/clients/{personas.client.pk}/"


def test_accreditation_body_user_is_sent_to_accreditation(client: Client, personas: Any) -> None:
    client.force_login(personas.ab_user)
    assert client.get("/office/")["Location"] == "/office/accreditation/"


def test_outsider_is_refused(client: Client, personas: Any) -> None:
    client.force_login(personas.outsider)
    assert client.get("/office/").status_code == 403


def test_anonymous_is_asked_to_sign_in(client: Client) -> None:
    res = client.get("/office/")
    assert res.status_code == 302
    assert res["Location"].startswith("/accounts/login/")


def test_registry_verifier_is_sent_to_their_watchlist(client: Client, db: None) -> None:
    verifier = verifier_signup(email="buyer@example.com", password="a-long-buyer-passphrase-7")
    verifier_confirm(token=confirmation_token(verifier))
    client.force_login(verifier.user)
    res = client.get("/office/")
    assert res.status_code == 302
    assert res["Location"] == "/registry/watch/"
