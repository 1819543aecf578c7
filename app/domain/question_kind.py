"""What every question type is: the base class a type subclasses, with the behaviour of a one-cell
answer (one option id, or one typed text), and the helpers the built-in types share. The built-in
types and the registry are in app/domain/question_types.py; FORMAT.md says how to add a type.

The team rules (`team_proposal`, `team_spread`, `team_disagrees`, `team_rule_for`) compare the
stored answers several members of one organization gave to a question (app/domain/agreement.py).
The base class compares answers as wholes: the proposal is the most common answer, so any new type
works without overriding them.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from typing import Any

from app.domain.answers import CODE, AnswerError, AnswerItem, CellColumn
from app.domain.questionnaire import NOT_APPLICABLE, CrosswalkQuestion, Question

PART_SEPARATOR = "__"  # between a question id and an option or row id in a column name
CHOSEN, NOT_CHOSEN = 1, 0
LIST_SEPARATOR = ";"  # a multi-select read from one cell: option ids separated by ";"

MAX_TEXT_LENGTH = 300

STEPS_APART = 2
"""Two answers on an ordered scale this many steps apart or more disagree (issue 17)."""


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
        """True when `value` (as stored) answers the question in full."""
        return value not in (None, "", [], {})

    def is_blank(self, question: Question, value: Any) -> bool:
        """True when nothing at all was answered (for most types: not answered). A grid with some
        rows answered is neither blank nor answered: a draft keeps it, scores and submission do
        not count it."""
        return not self.is_answered(question, value)

    def answered_share(self, question: Question, value: Any) -> float:
        """How much of the question's work `value` has done, 0..1 (a grid: its rows answered)."""
        return 1.0 if self.is_answered(question, value) else 0.0

    def validate(self, question: Question, value: Any) -> Any:
        """Return the answer as stored, or raise AnswerError. None means "not answered"."""
        if self.is_blank(question, value):
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

    # -- team answers ---------------------------------------------------------------------------
    # `values` are the stored answers of several members (None: not answered); only the answered
    # ones (`is_answered`: a grid with rows left blank is not) count. Fewer than two answers never
    # disagree and have spread 0.
    team_rule: str = "majority"
    """A code naming how the proposal is made, which the web layer words for people."""

    def team_rule_for(self, question: Question) -> str:
        """The code of the rule this question's proposal follows (`team_rule` unless a question's
        definition changes it)."""
        return self.team_rule

    def team_proposal(self, question: Question, values: Sequence[Any]) -> Any:
        """The agreed answer to propose (a value `validate` accepts), or None to leave it to the
        coordinator. By default the most common answer; a tie for most common proposes nothing."""
        return most_common(team_answers(question, values))

    def team_spread(self, question: Question, values: Sequence[Any]) -> float:
        """How far apart the answers are, 0 (all the same) .. 1. By default the share of answers
        that differ from the most common one."""
        return minority_share(team_answers(question, values))

    def team_disagrees(self, question: Question, values: Sequence[Any]) -> bool:
        """True when the answers differ enough to talk about. By default: not all the same."""
        return len(tally(team_answers(question, values))) > 1

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


class NotApplicableAside(QuestionType):
    """Team rules for a type whose answers are compared by their content (a level's step, the
    ticked options, a grid's rows), with "not applicable" set aside: it is the proposal when more
    members said it than gave an answer, a tie between the two proposes nothing, and any mix of it
    and answers disagrees. A subclass compares the other answers in the `*_among` methods."""

    def team_proposal(self, question: Question, values: Sequence[Any]) -> Any:
        not_applicable, answers = split_not_applicable(team_answers(question, values))
        if not_applicable > len(answers):
            return NOT_APPLICABLE
        if not_applicable == len(answers):
            return None
        return self.proposal_among(question, answers)

    def team_spread(self, question: Question, values: Sequence[Any]) -> float:
        not_applicable, answers = split_not_applicable(team_answers(question, values))
        spread = self.spread_among(question, answers) if len(answers) > 1 else 0.0
        if not_applicable and answers:
            spread = max(spread, min(not_applicable, len(answers)) / (not_applicable + len(answers)))
        return spread

    def team_disagrees(self, question: Question, values: Sequence[Any]) -> bool:
        not_applicable, answers = split_not_applicable(team_answers(question, values))
        if not_applicable and answers:
            return True
        return len(answers) > 1 and self.disagree_among(question, answers)

    def proposal_among(self, question: Question, answers: list[Any]) -> Any:
        """The proposal from one or more answers, none of them "not applicable"."""
        raise NotImplementedError

    def spread_among(self, question: Question, answers: list[Any]) -> float:
        """The spread of two or more answers, none of them "not applicable"."""
        raise NotImplementedError

    def disagree_among(self, question: Question, answers: list[Any]) -> bool:
        raise NotImplementedError


def team_answers(question: Question, values: Sequence[Any]) -> list[Any]:
    """The answered values among several members' stored values."""
    return [v for v in values if v is not None and question.is_answered(v)]


def split_not_applicable(answers: Sequence[Any]) -> tuple[int, list[Any]]:
    """How many answers are "not applicable", and the others."""
    others = [a for a in answers if a != NOT_APPLICABLE]
    return len(answers) - len(others), others


def tally(answers: Sequence[Any]) -> list[tuple[Any, int]]:
    """Each distinct answer with how many gave it, in first-given order (answers may be lists or
    dicts, so they are compared, not hashed)."""
    counts: list[list[Any]] = []
    for answer in answers:
        same = next((c for c in counts if c[0] == answer), None)
        if same is None:
            counts.append([answer, 1])
        else:
            same[1] += 1
    return [(answer, count) for answer, count in counts]


def most_common(answers: Sequence[Any]) -> Any:
    """The answer given most often, None when none was given or two tie for most."""
    counts = sorted((count for _, count in tally(answers)), reverse=True)
    if not counts or (len(counts) > 1 and counts[0] == counts[1]):
        return None
    return next(answer for answer, count in tally(answers) if count == counts[0])


def minority_share(answers: Sequence[Any]) -> float:
    """The share of answers other than the most common one (0 when fewer than two)."""
    if len(answers) < 2:
        return 0.0
    return 1 - max(count for _, count in tally(answers)) / len(answers)


def step_positions(question: Question, step_ids: Sequence[str]) -> list[int]:
    """Where each step id stands on the question's ordered options (its scale)."""
    order = [o.id for o in question.options]
    return [order.index(step) for step in step_ids]


def lower_median(positions: Sequence[int]) -> int:
    """The median position; of an even count the lower of the two middle ones (the cautious
    reading: a team does not claim the higher step half of it did not)."""
    return sorted(positions)[(len(positions) - 1) // 2]


def steps_spread(question: Question, positions: Sequence[int]) -> float:
    """(highest - lowest step) / (steps - 1): 0 all the same, 1 the two ends of the scale."""
    return (max(positions) - min(positions)) / (len(question.options) - 1)


def steps_disagree(positions: Sequence[int]) -> bool:
    return max(positions) - min(positions) >= STEPS_APART


def jaccard_distance(first: set, second: set) -> float:
    """1 - |shared| / |either|: 0 the same selection, 1 nothing in common (two empty ones: 0)."""
    either = first | second
    return 1 - len(first & second) / len(either) if either else 0.0


def mean_pairwise_distance(selections: Sequence[set]) -> float:
    pairs = list(combinations(selections, 2))
    return sum(jaccard_distance(a, b) for a, b in pairs) / len(pairs) if pairs else 0.0


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
