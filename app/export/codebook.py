"""The codebook: every column of the wide and the long export, with the question and dimension it
comes from, its type, its text in every language, its values and their points."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from app.domain.questionnaire import Questionnaire
from app.domain.regions import Regions
from app.export.long import long_columns
from app.export.wide import wide_columns


def codebook_rows(questionnaire: Questionnaire, regions: Regions) -> Iterator[list[Any]]:
    languages = questionnaire.languages
    yield ["file", "column", "question_id", "dimension", "type",
           *(f"text_{lang}" for lang in languages), *(f"values_{lang}" for lang in languages),
           "points"]
    for file, columns in (("wide", wide_columns(questionnaire, regions)),
                          ("long", long_columns(questionnaire))):
        for column in columns:
            yield [file, column.name, column.question_id or "", column.dimension or "", column.type,
                   *(column.texts.get(lang, "") for lang in languages),
                   *(column.values.get(lang, "") for lang in languages), column.points]


def codebook_types() -> list[str]:
    """The codebook's columns are all text."""
    return []
