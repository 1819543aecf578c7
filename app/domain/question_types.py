"""Question types: each one class that knows everything about its answers. It checks its definition,
validates an answer and normalises it to 0..1 (the score), words it for people (`answer_items`), maps
it to and from spreadsheet cells (`cell_columns`, `cells`, `read_cells`: the wide export and the peer
import) and makes up sample answers. `REGISTRY` maps the `type:` names of the questionnaire file to
them; `register` adds one (a test registers a toy type this way).

How a type is shown and read on a web page lives in the web layer: one form adapter
(app/survey/fields.py) and one template (app/templates/questions/<type>.html) per type.

Validation errors carry a code (see `AnswerError`); the web layer turns codes into messages in the
respondent's language, so this module stays free of Flask.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from itertools import pairwise
from typing import Any

from app.domain.answers import CODE, FLAG, TEXT, AnswerError, AnswerItem, CellColumn
from app.domain.question_kind import (
    CHOSEN,
    LIST_SEPARATOR,
    MAX_TEXT_LENGTH,
    NOT_CHOSEN,
    PART_SEPARATOR,
    QuestionType,
    answer_item,
    option_ids_of,
    pick,
    split_cells,
)
from app.domain.questionnaire import NOT_APPLICABLE, CrosswalkQuestion, Question

__all__ = ["LIST_SEPARATOR", "PART_SEPARATOR", "REGISTRY", "AnswerError", "QuestionType", "register"]


class SingleChoice(QuestionType):
    """One option among several; the base of level, tristate and profile choices."""

    def validate_value(self, question: Question, value: Any) -> Any:
        if not isinstance(value, str):
            raise AnswerError("invalid")
        if value not in option_ids_of(question):
            raise AnswerError("unknown_option")
        return value

    def normalise(self, question: Question, value: Any) -> float:
        points = [o.points for o in question.options]
        low, high = min(points), max(points)
        return (question.option(value).points - low) / (high - low)

    def lowest(self, question: Question) -> Any:
        return question.options[0].id

    def highest(self, question: Question) -> Any:
        return question.options[-1].id

    def sample(self, question: Question, rng: random.Random, tendency: float) -> Any:
        return question.options[pick(rng, len(question.options), tendency)].id


def _check_ascending(raw: Mapping[str, Any], key: str, report: Callable[[str, str], None]) -> None:
    points = [o.get("points") for o in raw.get(key) or []]
    if None in points:
        report(key, "every option needs points")
    elif any(b <= a for a, b in pairwise(points)):
        report(key, f"option points must be strictly ascending, got {points}")


class LevelType(SingleChoice):
    name = "level"

    def check_definition(self, raw, report):
        options = raw.get("options") or []
        if len(options) != 5:
            report("options", f"a level question needs exactly five options, not {len(options)}")
        _check_ascending(raw, "options", report)


class TristateType(SingleChoice):
    name = "tristate"
    scale = "tristate"
    scale_steps = 3

    def normalise(self, question: Question, value: Any) -> float:
        return question.option(value).points / question.options[-1].points


class ProfileType(SingleChoice):
    """Unscored facts about the organization: a choice, or free text with `input: text`."""

    name = "profile"
    scored = False

    def check_definition(self, raw, report):
        if raw.get("input") not in (None, "text"):
            report("input", "input must be 'text' or absent")
        if raw.get("input") is None and not raw.get("options"):
            report("options", "a profile question needs options or input: text")
        if "critical" in raw:
            report("critical", "a profile question is not scored, so no answer to it is critical")

    def validate_value(self, question: Question, value: Any) -> Any:
        if question.input == "text":
            if not isinstance(value, str):
                raise AnswerError("invalid")
            value = " ".join(value.split())
            if "\x00" in value:
                raise AnswerError("invalid")
            if len(value) > MAX_TEXT_LENGTH:
                raise AnswerError("too_long")
            return value or None
        return super().validate_value(question, value)

    def normalise(self, question: Question, value: Any) -> float:
        raise TypeError("profile questions are not scored")

    def cell_columns(self, question: Question) -> list[CellColumn]:
        if question.input == "text":
            return [CellColumn(question.id, TEXT)]
        return super().cell_columns(question)


class MultiType(QuestionType):
    """Checkboxes scored by the share of points chosen; an `exclusive` option means "none of these"."""

    name = "multi"

    def check_definition(self, raw, report):
        options = raw.get("options") or []
        if len(options) < 2:
            report("options", "a multi question needs at least two options")
        exclusive = [o for o in options if o.get("exclusive")]
        if len(exclusive) > 1:
            report("options", "at most one option may be exclusive")
        if any(o.get("points", 1) for o in exclusive):
            report("options", "the exclusive option must have points: 0")
        if any(o.get("points", 1) < 0 for o in options):
            report("options", "points must be numbers >= 0")
        if not sum(o.get("points", 1) for o in options if not o.get("exclusive")):
            report("options", "the options' points must not all be zero")

    def is_answered(self, question: Question, value: Any) -> bool:
        return value is not None and value != ""

    def validate_value(self, question: Question, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AnswerError("invalid")
        if NOT_APPLICABLE in value:
            if len(value) > 1 or not question.not_applicable:
                raise AnswerError("exclusive" if question.not_applicable else "invalid")
            return NOT_APPLICABLE
        known = option_ids_of(question)
        if any(v not in known for v in value):
            raise AnswerError("unknown_option")
        exclusive = {o.id for o in question.options if o.exclusive}
        if exclusive & set(value) and len(value) > 1:
            raise AnswerError("exclusive")
        return [o.id for o in question.options if o.id in value]

    def normalise(self, question: Question, value: Any) -> float:
        total = sum(o.points for o in question.options if not o.exclusive)
        return sum(o.points for o in question.options if o.id in value) / total

    def lowest(self, question: Question) -> Any:
        exclusive = [o.id for o in question.options if o.exclusive]
        return exclusive or []

    def highest(self, question: Question) -> Any:
        return [o.id for o in question.options if not o.exclusive]

    def sample(self, question: Question, rng: random.Random, tendency: float) -> Any:
        chosen = [o.id for o in question.options if not o.exclusive and rng.random() < tendency]
        return chosen or self.lowest(question) or [question.options[0].id]

    def answer_items(self, question: Question, value: Any) -> list[AnswerItem]:
        return [answer_item(question, option_id, option_id) for option_id in value]

    def carried(self, question: Question, older: Any, mapping: CrosswalkQuestion) -> Any:
        """Each ticked option mapped; none left means not answered (never "none of these")."""
        if older == NOT_APPLICABLE or not isinstance(older, list):
            return older if older == NOT_APPLICABLE else None
        mapped = [mapping.option(option_id) for option_id in older]
        kept = list(dict.fromkeys(option_id for option_id in mapped if option_id is not None))
        return kept or None

    one_cell = False

    def cell_columns(self, question: Question) -> list[CellColumn]:
        return [CellColumn(f"{question.id}{PART_SEPARATOR}{o.id}", FLAG, option=o)
                for o in question.options]

    def cells(self, question: Question, value: Any) -> list[Any]:
        if value is None or value == NOT_APPLICABLE:
            return [value] * len(question.options)
        return [CHOSEN if o.id in value else NOT_CHOSEN for o in question.options]

    def read_columns(self, question: Question) -> list[str]:
        return [*super().read_columns(question), question.id]

    def read_cells(self, question: Question, cells: Mapping[str, str]) -> Any:
        """One 1/0 column per option, or one column of ids separated by ";"."""
        joined = cells.get(question.id, "").strip()
        if joined:
            parts = [p.strip() for p in joined.split(LIST_SEPARATOR) if p.strip()]
            return NOT_APPLICABLE if parts == [NOT_APPLICABLE] else parts
        answered = split_cells(question, cells, question.options)
        if not answered:
            return None
        if set(answered.values()) == {NOT_APPLICABLE}:
            return NOT_APPLICABLE
        if set(answered.values()) - {str(CHOSEN), str(NOT_CHOSEN)}:
            return answered  # not a list of ids: validation refuses it as invalid
        return [k for k, v in answered.items() if v == str(CHOSEN)]


class AdoptionType(QuestionType):
    """Rows of tools or services, each rated on the adoption scale."""

    name = "adoption"
    scale = "adoption"
    scale_steps = 4

    def check_definition(self, raw, report):
        if not raw.get("rows"):
            report("rows", "an adoption question needs rows")
        if "critical" in raw:
            report("critical", "an adoption question rates many rows, so it cannot mark one answer "
                               "critical")

    def is_answered(self, question: Question, value: Any) -> bool:
        if isinstance(value, dict):
            return any(v not in (None, "") for v in value.values())
        return value not in (None, "")

    def validate_value(self, question: Question, value: Any) -> Any:
        if not isinstance(value, dict):
            raise AnswerError("invalid")
        steps = option_ids_of(question)
        rows = {r.id for r in question.rows}
        answered = {k: v for k, v in value.items() if v not in (None, "")}
        if set(answered) - rows or not all(isinstance(v, str) for v in answered.values()):
            raise AnswerError("invalid")
        if any(v not in steps for v in answered.values()):
            raise AnswerError("unknown_option")
        if set(answered) != rows:
            raise AnswerError("incomplete")
        return {r.id: answered[r.id] for r in question.rows}

    def normalise(self, question: Question, value: Any) -> float:
        top = question.options[-1].points
        return sum(question.option(v).points for v in value.values()) / (top * len(value))

    def lowest(self, question: Question) -> Any:
        return {r.id: question.options[0].id for r in question.rows}

    def highest(self, question: Question) -> Any:
        return {r.id: question.options[-1].id for r in question.rows}

    def sample(self, question: Question, rng: random.Random, tendency: float) -> Any:
        return {row.id: question.options[pick(rng, len(question.options), tendency)].id
                for row in question.rows}

    def answer_items(self, question: Question, value: Any) -> list[AnswerItem]:
        return [answer_item(question, row.id, value[row.id], row)
                for row in question.rows if value.get(row.id) is not None]

    def carried(self, question: Question, older: Any, mapping: CrosswalkQuestion) -> Any:
        """Each row's step mapped to this question's row and step; rows that carry nothing are
        left out (a grid with rows left unanswered does not validate, so it is not prefilled)."""
        if older == NOT_APPLICABLE or not isinstance(older, dict):
            return older if older == NOT_APPLICABLE else None
        rows = {}
        for older_row, older_step in older.items():
            row, step = mapping.row(older_row), mapping.option(older_step)
            if row is not None and step is not None:
                rows[row] = step
        return rows or None

    one_cell = False

    def cell_columns(self, question: Question) -> list[CellColumn]:
        return [CellColumn(f"{question.id}{PART_SEPARATOR}{r.id}", CODE, question.options, row=r)
                for r in question.rows]

    def cells(self, question: Question, value: Any) -> list[Any]:
        if not isinstance(value, dict):
            return [NOT_APPLICABLE if value == NOT_APPLICABLE else None] * len(question.rows)
        return [value.get(r.id) for r in question.rows]

    def read_cells(self, question: Question, cells: Mapping[str, str]) -> Any:
        answered = split_cells(question, cells, question.rows)
        if not answered:
            return None
        return NOT_APPLICABLE if set(answered.values()) == {NOT_APPLICABLE} else answered

    def error_column(self, question: Question) -> str:
        return self.cell_columns(question)[0].name


REGISTRY: dict[str, QuestionType] = {}


def register(question_type: QuestionType) -> None:
    if question_type.name in REGISTRY:
        raise ValueError(f"question type {question_type.name!r} is registered twice")
    REGISTRY[question_type.name] = question_type


for _type in (LevelType(), MultiType(), AdoptionType(), TristateType(), ProfileType()):
    register(_type)
