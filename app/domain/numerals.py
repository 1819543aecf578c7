"""Whole numbers written by people, links and uploaded files: ASCII digits only, and few of them.

`str.isdigit()` says yes to "²", "①" and "¹²", which `int()` then refuses (a 500 where a clear
answer was due), and `int()` reads "١٢" as 12 and refuses a string of more than 4,300 digits.
Every number a request or an upload carries is read here, so each caller only decides what a
missing or unreadable number means for it.
"""

from __future__ import annotations

DIGITS = frozenset("0123456789")


def whole_number(text: str | None, max_digits: int = 9) -> int | None:
    """The number `text` spells in ASCII digits (blanks around it allowed), or None when it is
    empty, holds anything else (a sign, a Unicode digit, a decimal point), or has more than
    `max_digits` digits."""
    if text is None:
        return None
    text = text.strip()
    if not text or len(text) > max_digits or not DIGITS.issuperset(text):
        return None
    return int(text)
