"""What every question type is: the base class a type subclasses, with the behaviour of a one-cell
answer (one option id, or one typed text), and the helpers the built-in types share. The built-in
types and the registry are in app/domain/question_types.py; FORMAT.md says how to add a type.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from typing import Any

from app.domain.answers import CODE, AnswerError, AnswerItem, CellColumn
from app.domain.questionnaire import NOT_APPLICABLE, CrosswalkQuestion, Question

PART_SEPARATOR = "__"  # between a question id and an option or row id in a column name
CHOSEN, NOT_CHOSEN = 1, 0
LIST_SEPARATOR = ";"  # a multi-select read from one cell: option ids separated by ";"

MAX_TEXT_LENGTH = 300


class QuestionType:
    name: str = ""
    scored: bool = True
    scale: str | None = None  # the shared scale (scales.<name> in the file) its answers are steps of
    scale_steps: int | None = None  # how many steps that scale must have

    # -- definition -------------------------------------------------------------------------------
    def check_definition(self, raw: Mapping[str, Any], report: Callable[[str, str], None]) -> None:
        """Report problems specific to this type in a question's raw definition."""

    # -- answers ----------------------------------------------------------------------------------
    def is_answered(self, question: Question, value: Any) -> bool:
        return value not in (None, "", [], {})

    def validate(self, question: Question, value: Any) -> Any:
        """Return the answer as stored, or raise AnswerError. None means "not answered"."""
        if not self.is_answered(question, value):
            return None
        if value == NOT_APPLICABLE:
            if not question.not_applicable:
                raise AnswerError("invalid")
            return NOT_APPLICABLE
        return self.validate_value(question, value)

    def validate_value(self, question: Question, value: Any) -> Any:
        raise NotImplementedError

    def normalise(self, question: Question, value: Any) -> float:
        """The answer's share of the question's best answer, 0..1 (never called for N/A or blank)."""
        raise NotImplementedError

    def lowest(self, question: Question) -> Any:
        raise NotImplementedError

    def highest(self, question: Question) -> Any:
        raise NotImplementedError

    def sample(self, question: Question, rng: random.Random, tendency: float) -> Any:
        """A plausible answer near `tendency` (0 lowest .. 1 highest), drawn from `rng`."""
        raise NotImplementedError

    def carried(self, question: Question, older: Any, mapping: CrosswalkQuestion) -> Any:
        """An older version's stored answer as this question's raw answer, through the
        crosswalk's option (and row) mapping; None when nothing carries over. The result is
        validated like any answer before it is stored."""
        if older == NOT_APPLICABLE or not question.options:
            return older
        return mapping.option(older) if isinstance(older, str) else None

    # -- words --------------------------------------------------------------------------------------
    def answer_items(self, question: Question, value: Any) -> list[AnswerItem]:
        """A valid, answered value (never "not applicable") as the pieces people read."""
        return [answer_item(question, "", str(value))]

    # -- spreadsheet cells ------------------------------------------------------------------------
    one_cell = True
    """The stored value is the code of the question's one cell (`cells` is `[value]`), which lets a
    large export skip the call."""

    def cell_columns(self, question: Question) -> list[CellColumn]:
        """The columns of the wide layout this question writes and the peer import reads."""
        return [CellColumn(question.id, CODE, question.options)]

    def cells(self, question: Question, value: Any) -> list[Any]:
        """The stored value as codes, one per `cell_columns` column: an option id, 1/0, typed
        text, NOT_APPLICABLE, or None for no answer."""
        return [value]

    def read_columns(self, question: Question) -> list[str]:
        """Column names the peer import accepts for this question (its own, and any alternative)."""
        return [c.name for c in self.cell_columns(question)]

    def read_cells(self, question: Question, cells: Mapping[str, str]) -> Any:
        """The raw answer from its cells (text, whitespace stripped), before validation; None when
        blank."""
        return cells.get(question.id, "").strip() or None

    def error_column(self, question: Question) -> str:
        """The column the peer import names when this question's answer is wrong."""
        return question.id


def answer_item(question: Question, key: str, code: str, row=None) -> AnswerItem:
    return AnswerItem(key, code, question.option(code), row)


def pick(rng: random.Random, count: int, tendency: float) -> int:
    """An index among `count` ordered options, near the tendency (0..1)."""
    position = tendency * (count - 1) + rng.gauss(0, 0.2) * (count - 1)
    return min(count - 1, max(0, round(position)))


def split_cells(question: Question, cells: Mapping[str, str], parts) -> dict[str, str]:
    """The non-empty cells of a question answered across several columns (<qid>__<part>)."""
    values = {p.id: cells.get(f"{question.id}{PART_SEPARATOR}{p.id}", "").strip() for p in parts}
    return {k: v for k, v in values.items() if v}


def option_ids_of(question: Question) -> set[str]:
    return {o.id for o in question.options}
