"""Registry pages: public (no login), verdict first, cacheable, constant queries on lists."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def certified(registry):
    client = registry.client("Müller Präzisionsteile GmbH", country="DE", city="München")
    cert = registry.certify(client, "ACME-9001-000123", codes=(17, 28))
    return client, cert


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_index_explains_every_verdict(client, db) -> None:
    response = client.get("/registry/")
    assert response.status_code == 200
    body = text(response)
    for label in ("Valid", "Suspended", "Withdrawn", "Expired", "Superseded", "Not found"):
        assert label in body
    assert 'action="/registry/verify/"' in body and 'action="/registry/search/"' in body
    assert response["Cache-Control"] == "public, max-age=60"


def test_verify_page_leads_with_the_verdict(client, certified) -> None:
    response = client.get("/registry/verify/", {"number": "acme 9001 000123"})
    assert response.status_code == 200
    body = text(response)
    verdict_at = body.index('class="answer-verdict">Valid<')
    assert verdict_at < body.index("What the certificate says")
    assert "Müller Präzisionsteile GmbH" in body
    assert "ISO 9001:2015" in body and "17 Basic metals" in body
    assert "München" in body
    assert "Public status history" in body and "Issued" in body
    assert 'href="/api/v1/certificates/ACME9001000123"' in body
    assert response["Cache-Control"] == "public, max-age=60"


def test_verify_page_not_found_says_what_it_can_mean(client, certified) -> None:
    body = text(client.get("/registry/verify/", {"number": "ACME-9001-000132"}))
    assert 'class="answer-verdict">Not found<' in body
    assert "forged" in body
    assert "ACME-9001-000123" in body  # the near number
    assert "Acme Certification" in body  # whom to ask


def test_verify_page_refuses_an_empty_number(client, db) -> None:
    response = client.get("/registry/verify/", {"number": "  --  "})
    assert response.status_code == 400
    assert 'role="alert"' in text(response)


def test_search_page_lists_and_links(client, certified) -> None:
    organisation, _cert = certified
    response = client.get("/registry/search/", {"q": "Muller Prazision"})
    assert response.status_code == 200
    body = text(response)
    assert f'href="/registry/organisations/{organisation.pk}/"' in body
    assert "ACME-9001-000123" in body
    assert 'href="/api/v1/search?q=Muller+Prazision"' in body


def test_search_page_rejects_unknown_filter_values(client, certified) -> None:
    response = client.get("/registry/search/", {"q": "x", "status": "bogus"})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "url", ["/registry/search/?q=widget+factory", "/registry/search/?country=GB"]
)
def test_search_page_queries_do_not_grow_with_rows(client, registry, url) -> None:
    def count(n: int) -> int:
        for _ in range(n):
            org = registry.client(f"Widget Factory {len(made)} Ltd")
            made.append(org)
            registry.certify(org, f"ACME-9001-{len(made):06d}")
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200
        assert text(response).count("/registry/organisations/") == len(made)
        return len(ctx.captured_queries)

    made: list = []
    assert count(2) == count(3)  # 2 rows, then 5 rows


def test_organisation_page(client, certified) -> None:
    organisation, _cert = certified
    response = client.get(f"/registry/organisations/{organisation.pk}/")
    assert response.status_code == 200
    body = text(response)
    assert "<h1>Müller Präzisionsteile GmbH</h1>" in body
    assert "ACME-9001-000123" in body and "badge-valid" in body
    assert response["Cache-Control"] == "public, max-age=60"


def test_confidential_organisation_has_no_page(client, registry) -> None:
    secret = registry.client("Hush Ltd", confidential=True)
    registry.certify(secret, "ACME-9001-000777")
    assert client.get(f"/registry/organisations/{secret.pk}/").status_code == 404


def test_body_page_shows_accreditation_and_counts(client, registry, personas) -> None:
    org = registry.client("Widget Works Ltd")
    registry.certify(org, "ACME-9001-000001")
    registry.certify(org, "ACME-14001-000002", standard="ISO 14001", status="suspended")
    response = client.get(f"/registry/bodies/{personas.cb.pk}/")
    assert response.status_code == 200
    body = text(response)
    assert "National Accreditation Service (NAS)" in body
    assert "ISO 45001:2018" in body  # an accredited scope line
    assert re.search(r"<th scope=\"row\">ISO 14001</th><td>0</td><td>1</td>", body)
    assert re.search(r"<th scope=\"row\">All</th><td>1</td><td>1</td>", body)
    assert client.get("/registry/bodies/999999/").status_code == 404


def test_signed_in_visitors_pages_are_private(client, personas, certified) -> None:
    client.force_login(personas.lead)
    response = client.get("/registry/verify/", {"number": "ACME-9001-000123"})
    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
