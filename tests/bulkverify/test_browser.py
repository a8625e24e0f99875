"""A newcomer bulk-verifies the sample supplier file in a real browser and gets a spreadsheet."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_the_sample_file_and_download_the_spreadsheet(
    page: Any, suppliers: Any, registry: Any, tmp_path: Path
) -> None:
    for i, name in enumerate(
        ["Foxglove Foundry Ltd", "Granite Gears Ltd", "Harbour Hydraulics Ltd"]
    ):
        registry.certify(registry.client(name), f"ACB-9001-01{i}")
    page.goto("/registry/bulk/")
    expect(page.get_by_role("heading", name="Verify a list of suppliers")).to_be_visible()

    with page.expect_download() as sample:
        page.get_by_role("link", name="Sample supplier file (CSV)").click()
    sample_path = tmp_path / "sample-suppliers.csv"
    sample.value.save_as(sample_path)

    page.get_by_label("Supplier file (CSV or Excel .xlsx)").set_input_files(str(sample_path))
    page.get_by_role("button", name="Check the suppliers").click()

    expect(page.get_by_role("heading", name="Supplier check: sample-suppliers.csv")).to_be_visible()
    table = page.locator("table.bulk-rows")
    expect(table).to_contain_text("Certificate number found; holder name matches")
    expect(table).to_contain_text("Number not found: it may be a typo")
    expect(page.locator("figure.chart")).to_be_visible()

    with page.expect_download() as result:
        page.get_by_role("link", name="Download as Excel (.xlsx)").click()
    assert result.value.suggested_filename == "sample-suppliers-checked.xlsx"
    book = load_workbook(io.BytesIO(Path(result.value.path()).read_bytes()))
    sheet = book.worksheets[0]
    assert sheet.cell(row=1, column=6).value == "Verdict"
    verdicts = {sheet.cell(row=r, column=6).value for r in range(2, sheet.max_row + 1)}
    assert {"Valid", "Suspended", "Not found"} <= verdicts
