"""Read a supplier file (CSV or XLSX) into rows: name, country, certificate number, standard.

Any column may be missing; headers are recognised in the usual spellings, case and punctuation
ignored. A file that cannot be read is refused as a whole with a ``FileRefused`` that says why and
what to do; a cell that is merely odd becomes a note on its row (the row is still checked).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from isocert.bulkverify.choices import Column
from isocert.rules.errors import RuleError

MAX_ROWS = 10_000
"""Supplier rows one file may hold (blank rows are not counted)."""
MAX_BYTES = 5 * 1024 * 1024
"""Largest file accepted (5 MiB: about 40,000 typical supplier rows as CSV)."""
MAX_CELL = 300
"""Characters kept of a cell; longer text is cut and the row says so."""
MAX_COLUMNS = 60
HEADER_SCAN = 5
"""The header row may come after a few title rows: the first rows looked at for it."""
CSV_EXTENSIONS = (".csv", ".txt", ".tsv")
XLSX_EXTENSIONS = (".xlsx", ".xlsm")


class FileRefused(RuleError):
    """The whole file is refused (nothing was checked, nothing is kept)."""

    code = "file_refused"


def _fold(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


_ALIASES: dict[Column, set[str]] = {
    Column.NAME: {
        "name",
        "supplier",
        "supplier name",
        "company",
        "company name",
        "organisation",
        "organization",
        "organisation name",
        "organization name",
        "vendor",
        "vendor name",
        "holder",
        "certificate holder",
        "legal name",
        "business name",
        "firm",
        "client",
        "client name",
        "manufacturer",
        "subcontractor",
    },
    Column.COUNTRY: {
        "country",
        "country code",
        "countrycode",
        "iso country",
        "country iso",
        "country iso code",
        "ctry",
        "nation",
    },
    Column.NUMBER: {
        "certificate",
        "certificate number",
        "certificate no",
        "certificate nr",
        "certificate num",
        "certificate id",
        "certificate ref",
        "certificate reference",
        "certificate code",
        "cert",
        "cert number",
        "cert no",
        "cert nr",
        "cert num",
        "cert id",
        "cert ref",
        "certno",
        "certnumber",
        "certificateno",
        "certificatenumber",
        "iso certificate",
        "iso certificate number",
        "iso certificate no",
        "number",
        "no",
    },
    Column.STANDARD: {
        "standard",
        "standards",
        "iso standard",
        "iso",
        "norm",
        "scheme",
        "certification standard",
        "certified standard",
        "management system",
        "management system standard",
        "iso norm",
        "standard code",
        "certification",
    },
}
_BY_ALIAS = {alias: column for column, aliases in _ALIASES.items() for alias in aliases}


def column_of(header: str) -> Column | None:
    """The column a header names (``"Cert. No."`` → number, ``"Supplier"`` → name), or ``None``."""
    folded = _fold(header)
    if not folded:
        return None
    if folded in _BY_ALIAS:
        return _BY_ALIAS[folded]
    words = set(folded.split())
    if words & {"cert", "certificate", "certification"} and words & {
        "no",
        "nr",
        "number",
        "num",
        "id",
        "ref",
        "reference",
    }:
        return Column.NUMBER
    if "country" in words:
        return Column.COUNTRY
    if "standard" in words or "standards" in words:
        return Column.STANDARD
    if words & {"supplier", "company", "organisation", "organization", "vendor"}:
        return Column.NAME
    return None


@dataclass
class SupplierRow:
    """One supplier as the file gives it; ``line`` is its row number as a spreadsheet shows it."""

    line: int
    name: str = ""
    country: str = ""
    number: str = ""
    standard: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class ParsedFile:
    rows: list[SupplierRow]
    columns: dict[str, str]
    """Column kind → the header it was read from, as written in the file."""


def _header(cells: Sequence[str]) -> dict[int, Column]:
    found: dict[int, Column] = {}
    for i, cell in enumerate(cells):
        column = column_of(cell)
        if column is not None and column not in found.values():
            found[i] = column
    return found


def _no_header(first: Sequence[str]) -> FileRefused:
    shown = ", ".join(f"“{c}”" for c in first if c)[:300] or _("(empty)")
    return FileRefused(
        _(
            "No header row was recognised: the first row should name the columns, for example "
            "“Supplier”, “Country”, “Certificate number” and “Standard” (any may be missing, but "
            "a name or a certificate number column is needed). The first row reads: %(first)s."
        )
        % {"first": shown},
        code="file_no_header",
        details={"first_row": [c for c in first if c][:MAX_COLUMNS]},
    )


def rows_from_table(table: Iterable[tuple[int, Sequence[str]]]) -> ParsedFile:
    """Rows of a table given as ``(line, cells)``: the header is the row among the first few that
    names the most known columns (a name or number column among them; title rows above it are
    skipped), then the data rows under it are read (blank rows skipped, at most ``MAX_ROWS``)."""
    stream = ((line, cells) for line, cells in table if any(cells))
    head = list(itertools.islice(stream, HEADER_SCAN))
    if not head:
        raise _empty()
    best: dict[int, Column] = {}
    at = -1
    for i, (_line, cells) in enumerate(head):
        candidate = _header(cells)
        if _usable(candidate) and len(candidate) > len(best):
            best, at = candidate, i
    if at < 0:
        raise _no_header(head[0][1])
    header, header_cells = best, head[at][1]
    rows: list[SupplierRow] = []
    for line, cells in itertools.chain(head[at + 1 :], stream):
        if len(rows) >= MAX_ROWS:
            raise FileRefused(
                _(
                    "The file has more than %(max)s supplier rows. Split it into files of at most "
                    "%(max)s rows."
                )
                % {"max": f"{MAX_ROWS:,}"},
                code="file_too_many_rows",
                details={"max_rows": MAX_ROWS},
            )
        row = SupplierRow(line=line)
        for i, column in header.items():
            value = cells[i] if i < len(cells) else ""
            if len(value) > MAX_CELL:
                row.notes.append(
                    _("The %(column)s was cut to its first %(n)s characters.")
                    % {"column": column.label.lower(), "n": MAX_CELL}
                )
                value = value[:MAX_CELL]
            setattr(row, column.value, value)
        rows.append(row)
    if not rows:
        raise FileRefused(
            _("The file has a header row but no supplier rows under it."),
            code="file_empty",
        )
    columns = {column.value: str(header_cells[i]).strip() for i, column in header.items()}
    return ParsedFile(rows=rows, columns=columns)


def _empty() -> FileRefused:
    return FileRefused(_("The file is empty."), code="file_empty")


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters: meaningless in a supplier list, and refused inside an .xlsx."""


