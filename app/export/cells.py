"""The one cell-escaping function every CSV writer uses, and its inverse for files read back.

A spreadsheet runs a cell that starts with = + - @ (or a tab or line break that hides one) as a
formula, so a hostile organization name could run code on an analyst's machine. A CSV file is not
always opened with the separator it was written with: Excel set to a Spanish-speaking locale splits
a line on `;`, Google Sheets and LibreOffice may guess tab, and a line break inside a quoted cell
starts a new row for a reader that does not honour the quotes. So the text `ACME;=1+1` in one cell
of our comma-separated file becomes the cells `ACME` and `=1+1`, a live formula.

Therefore every *piece* of a text cell that any of those readers could see as the start of a cell
is checked: the start of the text and whatever follows each `,`, `;`, tab or line break in it. A
piece that starts, after blanks and double quotes, with = + - @ (or starts with a tab or line break)
gets a single quote in front, which spreadsheets show as plain text. Numbers are left alone:
stripping the "-" would turn a score of -5 into 5, and quoting would turn it into text.

`read_back` undoes exactly what `spreadsheet_safe` added (a piece that already started with quotes
before a formula character gets one more, so the two are inverse for every text).
"""

from __future__ import annotations

import re
from numbers import Number
from typing import Any

# Where a spreadsheet may start a cell inside our text: its start, or after one of these.
PIECE_START = r"(^|[,;\t\r\n])"
# What makes a piece a formula: blanks and double quotes, then = + - @; or a tab or line break.
# Quotes we added before (`'`) count, so a text that already looks escaped is escaped once more.
FORMULA_PIECE = r"'*(?:[\t\r\n]|[\s\"]*[=+\-@])"
DANGEROUS = re.compile(PIECE_START + "(?=" + FORMULA_PIECE + ")")
ESCAPED = re.compile(PIECE_START + "'(?=" + FORMULA_PIECE + ")")


def spreadsheet_safe(value: Any) -> Any:
    """The value as it should be written to a CSV cell: numbers and None untouched, every piece
    of a text that a spreadsheet could read as a formula prefixed with a single quote."""
    if value.__class__ is str:  # the common case first: exports call this for every cell
        text = value
    elif value is None or isinstance(value, Number):
        return value
    else:
        text = str(value)
    if DANGEROUS.search(text) is None:
        return text
    return DANGEROUS.sub(r"\1'", text)


def read_back(text: str) -> str:
    """A cell of a file we wrote, as it was before `spreadsheet_safe` (for the peer import)."""
    if "'" not in text:
        return text
    return ESCAPED.sub(r"\1", text)
