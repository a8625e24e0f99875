"""Whatever a supplier file holds, the downloads never hand a spreadsheet a formula to run."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from isocert.bulkverify.exports import RISKY, csv_download, xlsx_bytes

texts = st.text(max_size=30)


def stored(name: str, number: str) -> dict[str, object]:
    return {
        "line": 2,
        "name": name,
        "country": "",
        "number": number,
        "standard": "",
        "verdict": "not_found",
        "verdict_label": "Not found",
        "reason": "Number not found.",
        "confidence": 0,
        "confidence_label": "none",
        "matched_by": "none",
        "notes": [],
    }


@settings(max_examples=100, deadline=None)
@given(name=texts, number=texts)
def test_no_csv_cell_starts_like_a_formula(name: str, number: str) -> None:
    body = csv_download("x.csv", [stored(name, number)]).content.decode()

    for row in csv.reader(io.StringIO(body)):
        assert not any(cell.startswith(RISKY) for cell in row)


@settings(max_examples=25, deadline=None)
@given(name=st.sampled_from(["=1+1", "+SUM(A1)", "-2", "@cmd", '=HYPERLINK("x")']), number=texts)
def test_no_xlsx_cell_is_a_formula(name: str, number: str) -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes([stored(name, number)]))).worksheets[0]

    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert sheet.cell(row=2, column=2).value == name


def test_control_characters_do_not_break_the_xlsx() -> None:
    sheet = load_workbook(io.BytesIO(xlsx_bytes([stored("Acme\x01 Ltd", "A\x1bB")]))).worksheets[0]

    assert sheet.cell(row=2, column=2).value == "Acme Ltd"
    assert sheet.cell(row=2, column=4).value == "AB"