def _text(value: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates as ISO dates, whitespace folded."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(_CONTROL.sub("", str(value)).split())


# --------------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with its mark, else Windows-1252 (what
    spreadsheets on Windows write); binary content is refused."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _undecodable() from exc
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as exc:
                raise _undecodable() from exc
    controls = sum(1 for ch in text[:20_000] if ord(ch) < 32 and ch not in "\t\r\n")
    if "\x00" in text or controls > max(2, len(text[:20_000]) // 200):
        raise _undecodable()
    return text


def _undecodable() -> FileRefused:
    return FileRefused(
        _(
            "The file could not be read as text. Save it as “CSV UTF-8” (or as an Excel .xlsx "
            "workbook) and upload it again."
        ),
        code="file_encoding",
    )


def _usable(header: dict[int, Column]) -> bool:
    return Column.NAME in header.values() or Column.NUMBER in header.values()


def _delimiter(text: str) -> str:
    """The delimiter that splits one of the first lines into the most known headers (data cells
    may hold any delimiter, the header rarely does); else the one ``csv.Sniffer`` guesses."""
    lines = [line for line in text.splitlines()[: HEADER_SCAN * 4] if line.strip()][:HEADER_SCAN]
    best, chosen = 0, ""
    for delimiter in ",;\t|":
        for line in lines:
            header = _header(next(csv.reader([line], delimiter=delimiter), []))
            if _usable(header) and len(header) > best:
                best, chosen = len(header), delimiter
    if chosen:
        return chosen
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def read_csv(data: bytes) -> ParsedFile:
    text = _decode(data)
    if not text.strip():
        raise _empty()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)

    def table() -> Iterator[tuple[int, list[str]]]:
        try:
            for cells in reader:
                yield reader.line_num, [_text(c) for c in cells[:MAX_COLUMNS]]
        except csv.Error as exc:
            raise FileRefused(
                _("The CSV file is malformed near line %(line)s: %(error)s.")
                % {"line": reader.line_num, "error": exc},
                code="file_malformed",
                details={"line": reader.line_num},
            ) from exc

    return rows_from_table(table())


