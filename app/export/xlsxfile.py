"""The exports as an Excel workbook (XLSX), written by XlsxWriter in constant-memory mode: each row
goes to a temporary file on disk as soon as the next one starts, so memory stays flat whatever the
number of assessments; the finished workbook is spooled to a temporary file, which the download
then streams and deletes.

Cells keep their types: numbers are numbers, timestamps (columns of type "datetime") are dates with
a date format, and every text is written with `write_string`, so a name such as `=HYPERLINK(...)`
is a string cell that no spreadsheet runs as a formula (no quote prefix is needed, and none is
added: the text stays what it was). Each sheet's header row is bold and frozen, with a filter.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

import xlsxwriter

MIME_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd hh:mm:ss"
CHUNK = 64 * 1024
DATE_TYPES = ("datetime",)


@dataclass(frozen=True)
class Sheet:
    """A sheet: its name, its rows (header first) and each column's type (app.export.columns
    Column.type; a column without one is text or numbers as its cells are)."""

    name: str
    rows: Iterable[Sequence[Any]]
    types: Sequence[str] = ()


def write_xlsx(sheets: Sequence[Sheet], handle: IO[bytes]) -> None:
    """Write the workbook to a binary file opened for writing (and seeking)."""
    workbook = xlsxwriter.Workbook(handle, {"constant_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    header = workbook.add_format({"bold": True, "bottom": 1})
    dates = workbook.add_format({"num_format": DATE_FORMAT})
    for sheet in sheets:
        _write_sheet(workbook.add_worksheet(sheet.name[:31]), sheet, header, dates)
    workbook.close()


def _write_sheet(worksheet, sheet: Sheet, header_format, date_format) -> None:
    date_columns = frozenset(i for i, kind in enumerate(sheet.types) if kind in DATE_TYPES)
    write_string, write_number = worksheet.write_string, worksheet.write_number
    write_datetime = worksheet.write_datetime
    rows = iter(sheet.rows)
    header = next(rows, None)
    if header is None:
        return
    for column, name in enumerate(header):
        write_string(0, column, str(name), header_format)
    worksheet.freeze_panes(1, 0)
    last = 0
    for last, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            kind = value.__class__
            if value is None or value == "":
                continue
            if kind is str:
                if column in date_columns:
                    write_datetime(last, column, datetime.fromisoformat(value), date_format)
                else:
                    write_string(last, column, value)
            elif kind is int or kind is float:
                write_number(last, column, value)
            elif kind is bool:
                write_number(last, column, int(value))
            else:
                write_string(last, column, str(value))
    worksheet.autofilter(0, 0, max(last, 1), max(len(header) - 1, 0))


def spooled_xlsx(sheets: Sequence[Sheet]) -> IO[bytes]:
    """The workbook in an anonymous temporary file (deleted when closed), rewound."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller (`file_chunks`)
    try:
        write_xlsx(sheets, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    return spool


def file_chunks(handle: IO[bytes]) -> Iterator[bytes]:
    """A file's bytes in chunks, closing (and so deleting a temporary) file at the end."""
    with handle:
        while block := handle.read(CHUNK):
            yield block
