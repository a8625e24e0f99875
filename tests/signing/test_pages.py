"""Public pages and the JSON API: /v/<token>, /check/, the JWKS documents, the PDF download."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from isocert.certification.choices import CertificateStatus
from isocert.signing import conf, services
from isocert.signing.choices import KeyKind
from isocert.signing.models import SigningKey
from tests.signing.conftest import make_certificate, token_of
from tests.signing.test_tokens import with_claims

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str = "certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/pdf")


# --- /v/<token> -------------------------------------------------------------------------------------


def test_the_scanned_url_shows_the_verdict_beside_the_signed_claims(
    client: Client, signed_pdf: bytes
) -> None:
    token = token_of(signed_pdf)
    url = conf.verification_url(token).removeprefix(conf.public_url())
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-verdict="genuine_valid"' in html
    assert "Genuine and valid" in html
    assert "Widget Works Ltd" in html and "ISO 9001:2015" in html
    assert "differs" not in html


def test_the_scanned_url_points_out_what_changed(
    client: Client, certificate: Any, signed_pdf: bytes
) -> None:
    certificate.status = CertificateStatus.SUSPENDED
    certificate.expiry_date = certificate.expiry_date.replace(year=2026)
    certificate.save()
    html = client.get(reverse("signing:verify_token", args=[token_of(signed_pdf)])).content.decode()
    assert 'data-verdict="genuine_suspended"' in html
    assert "The expiry date is “14 March 2027” on the document but “14 March 2026”" in html
    assert 'data-differs="1"' in html


def test_a_forged_token_shows_its_claims_as_not_verified(client: Client, signed_pdf: bytes) -> None:
    forged = with_claims(token_of(signed_pdf), xd="2031-03-14")
    response = client.get(reverse("signing:verify_token", args=[forged]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-verdict="altered"' in html and "NOT verified" in html
    assert "2031-03-14" in html  # shown, as what the forged token says
    assert "verdict-refused" in html


def test_garbage_in_the_url_is_a_verdict_not_an_error(client: Client, db: None) -> None:
    response = client.get("/v/not-a-token")
    assert response.status_code == 200
    assert 'data-verdict="unreadable"' in response.content.decode()


# --- /check/ ----------------------------------------------------------------------------------------


def test_the_check_page_has_a_labelled_file_input(client: Client, db: None) -> None:
    html = client.get(reverse("signing:check")).content.decode()
    assert '<label for="id_file">Certificate PDF</label>' in html
    assert 'accept=".pdf,application/pdf"' in html and 'enctype="multipart/form-data"' in html


def test_uploading_a_genuine_pdf(client: Client, signed_pdf: bytes) -> None:
    response = client.post(reverse("signing:check"), {"file": upload(signed_pdf)})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-verdict="genuine_valid"' in html and "verdict-renewal" in html
    assert "Checked: certificate.pdf" in html


def test_uploading_an_edited_pdf(client: Client, signed_pdf: bytes) -> None:
    edited = bytearray(signed_pdf)
    edited[signed_pdf.index(b"stream", 2000) + 40] ^= 1
    html = client.post(reverse("signing:check"), {"file": upload(bytes(edited))}).content.decode()
    assert 'data-verdict="altered"' in html


@pytest.mark.parametrize(
    ("data", "name", "text"),
    [
        (b"", "empty.pdf", "empty"),
        (b"%PDF-" + b"0" * (5 * 1024 * 1024), "big.pdf", "a certificate PDF is under 5 MB"),
    ],
)
def test_bad_uploads_are_form_errors(
    client: Client, db: None, data: bytes, name: str, text: str
) -> None:
    response = client.post(reverse("signing:check"), {"file": upload(data, name)})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html and text in html


def test_no_file_at_all_is_a_form_error(client: Client, db: None) -> None:
    html = client.post(reverse("signing:check"), {}).content.decode()
    assert 'id="form-errors"' in html


@pytest.mark.parametrize(
    "data", [b"just text", b"%PDF-1.7\n\x00\x01\x02 broken", b"\x89PNG\r\n\x1a\nfake"]
)
def test_non_pdfs_and_malformed_pdfs_get_a_verdict_never_a_500(
    client: Client, db: None, data: bytes
) -> None:
    response = client.post(reverse("signing:check"), {"file": upload(data)})
    assert response.status_code == 200
    assert 'data-verdict="unreadable"' in response.content.decode()


# --- JWKS -------------------------------------------------------------------------------------------


def test_jwks_documents_are_public_json(client: Client, personas: Any, signed_pdf: bytes) -> None:
    response = client.get("/.well-known/jwks.json")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    doc = response.json()
    assert {e["kid"] for e in doc["keys"]} == set(SigningKey.objects.values_list("kid", flat=True))
    body = client.get("/.well-known/jwks/acme.json").json()
    assert body["issuer"]["acronym"] == "ACME"
    assert client.get("/.well-known/jwks/NOPE.json").status_code == 404


# --- Download ---------------------------------------------------------------------------------------


def test_anyone_downloads_a_valid_certificate(client: Client, certificate: Any) -> None:
    url = reverse("signing:certificate_pdf", args=[certificate.lookup_key])
    assert url == "/certificates/ACME9001000001/pdf"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="certificate-ACME-9001-000001.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_number_as_printed_works_too(client: Client, certificate: Any) -> None:
    assert client.get("/certificates/ACME-9001-000001/pdf").status_code == 200


def test_a_suspended_certificate_is_not_downloadable_by_the_public(
    client: Client, certificate: Any
) -> None:
    certificate.status = CertificateStatus.SUSPENDED
    certificate.save()
    response = client.get(reverse("signing:certificate_pdf", args=[certificate.lookup_key]))
    assert response.status_code == 409
    assert "is suspended: only a valid certificate can be downloaded" in response.content.decode()


def test_staff_of_the_body_download_any_issued_revision(
    client: Client, personas: Any, certificate: Any
) -> None:
    certificate.status = CertificateStatus.SUPERSEDED
    certificate.save()
    client.force_login(personas.lead)
    response = client.get(reverse("signing:certificate_pdf", args=[certificate.lookup_key]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_another_bodys_staff_get_the_public_answer(
    client: Client, personas: Any, certificate: Any
) -> None:
    certificate.status = CertificateStatus.WITHDRAWN
    certificate.save()
    client.force_login(personas.other_staff)
    url = reverse("signing:certificate_pdf", args=[certificate.lookup_key])
    assert client.get(url).status_code == 409


def test_drafts_and_unknown_numbers_are_404(client: Client, personas: Any) -> None:
    draft = make_certificate(personas, number="ACME-9001-000002", status=CertificateStatus.DRAFT)
    client.force_login(personas.admin)
    assert client.get(f"/certificates/{draft.lookup_key}/pdf").status_code == 404
    assert client.get("/certificates/NOPE/pdf").status_code == 404
    assert not SigningKey.objects.filter(kind=KeyKind.ED25519).exists()


# --- API --------------------------------------------------------------------------------------------


def test_api_verify_token(client: Client, signed_pdf: bytes) -> None:
    token = token_of(signed_pdf)
    response = client.post(
        "/api/v1/verify-token", json.dumps({"token": token}), content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["verdict"] == "genuine_valid" and data["valid"] is True
    assert data["certificate"]["printed_number"] == "ACME-9001-000001"
    assert data["key"]["kind"] == "ed25519"
    forged = client.post(
        "/api/v1/verify-token",
        json.dumps({"token": token[:-4] + "AAAA"}),
        content_type="application/json",
    ).json()
    assert forged["verdict"] == "altered" and forged["claims"] is None


def test_api_verify_token_input_errors(client: Client, db: None) -> None:
    response = client.post("/api/v1/verify-token", "{}", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input"


def test_api_verify_pdf(client: Client, signed_pdf: bytes) -> None:
    response = client.post("/api/v1/verify-pdf", {"file": upload(signed_pdf)})
    assert response.status_code == 200
    assert response.json()["verdict"] == "genuine_valid"
    text = client.post("/api/v1/verify-pdf", {"file": upload(b"hello")}).json()
    assert text["verdict"] == "unreadable"


def test_api_verify_pdf_refuses_oversized_and_missing_files(client: Client, db: None) -> None:
    big = client.post("/api/v1/verify-pdf", {"file": upload(b"%PDF-" + b"0" * (5 * 1024 * 1024))})
    assert big.status_code == 400 and "under 5 MB" in big.json()["message"]
    missing = client.post("/api/v1/verify-pdf", {})
    assert missing.status_code == 422


def test_the_api_needs_no_login_and_no_csrf_token(signed_pdf: bytes, db: None) -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/api/v1/verify-pdf", {"file": upload(signed_pdf)})
    assert response.status_code == 200


def test_the_pdf_download_is_rendered_once_per_content(
    client: Client, certificate: Any, django_assert_max_num_queries: Any
) -> None:
    url = reverse("signing:certificate_pdf", args=[certificate.lookup_key])
    first = b"".join(client.get(url).streaming_content)
    with django_assert_max_num_queries(20):
        again = b"".join(client.get(url).streaming_content)
    assert first == again
    assert services.certificate_pdf_render(certificate=certificate) == first
