"""Reading supplier files: CSV (any delimiter, BOM, encodings) and XLSX, headers as people write
them; unreadable files refused as a whole with a clear reason."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from isocert.bulkverify.parsing import (
    MAX_BYTES,
    MAX_CELL,
    MAX_ROWS,
    FileRefused,
    column_of,
    read_file,
)


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("Supplier", "name"),
        ("COMPANY NAME", "name"),
        ("Organisation", "name"),
        ("organization", "name"),
        ("Vendor", "name"),
        ("Country", "country"),
        ("Country code", "country"),
        ("Certificate", "number"),
        ("Certificate No.", "number"),
        ("Cert. number", "number"),
        ("cert_no", "number"),
        ("Certificate #", "number"),
        ("ISO certificate number", "number"),
        ("Standard", "standard"),
        ("ISO Standard", "standard"),
        ("Remarks", None),
        ("", None),
    ],
)
def test_headers_are_recognised_in_their_usual_spellings(header: str, column: str | None) -> None:
    found = column_of(header)
    assert (found.value if found else None) == column


def test_csv_with_a_byte_order_mark_and_commas() -> None:
    data = "\ufeffSupplier,Country,Cert No,ISO standard\nAcme Ltd,GB,ACB-1,ISO 9001\n".encode()

    parsed = read_file(data, "suppliers.csv")

    assert parsed.columns == {
        "name": "Supplier",
        "country": "Country",
        "number": "Cert No",
        "standard": "ISO standard",
    }
    row = parsed.rows[0]
    assert (row.line, row.name, row.country, row.number, row.standard) == (
        2,
        "Acme Ltd",
        "GB",
        "ACB-1",
        "ISO 9001",
    )


def test_semicolons_windows_encoding_and_missing_columns() -> None:
    data = "Société;Certificat\r\nMüller Präzision;ACB-2\r\n;\r\nÉclair SARL;ACB-3\r\n".encode(
        "cp1252"
    )
    data = data.replace("Société".encode("cp1252"), b"Company").replace(
        "Certificat".encode("cp1252"), b"Certificate number"
    )

    parsed = read_file(data, "list.csv")

    assert parsed.columns == {"name": "Company", "number": "Certificate number"}
    assert [(r.line, r.name, r.number, r.country) for r in parsed.rows] == [
        (2, "Müller Präzision", "ACB-2", ""),
        (4, "Éclair SARL", "ACB-3", ""),
    ]


def test_tab_separated_utf16() -> None:
    data = "Name\tCertificate\nAcme\tACB-4\n".encode("utf-16")

    assert read_file(data, "x.txt").rows[0].number == "ACB-4"


def test_xlsx_with_title_rows_above_the_header_and_numeric_cells() -> None:
    data = xlsx(
        [
            ["Approved supplier list 2025"],
            [],
            ["Organization", "Certificate No.", "Standard"],
            ["Acme Ltd", 123456.0, "ISO 9001"],
            [None, None, None],
            ["Bolt GmbH", "DE-77", None],
        ]
    )

    parsed = read_file(data, "Suppliers.XLSX")

    assert [(r.line, r.name, r.number, r.standard) for r in parsed.rows] == [
        (4, "Acme Ltd", "123456", "ISO 9001"),
        (6, "Bolt GmbH", "DE-77", ""),
    ]


def test_a_long_cell_is_cut_with_a_note() -> None:
    parsed = read_file(f"name,certificate\n{'A' * 400},X1\n".encode(), "a.csv")

    assert len(parsed.rows[0].name) == MAX_CELL
    assert parsed.rows[0].notes == ["The name was cut to its first 300 characters."]


def refused(data: bytes, name: str) -> FileRefused:
    with pytest.raises(FileRefused) as caught:
        read_file(data, name)
    return caught.value


@pytest.mark.parametrize(
    ("data", "name", "code", "words"),
    [
        (b"", "a.csv", "file_empty", "empty"),
        (b"\n\n  \n", "a.csv", "file_empty", "empty"),
        (b"Supplier,Certificate\n", "a.csv", "file_empty", "no supplier rows"),
        (b"foo,bar\n1,2\n", "a.csv", "file_no_header", "No header row was recognised"),
        (b"%PDF-1.7 ...", "a.pdf", "file_type", "Only CSV and Excel"),
        (b"%PDF-1.7 ...", "a.csv", "file_type", "Only CSV and Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "a.xls", "file_type", ".xls"),
        (b"PK\x03\x04 this is not a workbook", "a.xlsx", "file_corrupt", "damaged"),
        (b"name,certificate\nA,1", "a.xlsx", "file_corrupt", "damaged"),
        (b"\x00\x01\x02\x03" * 100, "a.csv", "file_encoding", "could not be read as text"),
        (b'name,certificate\n"unterminated\n', "a.csv", "file_malformed", "malformed"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(
    data: bytes, name: str, code: str, words: str
) -> None:
    error = refused(data, name)
    assert error.code == code
    assert words in error.message


def test_a_file_too_large_is_refused() -> None:
    error = refused(b"name,certificate\n" + b"a,b\n" * (MAX_BYTES // 4), "big.csv")
    assert error.code == "file_too_large"
    assert "the largest accepted is 5.0 MB" in error.message


def test_too_many_rows_are_refused() -> None:
    data = b"name\n" + b"x\n" * (MAX_ROWS + 1)
    error = refused(data, "many.csv")
    assert error.code == "file_too_many_rows"
    assert "more than 10,000" in error.message
    assert len(read_file(b"name\n" + b"x\n" * MAX_ROWS, "ok.csv").rows) == MAX_ROWS


def test_an_xlsx_without_header_is_refused() -> None:
    error = refused(xlsx([[1, 2], [3, 4]]), "a.xlsx")
    assert error.code == "file_no_header"


cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40
).map(lambda t: " ".join(t.split()))


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.tuples(cells, cells), min_size=1, max_size=8).filter(
        lambda rows: any(a or b for a, b in rows)
    ),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_any_csv_a_spreadsheet_writes_reads_back_cell_for_cell(
    rows: list[tuple[str, str]], delimiter: str
) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["Supplier", "Certificate number"])
    writer.writerows(rows)

    parsed = read_file(buffer.getvalue().encode("utf-8-sig"), "s.csv")

    assert [(r.name, r.number) for r in parsed.rows] == [(a, b) for a, b in rows if a or b]


def test_control_characters_are_dropped_from_cells() -> None:
    parsed = read_file(b"name,certificate\nAcme\x01 Ltd,A\x1bB-1\n", "a.csv")

    assert (parsed.rows[0].name, parsed.rows[0].number) == ("Acme Ltd", "AB-1")
