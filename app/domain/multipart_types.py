"""The question types whose answer spans several spreadsheet cells: `multi` (checkboxes, one 0/1
column per option) and `adoption` (a grid, one column per row). They are registered, with the
others, in app/domain/question_types.py.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any

from app.domain.answers import CODE, FLAG, AnswerError, AnswerItem, CellColumn
from app.domain.question_kind import (
    CHOSEN,
    LIST_SEPARATOR,
    NOT_CHOSEN,
    PART_SEPARATOR,
    NotApplicableAside,
    QuestionType,
    answer_item,
    lower_median,
    mean_pairwise_distance,
    option_ids_of,
    pick,
    split_cells,
    step_positions,
    steps_disagree,
    steps_spread,
)
from app.domain.questionnaire import NOT_APPLICABLE, CrosswalkQuestion, Question

MULTI_DISAGREES_AT = 0.5
"""Members' selections of a multi question disagree when their mean pairwise Jaccard distance (the
share of the options either ticked that only one ticked) reaches this: {a, b} and {a, b, c} agree
(1/3), {a, b} and {a, c} do not (2/3)."""


class MultiType(NotApplicableAside, QuestionType):
    """Checkboxes scored by the share of points chosen; an `exclusive` option means "none of these".

    A team's proposal is the intersection: the options every answering member ticked (none in
    common proposes the exclusive option when there is one, else nothing ticked). The spread is the
    selections' mean pairwise Jaccard distance, disagreeing from MULTI_DISAGREES_AT. "Not
    applicable" is set aside (NotApplicableAside)."""

    name = "multi"
    team_rule = "intersection"

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

    def proposal_among(self, question: Question, answers: list[Any]) -> Any:
        ticked = [o.id for o in question.options if all(o.id in answer for answer in answers)]
        return ticked or self.lowest(question)

    def spread_among(self, question: Question, answers: list[Any]) -> float:
        """Selections are compared without the exclusive option: "none of these" and nothing
        ticked are the same selection."""
        exclusive = {o.id for o in question.options if o.exclusive}
        return mean_pairwise_distance([set(answer) - exclusive for answer in answers])

    def disagree_among(self, question: Question, answers: list[Any]) -> bool:
        return self.spread_among(question, answers) >= MULTI_DISAGREES_AT

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


class AdoptionType(NotApplicableAside, QuestionType):
    """Rows of tools or services, each rated on the adoption scale.

    A team's answer is compared row by row with the level rules: the proposal takes each row's
    median step (of an even count the lower middle one), the spread and disagreement are the worst
    row's (two or more steps apart disagree). Only complete grids count, as in scores. "Not
    applicable" (the whole grid) is set aside (NotApplicableAside)."""

    name = "adoption"
    team_rule = "grid_median"
    scale = "adoption"
    scale_steps = 4

    def check_definition(self, raw, report):
        if not raw.get("rows"):
            report("rows", "an adoption question needs rows")
        if "critical" in raw:
            report("critical", "an adoption question rates many rows, so it cannot mark one answer "
                               "critical")

    def is_answered(self, question: Question, value: Any) -> bool:
        """Every row has a step (or the whole question is "not applicable")."""
        if isinstance(value, dict):
            return all(value.get(r.id) not in (None, "") for r in question.rows)
        return value not in (None, "")

    def is_blank(self, question: Question, value: Any) -> bool:
        if isinstance(value, dict):
            return all(v in (None, "") for v in value.values())
        return value in (None, "")

    def answered_share(self, question: Question, value: Any) -> float:
        if isinstance(value, dict) and question.rows:
            return sum(value.get(r.id) not in (None, "") for r in question.rows) / len(question.rows)
        return super().answered_share(question, value)

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
            raise AnswerError("incomplete", partial={r.id: answered[r.id] for r in question.rows
                                                     if r.id in answered})
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

    def _row_positions(self, question: Question, answers: list[Any]) -> list[list[int]]:
        return [step_positions(question, [answer[row.id] for answer in answers])
                for row in question.rows]

    def proposal_among(self, question: Question, answers: list[Any]) -> Any:
        rows = self._row_positions(question, answers)
        return {row.id: question.options[lower_median(positions)].id
                for row, positions in zip(question.rows, rows, strict=True)}

    def spread_among(self, question: Question, answers: list[Any]) -> float:
        return max(steps_spread(question, p) for p in self._row_positions(question, answers))

    def disagree_among(self, question: Question, answers: list[Any]) -> bool:
        return any(steps_disagree(p) for p in self._row_positions(question, answers))

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
