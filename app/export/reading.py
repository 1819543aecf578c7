"""Reading the tables staff upload (peer results, a round's organizations): the one home of
decoding, CSV dialect and quoting, XLSX, row numbers and the problems of a file as such. What the
cells mean is the caller's business (app/operations/peer_import.py, app/operations/round_lists.py).

`read_table(data)` takes the uploaded bytes: an XLSX workbook (its first sheet, read with
openpyxl's read-only mode, row by row) or CSV text (UTF-8 with or without BOM, else
Windows-1252, which Excel in Spanish saves; delimiter comma, semicolon or tab, read from the
header). `csv_table(text)` reads text already decoded. Either gives a Table: its header (cells
trimmed), or the error that stops the file, and `records()`, which yields (row number, cells by
column) for every non-blank row, or a RowError for a row that cannot be read (more cells than
the header: that row only; broken quoting or an oversized cell: nothing after it is read). Row
numbers count the header as row 1. Text cells that our exports protected against formulas (a
`'` before `= + - @`, app/export/cells.py) come back without the quote.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from app.export.cells import read_back

ENCODINGS = ("utf-8-sig", "cp1252")  # Excel in Spanish saves "CSV" as Windows-1252
ZIP_MAGIC = b"PK\x03\x04"  # an XLSX workbook is a zip file
SHOWN_VALUE_LENGTH = 80
MAX_CELL_LENGTH = 131_072  # the csv module's own limit, kept for XLSX cells too
MAX_BLANK_XLSX_ROWS = 1000  # a formatted but empty sheet ends here, not at row 1,048,576


@dataclass(frozen=True)
class RowError:
    """A problem at a row (1 = the header) and column; `code` says what, `value` shows the cell
    (its first SHOWN_VALUE_LENGTH characters: a page of errors stays a page)."""

    row: int
    column: str | None
    code: str
    value: str = ""

    def __post_init__(self):
        if len(self.value) > SHOWN_VALUE_LENGTH:
            object.__setattr__(self, "value", self.value[:SHOWN_VALUE_LENGTH] + "…")
        if self.column is not None and len(self.column) > SHOWN_VALUE_LENGTH:
            object.__setattr__(self, "column", self.column[:SHOWN_VALUE_LENGTH] + "…")


# The problems a check keeps and shows; the rest are only counted, so a page of errors stays a page.
MAX_REPORTED_ERRORS = 100


@dataclass
class RowProblems:
    """What a check of an uploaded table found wrong: the first MAX_REPORTED_ERRORS problems
    (`errors`) and how many more there are (`unreported`)."""

    errors: list[RowError] = field(default_factory=list)
    unreported: int = 0

    def add_error(self, error: RowError) -> None:
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(error)
        else:
            self.unreported += 1

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.unreported


def describe_with(messages: Mapping[str, Any], error: RowError) -> str:
    """The error in the current language from `messages` (code -> text with %(value)s), or its
    code when it has none."""
    template = messages.get(error.code)
    return error.code if template is None else str(template) % {"value": error.value}


# What a file as such can get wrong; each reader adds the messages of its own cells.
READ_MESSAGES = {
    "empty_file": _l("The file is empty."),
    "no_rows": _l("The file has a header but no rows."),
    "not_a_table": _l("The file is neither CSV text nor an Excel workbook (.xlsx)."),
    "too_many_rows": _l("Too many rows: at most %(value)s per file."),
    "extra_cells": _l("This row has more cells than the header."),
    "cell_too_long": _l("A cell is too long to be read (more than %(value)s characters); nothing "
                        "after it was read."),
    "bad_csv": _l("The file is not valid CSV from this row on (a quote that is never closed, or "
                  "text after a closing quote); nothing after it was read."),
}

Record = tuple[int, dict[str, str]]


@dataclass
class Table:
    header: list[str]
    _records: Callable[[], Iterator[Record | RowError]]
    error: RowError | None = None  # the file cannot be read at all

    def records(self) -> Iterator[Record | RowError]:
        return iter(()) if self.error else self._records()


def unreadable(error: RowError) -> Table:
    return Table([], lambda: iter(()), error)


def decode(data: bytes) -> str | None:
    """The file as text: UTF-8 (with or without BOM), else Windows-1252; None when it is neither
    (e.g. a binary file)."""
    if b"\x00" in data:
        return None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def read_table(data: bytes) -> Table:
    """An uploaded file, XLSX or CSV, as a Table."""
    if data.startswith(ZIP_MAGIC):
        return xlsx_table(data)
    text = decode(data)
    if text is None:
        return unreadable(RowError(1, None, "not_a_table"))
    return csv_table(text)


# -- CSV ------------------------------------------------------------------------------------------
def _dialect(text: str) -> str:
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _csv_error(number: int, error: csv.Error) -> RowError:
    """What the csv module could not read: a cell over its field size limit, or broken quoting."""
    if "field larger than field limit" in str(error):
        return RowError(number, None, "cell_too_long", f"{csv.field_size_limit():,}")
    return RowError(number, None, "bad_csv")


def csv_table(text: str) -> Table:
    text = text.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_dialect(text), strict=True)
    try:
        header = [h.strip() for h in reader.fieldnames or []]
    except csv.Error as error:
        return unreadable(_csv_error(1, error))
    if not header:
        return unreadable(RowError(1, None, "empty_file"))
    reader.fieldnames = header

    def records() -> Iterator[Record | RowError]:
        number, rows = 1, iter(reader)
        while True:
            number += 1
            try:
                raw = next(rows, None)
            except csv.Error as error:
                yield _csv_error(number, error)
                return
            if raw is None:
                return
            if None in raw:
                yield RowError(number, None, "extra_cells")
                continue
            cells = {k: read_back((v or "").strip()) for k, v in raw.items()}
            if any(cells.values()):
                yield number, cells

    return Table(header, records)


# -- XLSX -----------------------------------------------------------------------------------------
def _cell_text(value) -> str:
    """A workbook cell as the text a CSV file would hold: whole numbers without ".0", dates in
    ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def xlsx_table(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        first = next(rows, None)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError):
        return unreadable(RowError(1, None, "not_a_table"))
    header = [_cell_text(v).strip() for v in (first or ())]
    while header and not header[-1]:
        header.pop()
    if not header:
        return unreadable(RowError(1, None, "empty_file"))

    def records() -> Iterator[Record | RowError]:
        blank = 0
        try:
            for number, values in enumerate(rows, start=2):
                texts = [_cell_text(v).strip() for v in values]
                if any(texts[len(header):]):
                    yield RowError(number, None, "extra_cells")
                    continue
                if any(len(t) > MAX_CELL_LENGTH for t in texts):
                    yield RowError(number, None, "cell_too_long", f"{MAX_CELL_LENGTH:,}")
                    return
                cells = {name: read_back(texts[i]) if i < len(texts) else ""
                         for i, name in enumerate(header)}
                if any(cells.values()):
                    blank = 0
                    yield number, cells
                else:
                    blank += 1
                    if blank >= MAX_BLANK_XLSX_ROWS:
                        return
        finally:
            workbook.close()

    return Table(header, records)
