"""What the report tells a respondent to do first. Plain Python.

The rule (stated on the results page as PRIORITY_RULE says it):

* A dimension's **gap** is the points its score still needs to reach its own next stage; a dimension
  at the highest stage, or without a score, has no gap and is never a priority.
* Priorities are the dimensions with the smallest gap for the weight they carry in the overall
  score (gap divided by the dimension's share of the overall score): a step up that is close and
  counts for much comes first. Ties go to the heavier dimension, then to the questionnaire's order.
* Recommendations follow the same order: the priorities, the other dimensions with a gap, then
  those at the highest stage, then those without a score.
* A **critical gap** is a single answer the questionnaire file marks as critical (`critical.when`),
  whatever the dimension's score or stage; each brings its own advice.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from app.domain.questionnaire import LocalizedText, Question, Questionnaire, Stage

PRIORITY_COUNT = 3


class Ranked(Protocol):
    """What the rule reads of a dimension's result (app.domain.report.DimensionResult)."""

    score: float | None
    share: float
    next_stage: Stage | None


def gap(score: float | None, next_stage: Stage | None) -> float | None:
    """Points still needed to reach the next stage; None at the top stage or without a score."""
    if score is None or next_stage is None:
        return None
    return max(next_stage.min - score, 0.0)


def _key(indexed: tuple[int, Ranked]) -> tuple[float, float, int]:
    index, result = indexed
    needed = gap(result.score, result.next_stage)
    return (needed / result.share if result.share else float("inf"), -result.share, index)


def recommendation_order(results: Sequence[Ranked]) -> tuple[Any, ...]:
    """Every result, in the order its recommendation is shown."""
    indexed = list(enumerate(results))
    open_gap = [item for item in indexed if gap(item[1].score, item[1].next_stage) is not None]
    at_top = [item for item in indexed if item[1].score is not None and item[1].next_stage is None]
    unscored = [item for item in indexed if item[1].score is None]
    ordered = sorted(open_gap, key=_key) + sorted(at_top, key=lambda i: (-i[1].share, i[0]))
    return tuple(result for _index, result in ordered + unscored)


def priorities(results: Sequence[Ranked], count: int = PRIORITY_COUNT) -> tuple[Any, ...]:
    """The `count` dimensions to work on first (fewer when fewer have a next stage)."""
    ranked = [r for r in recommendation_order(results) if gap(r.score, r.next_stage) is not None]
    return tuple(ranked[:count])


def overall_gain(result: Ranked) -> float:
    """What closing the dimension's gap adds to the overall score."""
    return (gap(result.score, result.next_stage) or 0.0) * result.share


@dataclass(frozen=True)
class CriticalGap:
    question: Question
    advice: LocalizedText


def critical_gaps(questions: Iterable[Question], answers: Mapping[str, Any]) -> tuple[CriticalGap, ...]:
    """The answers that are critical gaps, in the questions' order."""
    return tuple(CriticalGap(q, q.critical.advice) for q in questions
                 if q.critical is not None and q.critical.matches(answers.get(q.id)))


def critical_by_dimension(questionnaire: Questionnaire,
                          answers: Mapping[str, Any]) -> dict[str | None, tuple[CriticalGap, ...]]:
    found: dict[str | None, list[CriticalGap]] = {}
    for item in critical_gaps(questionnaire.questions, answers):
        found.setdefault(item.question.dimension, []).append(item)
    return {dimension: tuple(items) for dimension, items in found.items()}
