"""The respondent's report as plain data: scores with their stages and recommendations, the strongest
and weakest dimensions, the change since the previous assessment, how each question counted, and the
answers themselves.

The numbers come from the score snapshot stored at submission (what benchmarks compare too); the
per-question contributions that explain them are recomputed from the stored answers with the same
questionnaire version, which gives the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.answers import AnsweredQuestion, describe_answer
from app.domain.questionnaire import Dimension, LocalizedText, Questionnaire, Stage
from app.domain.scoring import Contribution, Snapshot, score_assessment

UNCHANGED_BELOW = 0.05
"""A change smaller than this rounds to 0.0 and is shown as no change."""


@dataclass(frozen=True)
class QuestionContribution:
    answer: AnsweredQuestion
    contribution: Contribution

    @property
    def counted(self) -> bool:
        return self.contribution.normalised is not None


@dataclass(frozen=True)
class DimensionResult:
    dimension: Dimension
    score: float | None
    share: float  # the dimension's share of the overall score, 0..1
    stage: Stage | None
    next_stage: Stage | None
    recommendation: LocalizedText | None
    change: float | None
    contributions: tuple[QuestionContribution, ...]


@dataclass(frozen=True)
class Report:
    overall: float | None
    stage: Stage | None
    next_stage: Stage | None
    overall_change: float | None
    dimensions: tuple[DimensionResult, ...]
    strongest: tuple[DimensionResult, ...]
    weakest: tuple[DimensionResult, ...]
    profile: tuple[AnsweredQuestion, ...]
    question_count: int
    scored_count: int
    counted_count: int
    has_previous: bool
    previous_version_differs: bool

    @property
    def profile_count(self) -> int:
        return self.question_count - self.scored_count


def paragraphs(text: str | None) -> list[str]:
    """A text's paragraphs, split at blank lines (as the scoring method is written)."""
    return [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]


def change(current: float | None, previous: float | None) -> float | None:
    if current is None or previous is None:
        return None
    delta = current - previous
    return 0.0 if abs(delta) < UNCHANGED_BELOW else delta


def next_stage(questionnaire: Questionnaire, stage: Stage | None) -> Stage | None:
    if stage is None:
        return None
    later = [s for s in questionnaire.stages if s.min > stage.min]
    return later[0] if later else None


def extremes(results: tuple[DimensionResult, ...], size: int = 2):
    """(strongest, weakest): up to `size` each, never the same dimension in both, so with four or
    more scored dimensions there are two of each and with two or three there is one of each.
    Ties keep the questionnaire's order."""
    scored = [r for r in results if r.score is not None]
    count = min(size, len(scored) // 2)
    if not count:
        return (), ()
    ranked = sorted(scored, key=lambda r: -r.score)
    weakest = sorted(scored, key=lambda r: r.score)
    return tuple(ranked[:count]), tuple(weakest[:count])


def build_report(questionnaire: Questionnaire, snapshot: Snapshot, answers: Mapping[str, Any],
                 previous: Snapshot | None = None) -> Report:
    recomputed = score_assessment(questionnaire, answers)
    described = {q.id: describe_answer(q, answers.get(q.id)) for q in questionnaire.questions}
    scored_weights = {d.id: d.weight for d in questionnaire.dimensions
                      if snapshot.dimensions.get(d.id) is not None}
    total_weight = sum(scored_weights.values()) or 1.0
    results = []
    for dimension in questionnaire.dimensions:
        score = snapshot.dimensions.get(dimension.id)
        stage = questionnaire.stage_for(score)
        detail = recomputed.dimension(dimension.id)
        results.append(DimensionResult(
            dimension=dimension,
            score=score,
            share=scored_weights.get(dimension.id, 0.0) / total_weight,
            stage=stage,
            next_stage=next_stage(questionnaire, stage),
            recommendation=questionnaire.recommendation(dimension.id, stage.id) if stage else None,
            change=change(score, previous.dimensions.get(dimension.id)) if previous else None,
            contributions=tuple(QuestionContribution(described[c.question_id], c)
                                for c in detail.contributions),
        ))
    results = tuple(results)
    strongest, weakest = extremes(results)
    stage = questionnaire.stage(snapshot.stage_id) or questionnaire.stage_for(snapshot.overall)
    return Report(
        overall=snapshot.overall,
        stage=stage,
        next_stage=next_stage(questionnaire, stage),
        overall_change=change(snapshot.overall, previous.overall) if previous else None,
        dimensions=results,
        strongest=strongest,
        weakest=weakest,
        profile=tuple(described[q.id] for q in questionnaire.profile_questions),
        question_count=len(questionnaire.questions),
        scored_count=len(questionnaire.scored_questions),
        counted_count=sum(1 for r in results for c in r.contributions if c.counted),
        has_previous=previous is not None,
        previous_version_differs=bool(
            previous and previous.questionnaire_version is not None
            and previous.questionnaire_version != questionnaire.version),
    )
