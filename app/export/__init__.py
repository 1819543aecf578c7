"""Writers of spreadsheet files (CSV), and the one function that makes a cell safe to open.

`export_rows` is what the staff download and the `flask export` command both call, so a file
downloaded from the dashboard and one written by the command are the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement

from app.domain.questionnaire import Questionnaire
from app.domain.regions import Regions

KINDS = ("wide", "long", "codebook")


def export_rows(kind: str, conditions: Sequence[ColumnElement[bool]], questionnaire: Questionnaire,
                regions: Regions, labels: bool = False, locale: str = "es") -> Iterable[Sequence[Any]]:
    from app.export.codebook import codebook_rows
    from app.export.long import long_rows
    from app.export.wide import wide_rows

    if kind == "wide":
        return wide_rows(conditions, questionnaire, regions, labels, locale)
    if kind == "long":
        return long_rows(conditions, questionnaire, regions, labels, locale)
    if kind == "codebook":
        return iter(list(codebook_rows(questionnaire, regions)))
    raise ValueError(f"unknown export {kind!r}; expected one of {', '.join(KINDS)}")
