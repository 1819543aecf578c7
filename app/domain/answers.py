"""An answer as people and spreadsheets read it, in the shapes every question type speaks.

A question type (app/domain/question_types.py) turns a stored answer into `AnswerItem`s (the chosen
options, grid rows or typed text: what the review page, the results appendix, the staff detail and the
long export show) and into cells of its `CellColumn`s (the wide export, read back by the peer import).
Nothing outside the types needs to know how any type stores its answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from app.domain.questionnaire import NOT_APPLICABLE, LocalizedText, Option, Question, Questionnaire, Row

# What a cell of a column holds (`CellColumn.holds`).
CODE = "code"  # an option id (a choice, or a grid row's step), or NOT_APPLICABLE
FLAG = "0/1"  # 1 when the column's option is chosen, 0 when not, or NOT_APPLICABLE
TEXT = "text"  # typed text


class AnswerError(ValueError):
    """An answer a question cannot take. `code` is one of: required, invalid, unknown_option,
    exclusive, incomplete, too_long. An "incomplete" answer (a grid with some rows answered)
    carries its valid part as `partial`, which a draft may keep until the rest is answered."""

    def __init__(self, code: str, partial: Any = None):
        super().__init__(code)
        self.code = code
        self.partial = partial


@dataclass(frozen=True)
class CheckedAnswers:
    """Posted or imported answers after validation: `values` holds each valid answer as stored
    (None: not answered, so a stored answer is cleared), `errors` each refused one's error code."""

    values: Mapping[str, Any]
    errors: Mapping[str, str]
    partial: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    """The valid part of each answer refused only as incomplete (in `errors` too)."""

    def for_draft(self) -> CheckedAnswers:
        """These answers as a draft stores them: an incomplete grid keeps its answered rows (it
        still counts as unanswered and is still reported in `errors`), so nothing typed is lost."""
        if not self.partial:
            return self
        return CheckedAnswers(MappingProxyType({**self.values, **self.partial}), self.errors,
                              self.partial)


def check_answers(questionnaire: Questionnaire, raw: Mapping[str, Any]) -> CheckedAnswers:
    """Validate answers by question id with their types; ids the questionnaire lacks are ignored."""
    values, errors, partial = {}, {}, {}
    for question_id, value in raw.items():
        question = questionnaire.question(question_id)
        if question is None:
            continue
        try:
            values[question_id] = question.kind.validate(question, value)
        except AnswerError as error:
            errors[question_id] = error.code
            if error.partial:
                partial[question_id] = error.partial
    return CheckedAnswers(MappingProxyType(values), MappingProxyType(errors),
                          MappingProxyType(partial))


@dataclass(frozen=True)
class AnswerItem:
    """One piece of an answer: a chosen option (with its grid row, if any) or typed text.

    `key` is the option id of a checkbox answer or the row id of a grid answer, "" for an answer
    that is one piece; `code` is what is stored (an option id, or the typed text)."""

    key: str
    code: str
    option: Option | None = None
    row: Row | None = None

    def label(self, locale: str) -> str:
        """The option's label (the stored code when the option is unknown), or the typed text."""
        return self.option.label(locale) if self.option is not None else self.code

    def words(self, locale: str) -> str:
        """What a person reads: "Row: option" for a grid row, else the label."""
        label = self.label(locale)
        return f"{self.row.label(locale)}: {label}" if self.row is not None else label


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question with its stored answer and that answer's items."""

    question: Question
    value: Any
    items: tuple[AnswerItem, ...]

    @property
    def not_applicable(self) -> bool:
        return self.value == NOT_APPLICABLE

    @property
    def answered(self) -> bool:
        return bool(self.items) or self.not_applicable

    def lines(self, locale: str, not_applicable_text: str) -> tuple[str, ...]:
        """The answer in words, one line per item; `not_applicable_text` for "not applicable"
        (an interface word, so the caller translates it); () when not answered."""
        if self.not_applicable:
            return (not_applicable_text,)
        return tuple(item.words(locale) for item in self.items)


def describe_answer(question: Question, value: Any) -> AnsweredQuestion:
    """The one way an answer is worded for people, whatever its type."""
    if value is None or value == NOT_APPLICABLE:
        return AnsweredQuestion(question, value, ())
    return AnsweredQuestion(question, value, tuple(question.kind.answer_items(question, value)))


@dataclass(frozen=True)
class CellColumn:
    """One spreadsheet column of a question in the wide layout: named `<question id>` for an answer
    in one cell, `<question id>__<option or row id>` for one of several."""

    name: str
    holds: str  # CODE, FLAG or TEXT
    options: tuple[Option, ...] = ()  # the options a CODE cell may hold
    option: Option | None = None  # the option a FLAG column flags
    row: Row | None = None  # the grid row a column answers

    @property
    def part(self) -> LocalizedText | None:
        """What the column adds to the question's text in the codebook (option or row)."""
        if self.option is not None:
            return self.option.label
        return self.row.label if self.row is not None else None
