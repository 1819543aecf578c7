"""The wide export: one row per assessment (see app/export/columns.py for the layout)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement

from app.domain.questionnaire import Questionnaire
from app.domain.regions import Regions
from app.export.columns import (
    Column,
    Vocabulary,
    answer_cells,
    answer_columns,
    meta_cells,
    meta_columns,
    score_cells,
    score_columns,
)
from app.export.csvfile import CheckedRows
from app.export.records import records


def wide_columns(questionnaire: Questionnaire, regions: Regions) -> list[Column]:
    columns = meta_columns(questionnaire, regions) + score_columns(questionnaire)
    for question in questionnaire.questions:
        columns += answer_columns(question, questionnaire.languages)
    return columns


def wide_rows(conditions: Sequence[ColumnElement[bool]], questionnaire: Questionnaire,
              regions: Regions, labels: bool, locale: str, escape: bool = True) -> CheckedRows:
    """The header, then one row per selected assessment. The vocabulary (labels in `locale`) is
    built before the first row, so the caller can resolve the language and leave.

    Answer cells come out spreadsheet-safe (`answer_cells`); of the fixed columns, the text and
    codes (as the database holds them) are left for the CSV writer to check, the numbers and
    timestamps need no check. With `escape` off (XLSX) no cell is made spreadsheet-safe: the
    XLSX writer stores text as text."""
    vocabulary = Vocabulary(questionnaire, regions, labels, locale, escape)
    groups = [meta_cells(vocabulary), score_cells(questionnaire),
              *answer_cells(questionnaire.questions, vocabulary)]
    header = [c.name for c in wide_columns(questionnaire, regions)]
    text_columns = [index for index, column in enumerate(meta_columns(questionnaire, regions))
                    if column.type in ("text", "code")]

    def generate() -> Iterator[list[Any]]:
        for record in records(conditions):
            row: list[Any] = []
            for cells in groups:
                row += cells(record)
            yield row

    return CheckedRows(header, generate(), text_columns)
