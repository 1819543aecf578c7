"""The long export: one row per assessment and answer. A multi-select answer gives one row per
chosen option and an adoption answer one row per tool (`item`); "not applicable" is one row with
an empty item."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement

from app.domain.questionnaire import NOT_APPLICABLE, Question, Questionnaire
from app.domain.regions import Regions
from app.export.columns import Column, Vocabulary, in_languages, timestamp
from app.export.records import records

LONG_COLUMNS = (
    ("assessment_id", "integer", _l("Assessment number")),
    ("organization_id", "integer", _l("Organization number")),
    ("organization_name", "text", _l("Name of the organization")),
    ("source", "code", _l("Where the answers come from")),
    ("status", "code", _l("Status")),
    ("submitted_at", "datetime", _l("Submitted (UTC)")),
    ("questionnaire_id", "code", _l("Questionnaire")),
    ("questionnaire_version", "integer", _l("Questionnaire version")),
    ("question_id", "code", _l("Question (see the wide columns of the same name)")),
    ("dimension", "code", _l("Dimension of the question (empty for profile questions)")),
    ("item", "code", _l("Option of a multi-select or row of an adoption question")),
    ("value", "code", _l("The answer: an option code, or its label when exported with labels")),
    ("round_id", "integer", _l("Programme round whose invitation opened the assessment (empty for "
                               "an open one)")),
)


def long_columns(questionnaire: Questionnaire) -> list[Column]:
    return [Column(name, kind, in_languages(text, questionnaire.languages))
            for name, kind, text in LONG_COLUMNS]


def answer_items(question: Question, value: Any, vocabulary: Vocabulary
                 ) -> list[tuple[str, Any]]:
    """(item, value) pairs of one answer: the pieces its type words it in, as codes or labels."""
    if value == NOT_APPLICABLE:
        return [("", vocabulary.not_applicable)]
    if vocabulary.labels:
        return [(item.key, item.label(vocabulary.locale))
                for item in question.kind.answer_items(question, value)]
    return [(item.key, item.code) for item in question.kind.answer_items(question, value)]


def long_rows(conditions: Sequence[ColumnElement[bool]], questionnaire: Questionnaire,
              regions: Regions, labels: bool, locale: str) -> Iterator[list[Any]]:
    vocabulary = Vocabulary(questionnaire, regions, labels, locale)
    header = [name for name, _kind, _text in LONG_COLUMNS]

    def generate() -> Iterator[list[Any]]:
        yield header
        for record in records(conditions, with_scores=False):
            r = record.row
            lead = [r.id, r.organization_id, vocabulary.organization_name(r.name, r.sample_key),
                    vocabulary.code(vocabulary.sources, r.source),
                    vocabulary.code(vocabulary.statuses, r.status), timestamp(r.submitted_at),
                    r.questionnaire_id, r.questionnaire_version]
            for question in questionnaire.questions:
                value = record.answers.get(question.id)
                if value is None:
                    continue
                for item, cell in answer_items(question, value, vocabulary):
                    yield [*lead, question.id, question.dimension or "", item, cell, r.round_id]

    return generate()
