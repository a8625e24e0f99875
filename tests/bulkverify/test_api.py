"""The JSON twin: POST a file to /api/v1/bulk-verify, GET the kept check by its token; one error
shape for every refusal."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from isocert.bulkverify.models import BulkCheck
from isocert.bulkverify.schemas import BulkCheckOut

pytestmark = pytest.mark.django_db

CSV = b"Company,Cert number\nAcme Widgets Ltd,ACB-9001-0001\nBorealis Toolnig GmbH,\nX,NOPE-9\n"


def post(client: Client, data: bytes, name: str = "s.csv", query: str = "") -> Any:
    return client.post(f"/api/v1/bulk-verify{query}", {"file": SimpleUploadedFile(name, data)})


def test_post_a_file_returns_every_row_and_the_download_links(
    client: Client, suppliers: Any
) -> None:
    answer = post(client, CSV)

    assert answer.status_code == 200
    body = answer.json()
    BulkCheckOut.model_validate(body)
    check = BulkCheck.objects.get()
    assert body["token"] == check.token
    assert body["row_count"] == 3
    assert body["counts"]["valid"] == 1
    assert body["counts"]["suspended"] == 1
    assert body["counts"]["not_found"] == 1
    assert body["columns"] == {"name": "Company", "number": "Cert number"}
    assert body["links"]["xlsx"] == f"http://testserver/registry/bulk/{check.token}.xlsx"
    assert body["links"]["csv"] == f"http://testserver/registry/bulk/{check.token}.csv"
    first, second, third = body["rows"]
    assert (first["verdict"], first["certificate"], first["confidence_label"]) == (
        "valid",
        "ACB-9001-0001",
        "high",
    )
    assert (second["matched_by"], second["certificate"]) == ("fuzzy", "ACB-9001-0003")
    assert third["verdict"] == "not_found"
    assert "no-store" in answer["Cache-Control"]


def test_get_by_token_pages_the_rows(client: Client, suppliers: Any) -> None:
    token = post(client, CSV).json()["token"]

    answer = client.get(f"/api/v1/bulk-verify/{token}?page=2&page_size=2")

    assert answer.status_code == 200
    body = answer.json()
    assert (body["page"], body["pages"], body["page_size"]) == (2, 2, 2)
    assert [r["line"] for r in body["rows"]] == [4]


def test_an_unknown_token_is_a_404_in_the_one_error_shape(client: Client) -> None:
    answer = client.get(f"/api/v1/bulk-verify/{'a' * 32}")

    assert answer.status_code == 404
    assert answer.json()["error"] == "not_found"
    assert set(answer.json()) == {"error", "message", "details"}


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "a.csv", "file_empty"),
        (b"a,b\n1,2\n", "a.csv", "file_no_header"),
        (b"PK\x03\x04junk", "a.xlsx", "file_corrupt"),
        (b"GIF89a", "a.gif", "file_type"),
        (b"name\n" + b"x\n" * 10_001, "a.csv", "file_too_many_rows"),
    ],
)
def test_a_file_that_cannot_be_read_is_a_400_and_nothing_is_kept(
    client: Client, data: bytes, name: str, code: str
) -> None:
    answer = post(client, data, name)

    assert answer.status_code == 400
    assert answer.json()["error"] == code
    assert answer.json()["message"]
    assert not BulkCheck.objects.exists()


def test_without_a_file_is_a_422(client: Client) -> None:
    answer = client.post("/api/v1/bulk-verify", {})

    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid_input"
