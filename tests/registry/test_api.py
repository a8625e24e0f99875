"""The public JSON API: explicit small schemas (exact key sets), bulk limits, constant queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from isocert.registry.search import trigram_counts_forget
from isocert.registry.verification import coverage_forget

VERIFICATION_KEYS = {
    "query",
    "verdict",
    "verdict_label",
    "meaning",
    "number",
    "current_number",
    "current_verdict",
    "certificate",
    "near_numbers",
    "explanation",
    "ask",
}
CERTIFICATE_KEYS = {
    "number",
    "base_number",
    "revision",
    "standard",
    "edition",
    "iaf_codes",
    "scope",
    "original_issue_date",
    "issue_date",
    "expiry_date",
    "suspended_on",
    "withdrawn_on",
    "holder",
    "sites",
    "certification_body",
    "accreditation",
    "history",
}
BODY_REF_KEYS = {"id", "name", "acronym", "country", "website"}


@pytest.fixture
def certified(registry):
    org = registry.client("Widget Works Ltd", vat="GB123456789")
    cert = registry.certify(org, "ACME-9001-000123", codes=(17,))
    return org, cert


def test_verify_one_has_exactly_the_public_keys(client, certified) -> None:
    response = client.get("/api/v1/certificates/acme-9001-000123")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    data = response.json()
    assert set(data) == VERIFICATION_KEYS
    assert data["verdict"] == "valid"
    cert = data["certificate"]
    assert set(cert) == CERTIFICATE_KEYS
    assert set(cert["holder"]) == {"id", "name", "country"}
    assert set(cert["certification_body"]) == BODY_REF_KEYS
    assert set(cert["accreditation"]) == {"body", "number", "status", "covers_today", "explanation"}
    assert set(cert["accreditation"]["body"]) == {
        "name",
        "acronym",
        "country",
        "website",
        "iaf_mla_signatory",
    }
    assert set(cert["sites"][0]) == {"city", "country", "scope"}
    assert set(cert["iaf_codes"][0]) == {"code", "sector"}
    assert set(cert["history"][0]) == {
        "occurred_at",
        "event",
        "label",
        "number",
        "from_status",
        "to_status",
    }
    assert set(cert["standard"]) == {"code", "title"}


def test_verify_one_not_found_is_an_answer(client, certified) -> None:
    data = client.get("/api/v1/certificates/ACME-9001-000132").json()
    assert data["verdict"] == "not_found"
    assert data["certificate"] is None
    assert data["near_numbers"] == ["ACME-9001-000123"]
    assert set(data["ask"]) == BODY_REF_KEYS


def test_bulk_verify(client, certified) -> None:
    response = client.post(
        "/api/v1/verify",
        {"numbers": ["ACME 9001 000123", "nope-1"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "verdicts", "results"}
    assert data["count"] == 2
    assert data["verdicts"]["valid"] == 1 and data["verdicts"]["not_found"] == 1
    assert [r["verdict"] for r in data["results"]] == ["valid", "not_found"]
    assert set(data["results"][0]) == VERIFICATION_KEYS


def test_bulk_verify_takes_100_and_refuses_101(client, certified) -> None:
    ok = client.post(
        "/api/v1/verify", {"numbers": ["ACME-9001-000123"] * 100}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["count"] == 100
    refused = client.post(
        "/api/v1/verify", {"numbers": ["ACME-9001-000123"] * 101}, content_type="application/json"
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["error"] == "invalid_input"
    assert "at most 100 numbers per call (got 101)" in body["message"]


def test_bulk_verify_queries_do_not_grow_with_numbers(client, registry) -> None:
    org = registry.client("Widget Works Ltd")
    numbers = [f"ACME-9001-00020{i}" for i in range(5)]
    for n in numbers:
        registry.certify(org, n, index=False)

    def count(asked: list[str]) -> int:
        coverage_forget()
        with CaptureQueriesContext(connection) as ctx:
            response = client.post(
                "/api/v1/verify", {"numbers": asked}, content_type="application/json"
            )
        assert response.json()["verdicts"]["valid"] == len(asked)
        return len(ctx.captured_queries)

    assert count(numbers[:2]) == count(numbers)


def test_search_schema_and_constant_queries(client, registry) -> None:
    made = []

    def count(n: int) -> int:
        for _ in range(n):
            org = registry.client(f"Widget Factory {len(made)} Ltd")
            made.append(org)
            registry.certify(org, f"ACME-9001-{len(made):06d}")
        trigram_counts_forget()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/search", {"q": "widget factory"})
        data = response.json()
        assert len(data["results"]) == len(made)
        return len(ctx.captured_queries)

    assert count(2) == count(3)
    data = client.get("/api/v1/search", {"q": "widget factory", "sort": "name"}).json()
    assert set(data) == {"query", "matched_by", "total", "page", "per_page", "has_next", "results"}
    assert set(data["query"]) == {
        "q",
        "country",
        "standard",
        "status",
        "cb",
        "iaf",
        "sort",
        "page",
    }
    row = data["results"][0]
    assert set(row) == {
        "id",
        "name",
        "country",
        "city",
        "certification_body",
        "certificates",
        "score",
    }
    assert set(row["certificates"][0]) == {"number", "standard", "verdict", "expiry_date"}
    assert data["total"] == 5 and data["matched_by"] == "name"


def test_search_validates_its_input(client, db) -> None:
    response = client.get("/api/v1/search", {"iaf": 77})
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input"


def test_organisation_and_body_schemas(client, certified, personas) -> None:
    org, _cert = certified
    data = client.get(f"/api/v1/organisations/{org.pk}").json()
    assert set(data) == {"id", "name", "country", "website", "identifiers", "sites", "certificates"}
    assert data["identifiers"] == [{"scheme": "VAT number", "value": "GB123456789"}]
    assert set(data["certificates"][0]) == {
        "number",
        "standard",
        "edition",
        "verdict",
        "scope",
        "original_issue_date",
        "issue_date",
        "expiry_date",
        "certification_body",
    }
    body = client.get(f"/api/v1/bodies/{personas.cb.pk}").json()
    assert set(body) == {
        "id",
        "name",
        "acronym",
        "country",
        "website",
        "accreditation",
        "scopes",
        "counts",
        "totals",
        "organisations",
    }
    assert set(body["accreditation"]) == {"body", "number", "status", "status_since"}
    assert set(body["scopes"][0]) == {
        "standard",
        "edition",
        "iaf_codes",
        "valid_from",
        "valid_until",
        "status",
        "current",
    }
    assert body["totals"] == {
        "standard": "",
        "valid": 1,
        "suspended": 0,
        "withdrawn": 0,
        "expired": 0,
        "total": 1,
    }
    assert body["organisations"] == 1


def test_confidential_organisation_is_404_but_its_certificate_verifies(client, registry) -> None:
    secret = registry.client("Hush Ltd", confidential=True)
    registry.certify(secret, "ACME-9001-000777")
    response = client.get(f"/api/v1/organisations/{secret.pk}")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    data = client.get("/api/v1/certificates/ACME-9001-000777").json()
    assert data["verdict"] == "valid"
    assert data["certificate"]["holder"] == {"id": None, "name": "Hush Ltd", "country": "GB"}


def test_verdicts_and_openapi(client, db) -> None:
    verdicts = client.get("/api/v1/verdicts").json()
    assert [v["verdict"] for v in verdicts] == [
        "valid",
        "suspended",
        "withdrawn",
        "expired",
        "superseded",
        "not_found",
    ]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/certificates/{number}",
        "/api/v1/verify",
        "/api/v1/search",
        "/api/v1/organisations/{pk}",
        "/api/v1/bodies/{pk}",
    ):
        assert path in paths, path


def test_every_answer_matches_its_declared_schema(client, certified, personas) -> None:
    """The API writes its JSON directly: check it against the schema the OpenAPI document shows."""
    from isocert.registry.schemas import (
        BodyOut,
        BulkVerifyOut,
        OrganisationOut,
        SearchOut,
        VerificationOut,
    )

    org, _cert = certified
    answers = [
        (VerificationOut, client.get("/api/v1/certificates/ACME-9001-000123")),
        (VerificationOut, client.get("/api/v1/certificates/ACME-9001-000132")),
        (
            BulkVerifyOut,
            client.post(
                "/api/v1/verify", {"numbers": ["ACME-9001-000123"]}, content_type="application/json"
            ),
        ),
        (SearchOut, client.get("/api/v1/search", {"q": "widget"})),
        (SearchOut, client.get("/api/v1/search", {"country": "GB"})),
        (OrganisationOut, client.get(f"/api/v1/organisations/{org.pk}")),
        (BodyOut, client.get(f"/api/v1/bodies/{personas.cb.pk}")),
    ]
    for schema, response in answers:
        assert response.status_code == 200
        data = response.json()
        parsed = schema.model_validate(data)
        assert parsed.model_dump(mode="json") == data, schema.__name__


def test_a_body_id_past_the_database_integer_is_malformed_input_not_a_fault(client) -> None:
    res = client.get("/api/v1/search", {"q": "widget", "cb": "99999999999999999999"})
    assert res.status_code == 422
    assert res.json()["error"] == "invalid_input"
