"""A bulk check as a download: CSV, and XLSX with a frozen header and coloured verdicts (and a
second sheet saying what each verdict means).

Cells that a spreadsheet would run as a formula (text starting with ``= + - @``) are written as
text: quoted in CSV (a leading apostrophe), typed as strings in XLSX.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from isocert.core.paging import csv_response
from isocert.registry.choices import VERDICT_MEANING, Verdict

RISKY = ("=", "+", "-", "@", "\t", "\r")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

VERDICT_FILLS = {
    "valid": "C6EFCE",
    "suspended": "FFEB9C",
    "superseded": "DDEBF7",
    "withdrawn": "FFC7CE",
    "expired": "FFC7CE",
    "not_found": "FFC7CE",
}
CONFIDENCE_FILLS = {"high": "C6EFCE", "medium": "FFEB9C", "low": "FFC7CE"}


def columns() -> list[tuple[str, str, int]]:
    """``(key in a stored row, header, width in characters)`` of the downloads, in order."""
    return [
        ("line", _("Row"), 6),
        ("name", _("Name given"), 30),
        ("country", _("Country given"), 10),
        ("number", _("Certificate number given"), 22),
        ("standard", _("Standard given"), 14),
        ("verdict_label", _("Verdict"), 16),
        ("certificate", _("Matched certificate"), 22),
        ("holder", _("Certificate holder"), 30),
        ("holder_country", _("Holder country"), 10),
        ("certificate_standard", _("Certificate standard"), 16),
        ("expiry_date", _("Expiry date"), 12),
        ("certification_body", _("Certification body"), 14),
        ("confidence", _("Confidence (0-100)"), 12),
        ("confidence_label", _("Confidence"), 12),
        ("matched_by", _("Matched by"), 12),
        ("reason", _("Reason"), 80),
        ("notes", _("Notes on the row"), 40),
    ]


def _value(row: dict[str, Any], key: str) -> Any:
    value = row.get(key, "")
    if key == "notes":
        return " ".join(value or [])
    if key == "confidence_label":
        return _confidence_text(str(value))
    return value


def _confidence_text(value: str) -> str:
    from isocert.bulkverify.choices import Confidence

    return str(Confidence(value).label) if value in Confidence.values else value


def table(rows: Iterable[dict[str, Any]]) -> Iterable[list[Any]]:
    keys = [key for key, _h, _w in columns()]
    for row in rows:
        yield [_value(row, key) for key in keys]


def csv_download(file_name: str, rows: Sequence[dict[str, Any]]) -> HttpResponse:
    return csv_response(file_name, [h for _k, h, _w in columns()], table(rows))


def xlsx_bytes(rows: Sequence[dict[str, Any]]) -> bytes:
    """The workbook: one sheet, bold frozen header with a filter, widths set, verdicts coloured."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Suppliers"))
    cols = columns()
    for i, (_key, _header, width) in enumerate(cols, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(rows) + 1}"
    bold = Font(bold=True)
    header = []
    for _key, title, _width in cols:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        header.append(cell)
    sheet.append(header)
    fills = {code: PatternFill("solid", start_color=code) for code in {*VERDICT_FILLS.values()}}
    verdict_at = [k for k, _h, _w in cols].index("verdict_label")
    confidence_at = [k for k, _h, _w in cols].index("confidence_label")
    for row, values in zip(rows, table(rows), strict=True):
        out: list[Any] = []
        for i, raw in enumerate(values):
            value = ILLEGAL_CHARACTERS_RE.sub("", raw) if isinstance(raw, str) else raw
            if isinstance(value, str) and value.startswith(RISKY):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"  # text, never a formula
                out.append(cell)
            elif i == verdict_at and row.get("verdict") in VERDICT_FILLS:
                cell = WriteOnlyCell(sheet, value=value)
                cell.fill = fills[VERDICT_FILLS[row["verdict"]]]
                out.append(cell)
            elif i == confidence_at and row.get("confidence_label") in CONFIDENCE_FILLS:
                cell = WriteOnlyCell(sheet, value=value)
                cell.fill = fills[CONFIDENCE_FILLS[row["confidence_label"]]]
                out.append(cell)
            else:
                out.append(value)
        sheet.append(out)
    legend = book.create_sheet(_("Verdicts"))
    legend.column_dimensions["A"].width = 28
    legend.column_dimensions["B"].width = 100
    legend.append(
        [_cell(legend, _("Verdict"), font=bold), _cell(legend, _("What it means"), font=bold)]
    )
    for verdict in Verdict:
        legend.append(
            [
                _cell(legend, str(verdict.label), fill=fills[VERDICT_FILLS[verdict.value]]),
                str(VERDICT_MEANING[verdict]),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any, **style: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def xlsx_download(file_name: str, rows: Sequence[dict[str, Any]]) -> HttpResponse:
    response = HttpResponse(xlsx_bytes(rows), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{file_name}"'
    return response
