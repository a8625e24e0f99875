"""Rules every API operation shares, whatever app it belongs to."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from isocert.clients.models import Client as ClientRecord
from isocert.core.tokens import api_token_create

pytestmark = pytest.mark.django_db


def auth(user: Any) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='t').secret}"}


def refused(response: Any, field: str) -> bool:
    body = response.json()
    return (
        response.status_code == 422
        and body["error"] == "invalid_input"
        and body["details"] == [{"field": field, "message": "must not contain NUL characters"}]
    )


def test_nul_in_a_body_is_422_and_nothing_is_written(client: Client, personas: Any) -> None:
    """Found by fuzzing: PostgreSQL cannot store a NUL in text, so the insert failed (500)."""
    before = ClientRecord.objects.count()
    res = client.post(
        "/api/v1/office/clients",
        {"name": "Widget\x00 Works", "country": "GB"},
        content_type="application/json",
        **auth(personas.admin),
    )
    assert refused(res, "name")
    assert ClientRecord.objects.count() == before


def test_nul_in_a_nested_body_field_names_the_field(client: Client, personas: Any) -> None:
    res = client.post(
        "/api/v1/verify",
        {"numbers": ["ACME-1", "ACME\x00-2"]},
        content_type="application/json",
    )
    assert refused(res, "numbers.1")


def test_nul_in_a_query_is_422(client: Client, personas: Any) -> None:
    res = client.get("/api/v1/office/clients", {"q": "Wid\x00get"}, **auth(personas.admin))
    assert refused(res, "q")
    assert refused(client.get("/api/v1/search", {"q": "Wid\x00get"}), "q")


def test_nul_in_a_path_is_422(client: Client) -> None:
    assert refused(client.get("/api/v1/certificates/AB%00C"), "number")


def test_text_without_nul_still_passes(client: Client, personas: Any) -> None:
    res = client.get("/api/v1/office/clients", {"q": "Widget"}, **auth(personas.admin))
    assert res.status_code == 200
    assert res.json()["count"] == 1


def test_a_broken_form_upload_is_422(client: Client) -> None:
    """Found by fuzzing: a multipart body Django cannot parse escaped as a 500."""
    boundary = "b0undary"
    body = (
        f"--{boundary}\r\nX-Padding: {'a' * 11_000}\r\n\r\n%PDF-1.7\r\n--{boundary}--\r\n"
    ).encode()
    res = client.post(
        "/api/v1/verify-pdf", body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert res.status_code == 422
    assert res.json()["error"] == "invalid_input"


def test_a_body_past_the_upload_limit_is_413(client: Client, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000
    res = client.post(
        "/api/v1/verify", {"numbers": ["A" * 40] * 50}, content_type="application/json"
    )
    assert res.status_code == 413
    assert res.json()["error"] == "too_large"
