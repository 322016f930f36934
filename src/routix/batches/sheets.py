"""Sheets in: a CSV or XLSX upload -> column headers and rows of text; the column mapping.

:func:`read_sheet` reads the first worksheet of an ``.xlsx`` (openpyxl, read-only, values
only) or a CSV (UTF-8 with or without BOM; comma, semicolon or tab, sniffed). The first
non-empty row is the header. Cells become trimmed strings; empty rows are skipped.
:func:`suggest_mapping` guesses which column feeds which row field from the headers; the
caller confirms or edits it (the column-mapping step) and :func:`apply_mapping` turns the
sheet's rows into row fields.

Errors: InvalidInput ``invalid_sheet`` (unreadable, no header, duplicate or empty headers,
more than ``MAX_ROWS`` rows, a mapping naming a column the sheet lacks) and PayloadTooLarge.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass

from routix.batches.schemas import FIELDS, MAX_ROWS
from routix.errors import InvalidInput, PayloadTooLarge

#: Largest sheet upload, bytes.
MAX_SHEET_BYTES = 5 * 1024 * 1024
#: Most columns a sheet may have.
MAX_COLUMNS = 100

#: Header words that suggest a field (lower case, compared after removing spaces and _ -).
_HINTS: dict[str, tuple[str, ...]] = {
    "name": ("name", "id", "video", "videoid", "slug", "file", "filename", "episode"),
    "prompt": ("prompt", "idea", "description", "topic", "brief", "about", "concept"),
    "title": ("title", "text", "headline", "thumbnailtext", "caption"),
    "face": ("face", "faces", "photo", "image", "picture", "headshot", "person"),
    "logo": ("logo", "brand", "brandlogo"),
    "variants": ("variants", "variations"),
    "algorithm": ("algorithm", "version", "model", "routixversion"),
}


@dataclass(frozen=True)
class Sheet:
    """A parsed sheet: its header ``columns`` and ``rows`` (one dict column -> text per row)."""

    columns: list[str]
    rows: list[dict[str, str]]


def read_sheet(data: bytes, filename: str | None = None) -> Sheet:
    """Parse an uploaded CSV or XLSX (told apart by content: an XLSX is a zip). See the module
    docstring for the rules and errors."""
    if len(data) > MAX_SHEET_BYTES:
        raise PayloadTooLarge(f"the sheet is larger than {MAX_SHEET_BYTES // (1024 * 1024)} MB")
    if data[:4] == b"PK\x03\x04":
        table = _xlsx_cells(data)
    else:
        table = _csv_cells(data)
    return _sheet(table)


def _csv_cells(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput("the sheet is neither UTF-8 CSV nor XLSX", code="invalid_sheet") from None
    if "\x00" in text:
        raise InvalidInput("the sheet holds NUL characters", code="invalid_sheet")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise InvalidInput(f"the CSV cannot be read ({exc})", code="invalid_sheet") from None


def _xlsx_cells(data: bytes) -> list[list[str]]:
    import openpyxl  # type: ignore[import-untyped]  # only for XLSX uploads (keeps the API's start-up light)

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise InvalidInput(f"the XLSX cannot be read ({type(exc).__name__})", code="invalid_sheet") from None
    try:
        sheet = book.worksheets[0]
        table = []
        for values in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            table.append(["" if v is None else str(v) for v in values])
            if len(table) > MAX_ROWS + 1:
                break
        return table
    finally:
        book.close()


def _sheet(table: list[list[str]]) -> Sheet:
    table = [[cell.strip() for cell in row] for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise InvalidInput("the sheet is empty: a header row and at least one row are needed", code="invalid_sheet")
    header = table[0]
    while header and not header[-1]:
        header = header[:-1]
    if len(header) > MAX_COLUMNS:
        raise InvalidInput(f"the sheet has more than {MAX_COLUMNS} columns", code="invalid_sheet")
    if any(not name for name in header):
        raise InvalidInput("every column needs a header in the first row", code="invalid_sheet")
    if len(set(header)) != len(header):
        raise InvalidInput("two columns have the same header", code="invalid_sheet")
    rows = table[1:]
    if not rows:
        raise InvalidInput("the sheet has a header but no rows", code="invalid_sheet")
    if len(rows) > MAX_ROWS:
        raise InvalidInput(f"a batch has at most {MAX_ROWS} rows; this sheet has more", code="invalid_sheet")
    return Sheet(header, [{name: (row[i] if i < len(row) else "") for i, name in enumerate(header)} for row in rows])


def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def suggest_mapping(columns: list[str]) -> dict[str, str]:
    """``{field: column}`` for the fields whose hint words match a header (each column used
    once, fields in :data:`FIELDS` order)."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for field in FIELDS:
        for column in columns:
            if column not in taken and _norm(column) in _HINTS[field]:
                mapping[field] = column
                taken.add(column)
                break
    return mapping


def check_mapping(mapping: dict[str, str], columns: list[str]) -> None:
    """InvalidInput ``invalid_mapping`` for an unknown field, a column the sheet lacks, or no
    ``prompt`` mapping."""
    unknown = sorted(set(mapping) - set(FIELDS))
    if unknown:
        raise InvalidInput(f"unknown fields {unknown}; map any of {list(FIELDS)}", code="invalid_mapping")
    missing = sorted(column for column in mapping.values() if column not in columns)
    if missing:
        raise InvalidInput(f"the sheet has no column {missing[0]!r}; its columns are {columns}",
                           code="invalid_mapping")
    if "prompt" not in mapping:
        raise InvalidInput("map a column to 'prompt' (what each thumbnail is about)", code="invalid_mapping")


def apply_mapping(sheet: Sheet, mapping: dict[str, str]) -> list[dict[str, str]]:
    """The sheet's rows as ``{field: text}`` (empty cells left out)."""
    check_mapping(mapping, sheet.columns)
    return [{field: row[column] for field, column in mapping.items() if row.get(column)} for row in sheet.rows]


__all__ = ["MAX_SHEET_BYTES", "Sheet", "apply_mapping", "check_mapping", "read_sheet", "suggest_mapping"]
