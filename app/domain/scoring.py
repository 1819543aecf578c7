"""Turn a set of answers into scores: pure functions over the questionnaire model.

A dimension scores 0-100 as the weighted mean of its answered, applicable questions: "not applicable"
and optional questions left blank drop out of numerator and denominator alike. A dimension with no such
question has no score and drops out of the overall score, which is the weighted mean of the dimension
scores. The stage is the last whose threshold the overall score reaches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.questionnaire import NOT_APPLICABLE, Question, Questionnaire


@dataclass(frozen=True)
class Contribution:
    """How one question weighs in its dimension's score."""

    question_id: str
    normalised: float | None  # 0..1, or None when not applicable or left blank
    weight: float
    points: float  # what it adds to the dimension's 0-100 score
    max_points: float  # what it would add with the best answer


@dataclass(frozen=True)
class DimensionScore:
    dimension_id: str
    score: float | None
    weight: float
    contributions: tuple[Contribution, ...]

    @property
    def answered(self) -> int:
        return sum(1 for c in self.contributions if c.normalised is not None)


@dataclass(frozen=True)
class Score:
    questionnaire_key: str
    overall: float | None
    stage_id: str | None
    dimensions: tuple[DimensionScore, ...]

    def dimension(self, dimension_id: str) -> DimensionScore | None:
        return next((d for d in self.dimensions if d.dimension_id == dimension_id), None)

    def snapshot(self, questionnaire_version: int | None = None) -> Snapshot:
        """The scores as a submitted assessment stores them."""
        return Snapshot(self.overall, self.stage_id,
                        {d.dimension_id: d.score for d in self.dimensions}, questionnaire_version)


@dataclass(frozen=True)
class Snapshot:
    """A submitted assessment's scores as stored (app/operations/scores.py): overall, stage and
    each dimension's score."""

    overall: float | None
    stage_id: str | None
    dimensions: Mapping[str, float | None]
    questionnaire_version: int | None = None


def normalised_answer(question: Question, value: Any) -> float | None:
    """The answer's share of the best answer, or None when it leaves the denominator."""
    if value is None or value == NOT_APPLICABLE or not question.is_answered(value):
        return None
    return question.kind.normalise(question, value)


def _weighted_mean(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(weight for _, weight in pairs)
    if not total:
        return None
    return sum(value * weight for value, weight in pairs) / total


def score_dimension(questionnaire: Questionnaire, dimension_id: str,
                    answers: Mapping[str, Any]) -> DimensionScore:
    questions = [q for q in questionnaire.questions_in(dimension_id) if q.scored]
    values = {q.id: normalised_answer(q, answers.get(q.id)) for q in questions}
    counted = sum(q.weight for q in questions if values[q.id] is not None)
    contributions = tuple(
        Contribution(
            question_id=q.id,
            normalised=values[q.id],
            weight=q.weight,
            points=100 * q.weight * values[q.id] / counted if values[q.id] is not None else 0.0,
            max_points=100 * q.weight / counted if values[q.id] is not None else 0.0,
        )
        for q in questions
    )
    score = _weighted_mean([(values[q.id], q.weight) for q in questions
                            if values[q.id] is not None])
    dimension = questionnaire.dimension(dimension_id)
    return DimensionScore(dimension_id, None if score is None else _clamp(100 * score),
                          dimension.weight, contributions)


def _clamp(score: float) -> float:
    return round(min(100.0, max(0.0, score)), 6)


def score_assessment(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Score:
    """Score every dimension, then the overall score and its stage."""
    dimensions = tuple(score_dimension(questionnaire, d.id, answers)
                       for d in questionnaire.dimensions)
    overall = _weighted_mean([(d.score, d.weight) for d in dimensions if d.score is not None])
    overall = None if overall is None else _clamp(overall)
    stage = questionnaire.stage_for(overall)
    return Score(questionnaire.key, overall, stage.id if stage else None, dimensions)
