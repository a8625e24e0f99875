"""The pages: upload a file, read the result, download it as CSV and XLSX; refusals are shown on
the form and keep nothing; someone else's (or an expired) token is a 404."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from isocert.bulkverify.models import BulkCheck
from isocert.bulkverify.services import bulk_check_cleanup, bulk_check_run

pytestmark = pytest.mark.django_db

SUPPLIERS = (
    "Supplier;Country;Certificate No.;Standard\n"
    "Acme Widgets Ltd;GB;acb 9001 0001;ISO 9001\n"
    '=HYPERLINK("http://evil.example");GB;ACB-9001-0003;\n'
    "Nobody Ltd;XX;NOPE-1;\n"
)


def upload(client: Client, data: bytes | str, name: str = "suppliers.csv") -> Any:
    content = data.encode() if isinstance(data, str) else data
    return client.post("/registry/bulk/", {"file": SimpleUploadedFile(name, content)})


def test_the_upload_page_explains_the_file_and_links_the_samples(client: Client) -> None:
    page = client.get("/registry/bulk/")

    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert "/registry/bulk/sample-suppliers.csv" in html
    assert "/registry/bulk/sample-suppliers.xlsx" in html
    assert "Confidential clients are confirmed only by their exact certificate number" in html


def test_upload_shows_the_result_page(client: Client, suppliers: Any) -> None:
    answer = upload(client, SUPPLIERS)

    assert answer.status_code == 302
    check = BulkCheck.objects.get()
    assert answer["Location"] == f"/registry/bulk/{check.token}/"
    page = client.get(answer["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    assert "3 suppliers checked" in html
    assert "ACB-9001-0001" in html
    assert "holder name matches" in html
    assert "is not an ISO 3166-1 alpha-2 country code" in html  # the note on the XX row
    assert f"/registry/bulk/{check.token}.xlsx" in html
    assert '<figure class="chart">' in html
    only = client.get(answer["Location"] + "?verdict=not_found").content.decode()
    assert "Nobody Ltd" in only
    assert "Acme Widgets Ltd" not in only


def test_the_result_page_is_paginated(client: Client, suppliers: Any) -> None:
    check = bulk_check_run(rows=[{"name": f"Firm {i}"} for i in range(120)])

    first = client.get(f"/registry/bulk/{check.token}/").content.decode()
    third = client.get(f"/registry/bulk/{check.token}/?page=3").content.decode()

    assert "Page 1 of 3" in first
    assert "Firm 49" in first
    assert "Firm 50" not in first
    assert "Firm 119" in third


def test_the_csv_download_reads_back_and_is_safe_in_a_spreadsheet(
    client: Client, suppliers: Any
) -> None:
    check = bulk_check_run(file=SUPPLIERS.encode(), file_name="my list.csv")

    answer = client.get(f"/registry/bulk/{check.token}.csv")

    assert answer.status_code == 200
    assert answer["Content-Disposition"] == 'attachment; filename="my-list-checked.csv"'
    rows = list(csv.DictReader(io.StringIO(answer.content.decode())))
    assert [r["Verdict"] for r in rows] == ["Valid", "Suspended", "Not found"]
    assert rows[0]["Matched certificate"] == "ACB-9001-0001"
    assert rows[0]["Confidence"] == "High"
    assert rows[1]["Name given"] == '\'=HYPERLINK("http://evil.example")'
    assert "not an ISO 3166-1 alpha-2" in rows[2]["Notes on the row"]


def test_the_xlsx_download_has_a_frozen_header_colours_and_no_formulas(
    client: Client, suppliers: Any
) -> None:
    check = bulk_check_run(file=SUPPLIERS.encode(), file_name="list.csv")

    answer = client.get(f"/registry/bulk/{check.token}.xlsx")

    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(answer.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[:6] == [
        "Row",
        "Name given",
        "Country given",
        "Certificate number given",
        "Standard given",
        "Verdict",
    ]
    assert sheet.freeze_panes == "A2"
    assert sheet[1][0].font.bold
    assert sheet.column_dimensions["P"].width == 80
    verdicts = [sheet.cell(row=r, column=6) for r in (2, 3, 4)]
    assert [c.value for c in verdicts] == ["Valid", "Suspended", "Not found"]
    assert [c.fill.start_color.rgb[-6:] for c in verdicts] == ["C6EFCE", "FFEB9C", "FFC7CE"]
    evil = sheet.cell(row=3, column=2)
    assert evil.value == '=HYPERLINK("http://evil.example")'
    assert evil.data_type == "s"  # text, not a formula
    assert book.worksheets[1].cell(row=2, column=1).value == "Valid"


@pytest.mark.parametrize("suffix", ["/", ".csv", ".xlsx"])
def test_an_unknown_token_is_a_404(client: Client, suffix: str) -> None:
    assert client.get(f"/registry/bulk/{'x' * 32}{suffix}").status_code == 404
    assert client.get(f"/registry/bulk/short{suffix}").status_code == 404


def test_a_check_expires_after_seven_days_and_is_cleaned_up(client: Client, suppliers: Any) -> None:
    check = bulk_check_run(rows=[{"name": "Acme Widgets Ltd"}])
    later = dt.datetime(2025, 6, 9, 10, 1, tzinfo=dt.UTC)

    with time_machine.travel(later, tick=False):
        assert client.get(f"/registry/bulk/{check.token}/").status_code == 404
        assert bulk_check_cleanup() == 1
    assert not BulkCheck.objects.exists()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.csv", "The file is empty."),
        (b"foo,bar\n1,2\n", "a.csv", "No header row was recognised"),
        (b"%PDF-1.4", "report.pdf", "Only CSV and Excel (.xlsx) files can be checked."),
        (b"PK\x03\x04garbage", "a.xlsx", "The Excel file could not be opened"),
        (b"\x00\xff\x00\xfe" * 50, "a.csv", "could not be read as text"),
        (b"name\n" + b"x\n" * 10_001, "a.csv", "more than 10,000 supplier rows"),
        (b"name\n" + b"x" * (5 * 1024 * 1024), "a.csv", "the largest accepted is 5.0 MB"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_on_the_form(
    client: Client, data: bytes, name: str, message: str
) -> None:
    answer = upload(client, data, name)

    assert answer.status_code == 400
    html = answer.content.decode()
    assert "The file was not checked." in html
    assert message.replace("“", "&ldquo;") in html or message in html
    assert not BulkCheck.objects.exists()


def test_no_file_is_a_form_error(client: Client) -> None:
    answer = client.post("/registry/bulk/", {})
    assert answer.status_code == 400
    assert not BulkCheck.objects.exists()


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_sample_file_shows_every_kind_of_answer(
    client: Client, suppliers: Any, registry: Any, kind: str
) -> None:
    for i, name in enumerate(
        ["Foxglove Foundry Ltd", "Granite Gears Ltd", "Harbour Hydraulics Ltd"]
    ):
        registry.certify(registry.client(name), f"ACB-9001-01{i}")
    sample = client.get(f"/registry/bulk/sample-suppliers.{kind}")
    assert sample.status_code == 200

    answer = upload(client, sample.content, f"sample-suppliers.{kind}")

    rows = BulkCheck.objects.get(token=answer["Location"].split("/")[-2]).rows
    verdicts = {r["verdict"] for r in rows}
    assert {"valid", "suspended", "withdrawn", "expired", "superseded", "not_found"} <= verdicts
    assert {r["matched_by"] for r in rows} >= {"number", "name", "fuzzy", "none"}
    text = sample.content.decode("utf-8-sig", errors="ignore") if kind == "csv" else ""
    assert "Hidden Defence" not in text  # a public file never names a confidential client
    assert all("Hidden Defence" not in r["holder"] for r in rows)


@pytest.mark.parametrize("rows", [2, 5])
def test_the_result_page_costs_the_same_queries(
    client: Client, suppliers: Any, rows: int, django_assert_num_queries: Any
) -> None:
    check = bulk_check_run(rows=[{"name": f"Firm {i}"} for i in range(rows)])
    with django_assert_num_queries(1):  # the stored check; its rows travel with it
        page = client.get(f"/registry/bulk/{check.token}/")
    assert f"{rows} suppliers checked" in page.content.decode()
