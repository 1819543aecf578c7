"""The respondent's report as plain data: scores with their stages and recommendations, the strongest
and weakest dimensions, the priorities and critical gaps (app.domain.priorities), the change since
the previous assessment (through the crosswalk when it used another version), progress against the
targets set after it, how each question counted, and the answers themselves.

The numbers come from the score snapshot stored at submission (what benchmarks compare too); the
per-question contributions that explain them are recomputed from the stored answers with the same
questionnaire version, which gives the same numbers.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain import priorities as rules
from app.domain.answers import AnsweredQuestion, describe_answer
from app.domain.crosswalk import comparable_scores
from app.domain.priorities import CriticalGap
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
    previous: float | None = None  # the previous assessment's comparable score
    measured_before: bool = False  # the previous assessment measured this dimension alike
    target: float | None = None  # the target set after the previous assessment
    critical: tuple[CriticalGap, ...] = ()

    @property
    def gap(self) -> float | None:
        """Points still needed to reach this dimension's next stage."""
        return rules.gap(self.score, self.next_stage)

    @property
    def overall_gain(self) -> float:
        return rules.overall_gain(self)

    @property
    def target_reached(self) -> bool | None:
        if self.target is None or self.score is None:
            return None
        return self.score >= self.target - UNCHANGED_BELOW


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
    priorities: tuple[DimensionResult, ...] = ()
    ordered: tuple[DimensionResult, ...] = ()  # the recommendations' order
    critical: tuple[CriticalGap, ...] = ()
    has_targets: bool = False

    @property
    def profile_count(self) -> int:
        return self.question_count - self.scored_count

    @property
    def next_stage_gap(self) -> float | None:
        """Overall points still needed to reach the next stage."""
        return rules.gap(self.overall, self.next_stage)

    @property
    def priorities_gain(self) -> float:
        """What the overall score gains when every priority reaches its next stage."""
        return sum(p.overall_gain for p in self.priorities)

    @property
    def comparable_previous(self) -> bool:
        """Some dimension can be compared with the previous assessment."""
        return any(r.measured_before for r in self.dimensions)

    @property
    def unmeasured_before(self) -> tuple[DimensionResult, ...]:
        """Dimensions the previous assessment (of another version) did not measure alike."""
        if not self.has_previous:
            return ()
        return tuple(r for r in self.dimensions if not r.measured_before)


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
                 previous: Snapshot | None = None, previous_key: str | None = None,
                 targets: Mapping[str, float] | None = None) -> Report:
    """`previous` is the previous assessment's snapshot, of the questionnaire `previous_key` (this
    one when not given); `targets` the scores its respondent set for this time, by the previous
    version's dimension ids. Across versions only the dimensions the crosswalk pairs compare, and
    the overall score never does."""
    older_key = previous_key or questionnaire.key
    before = comparable_scores(questionnaire, older_key, previous) if previous else None
    aimed = (comparable_scores(questionnaire, older_key, Snapshot(None, None, dict(targets))).dimensions
             if targets else {})
    critical = rules.critical_by_dimension(questionnaire, answers)
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
            change=change(score, before.dimensions.get(dimension.id)) if before else None,
            contributions=tuple(QuestionContribution(described[c.question_id], c)
                                for c in detail.contributions),
            previous=before.dimensions.get(dimension.id) if before else None,
            measured_before=bool(before and before.measured(dimension.id)),
            target=aimed.get(dimension.id),
            critical=critical.get(dimension.id, ()),
        ))
    results = tuple(results)
    strongest, weakest = extremes(results)
    ordered = rules.recommendation_order(results)
    stage = questionnaire.stage(snapshot.stage_id) or questionnaire.stage_for(snapshot.overall)
    return Report(
        overall=snapshot.overall,
        stage=stage,
        next_stage=next_stage(questionnaire, stage),
        overall_change=change(snapshot.overall, before.overall) if before else None,
        dimensions=results,
        strongest=strongest,
        weakest=weakest,
        profile=tuple(described[q.id] for q in questionnaire.profile_questions),
        question_count=len(questionnaire.questions),
        scored_count=len(questionnaire.scored_questions),
        counted_count=sum(1 for r in results for c in r.contributions if c.counted),
        has_previous=previous is not None,
        previous_version_differs=bool(before and not before.same_version),
        priorities=rules.priorities(results),
        ordered=ordered,
        critical=tuple(item for r in ordered for item in r.critical) + critical.get(None, ()),
        has_targets=any(r.target is not None for r in results),
    )
