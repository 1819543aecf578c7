"""Question types: each one class that knows everything about its answers. It checks its definition,
validates an answer and normalises it to 0..1 (the score), words it for people (`answer_items`), maps
it to and from spreadsheet cells (`cell_columns`, `cells`, `read_cells`: the wide export and the peer
import), makes up sample answers and compares several members' answers (`team_proposal`,
`team_spread`, `team_disagrees`). The one-option types are here; multi and adoption, whose answers
span several cells, are in app/domain/multipart_types.py. `REGISTRY` maps the `type:` names of the
questionnaire file to them; `register` adds one (a test registers a toy type this way).

How a type is shown and read on a web page lives in the web layer: one form adapter
(app/survey/fields.py) and one template (app/templates/questions/<type>.html) per type.

Validation errors carry a code (see `AnswerError`); the web layer turns codes into messages in the
respondent's language, so this module stays free of Flask.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from itertools import pairwise
from typing import Any

from app.domain.answers import TEXT, AnswerError, CellColumn
from app.domain.multipart_types import AdoptionType, MultiType
from app.domain.question_kind import (
    LIST_SEPARATOR,
    MAX_TEXT_LENGTH,
    PART_SEPARATOR,
    NotApplicableAside,
    QuestionType,
    lower_median,
    option_ids_of,
    pick,
    step_positions,
    steps_disagree,
    steps_spread,
    tally,
    team_answers,
)
from app.domain.questionnaire import Question

__all__ = ["LIST_SEPARATOR", "PART_SEPARATOR", "REGISTRY", "AdoptionType", "AnswerError",
           "MultiType", "QuestionType", "register"]


class SingleChoice(QuestionType):
    """One option among several; the base of level, tristate and profile choices. A team's
    proposal is the most common answer ("not applicable" is one answer among the others), a tie
    proposes nothing; the team disagrees unless every answer is the same (the base class's rule)."""

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


class LevelType(NotApplicableAside, SingleChoice):
    """One of five ordered practices. A team's proposal is the median level, of an even count the
    lower middle one; answers two or more levels apart disagree; the spread is the distance between
    the highest and lowest level over the scale's length. "Not applicable" is set aside
    (NotApplicableAside)."""

    name = "level"
    team_rule = "level_median"

    def check_definition(self, raw, report):
        options = raw.get("options") or []
        if len(options) != 5:
            report("options", f"a level question needs exactly five options, not {len(options)}")
        _check_ascending(raw, "options", report)

    def proposal_among(self, question: Question, answers: list[Any]) -> Any:
        return question.options[lower_median(step_positions(question, answers))].id

    def spread_among(self, question: Question, answers: list[Any]) -> float:
        return steps_spread(question, step_positions(question, answers))

    def disagree_among(self, question: Question, answers: list[Any]) -> bool:
        return steps_disagree(step_positions(question, answers))


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

    def team_rule_for(self, question: Question) -> str:
        """Typed text is proposed only when every member typed the same ("unanimous"); a choice
        by the most common answer."""
        return "unanimous" if question.input == "text" else self.team_rule

    def team_proposal(self, question: Question, values: Sequence[Any]) -> Any:
        answers = team_answers(question, values)
        if question.input == "text" and len(tally(answers)) != 1:
            return None
        return super().team_proposal(question, values)

    def cell_columns(self, question: Question) -> list[CellColumn]:
        if question.input == "text":
            return [CellColumn(question.id, TEXT)]
        return super().cell_columns(question)


REGISTRY: dict[str, QuestionType] = {}


def register(question_type: QuestionType) -> None:
    if question_type.name in REGISTRY:
        raise ValueError(f"question type {question_type.name!r} is registered twice")
    REGISTRY[question_type.name] = question_type


for _type in (LevelType(), MultiType(), AdoptionType(), TristateType(), ProfileType()):
    register(_type)
