"""Rows to CSV bytes, streamed: UTF-8 with a byte-order mark (so Excel reads accents), RFC 4180
quoting with CRLF line ends, and every text cell passed through `spreadsheet_safe` -- either here,
or, for rows that say which of their columns can still hold unchecked text (`CheckedRows`), once
per column where the rows were built."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from app.export.cells import spreadsheet_safe

BOM = "\ufeff"
ROWS_PER_CHUNK = 200
NUMBERS = (int, float, type(None))  # what spreadsheet_safe returns unchanged, skipped for speed

Row = Sequence[Any]


@dataclass(frozen=True)
class CheckedRows:
    """A header and rows in which only the cells at `text_columns` can be text nobody checked:
    every other cell is a number, None, or text made spreadsheet-safe when the row was built
    (e.g. option codes and labels, checked once per option). Iterating gives the header, then
    the rows, as they are."""

    header: Row
    rows: Iterable[list[Any]]
    text_columns: Sequence[int]

    def __iter__(self) -> Iterator[Row]:
        yield self.header
        yield from self.rows


def _every_cell(row: Row) -> Row:
    return [cell if cell.__class__ in NUMBERS else spreadsheet_safe(cell) for cell in row]


def _escaping(rows: Iterable[Row]) -> Iterator[Row]:
    """The rows with every cell that may be dangerous text made spreadsheet-safe."""
    if not isinstance(rows, CheckedRows):
        return map(_every_cell, rows)
    return _text_columns(rows.header, rows.rows, rows.text_columns)


def _text_columns(header: Row, rows: Iterable[list[Any]], columns: Sequence[int]
                  ) -> Iterator[Row]:
    yield _every_cell(header)
    for row in rows:
        for index in columns:
            row[index] = spreadsheet_safe(row[index])
        yield row


def csv_chunks(rows: Iterable[Row], rows_per_chunk: int = ROWS_PER_CHUNK) -> Iterator[bytes]:
    """Encoded CSV in chunks of a few hundred rows; the first chunk starts with the BOM."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    chunk: list[Row] = []
    for row in _escaping(rows):
        chunk.append(row)
        if len(chunk) >= rows_per_chunk:
            writer.writerows(chunk)
            chunk.clear()
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(chunk)
    yield buffer.getvalue().encode("utf-8")


def write_csv(rows: Iterable[Row], handle) -> None:
    """Write the same bytes as `csv_chunks` to a binary file."""
    for chunk in csv_chunks(rows):
        handle.write(chunk)
