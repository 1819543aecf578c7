"""The one cell-escaping function every CSV writer uses.

A spreadsheet runs a cell that starts with = + - @ (or a tab or line break that hides one) as a
formula, so a hostile organization name could run code on an analyst's machine. Text cells that start
that way get a leading single quote, which spreadsheets show as plain text. Numbers are left alone:
stripping the "-" would turn a score of -5 into 5.
"""

from __future__ import annotations

from numbers import Number
from typing import Any

DANGEROUS_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def spreadsheet_safe(value: Any) -> Any:
    """The value as it should be written to a CSV cell: numbers and None untouched, text that a
    spreadsheet would read as a formula prefixed with a single quote."""
    if value.__class__ is str:  # the common case first: exports call this for every cell
        text = value
    elif value is None or isinstance(value, Number):
        return value
    else:
        text = str(value)
    if text.startswith(DANGEROUS_STARTS):
        return "'" + text
    return text