# --------------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------------


def _corrupt() -> FileRefused:
    return FileRefused(
        _(
            "The Excel file could not be opened: it is damaged or not an .xlsx workbook. Open it "
            "in a spreadsheet, save it again as .xlsx or CSV, and upload it again."
        ),
        code="file_corrupt",
    )


def read_xlsx(data: bytes) -> ParsedFile:
    """The first worksheet of a workbook (values, not formulas)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _corrupt() from exc
    try:
        sheets = book.worksheets
        if not sheets:
            raise _empty()
        sheet = sheets[0]

        def table() -> Iterator[tuple[int, list[str]]]:
            try:
                for line, values in enumerate(
                    sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1
                ):
                    yield line, [_text(v) for v in values]
            except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError) as exc:
                raise _corrupt() from exc

        return rows_from_table(table())
    finally:
        book.close()


# --------------------------------------------------------------------------------------------------
# Either
# --------------------------------------------------------------------------------------------------


def read_file(data: bytes, file_name: str) -> ParsedFile:
    """A supplier file by its content (an .xlsx is a zip; anything else is read as CSV text),
    refused when too large, empty, of another kind or unreadable."""
    name = (file_name or "").lower()
    if len(data) > MAX_BYTES:
        raise FileRefused(
            _("The file is %(size)s; the largest accepted is %(max)s. Split it into smaller files.")
            % {"size": _size(len(data)), "max": _size(MAX_BYTES)},
            code="file_too_large",
            details={"max_bytes": MAX_BYTES},
        )
    if not data:
        raise _empty()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            _("This is an old Excel .xls file: save it as .xlsx or CSV and upload it again."),
            code="file_type",
        )
    is_zip = data.startswith(b"PK\x03\x04")
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    if extension and f".{extension}" not in (*CSV_EXTENSIONS, *XLSX_EXTENSIONS):
        raise _wrong_type()
    if name.endswith(XLSX_EXTENSIONS) or is_zip:
        if not is_zip:
            raise _corrupt()
        return read_xlsx(data)
    if data.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")):
        raise _wrong_type()
    return read_csv(data)


def _wrong_type() -> FileRefused:
    return FileRefused(
        _("Only CSV and Excel (.xlsx) files can be checked."),
        code="file_type",
    )


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} kB"


def rows_from_records(records: Sequence[Mapping[str, Any]]) -> ParsedFile:
    """Rows given as mappings (``{"Supplier": …, "Certificate No": …}``): the keys of the first
    record are its header, recognised like a file's."""
    if not records:
        raise FileRefused(_("No supplier rows were given."), code="file_empty")
    keys = list(records[0].keys())

    def table() -> Iterator[tuple[int, list[str]]]:
        yield 1, [str(k) for k in keys]
        for i, record in enumerate(records, start=2):
            yield i, [_text(record.get(k)) for k in keys]

    return rows_from_table(table())
