"""STUB until branch teamsdomain is merged (its version replaces this file): the interface the
team pages code against, with a naive rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.questionnaire import Dimension, Question, Questionnaire
from app.domain.scoring import score_assessment


@dataclass(frozen=True)
class MemberAnswers:
    key: str
    role: str
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class QuestionAgreement:
    question: Question
    values: tuple[tuple[str, Any], ...]
    spread: float | None
    disagrees: bool
    proposal: Any
    rule: str
    answered: int


@dataclass(frozen=True)
class DimensionAgreement:
    dimension: Dimension
    compared: int
    agreed: int
    member_scores: tuple[tuple[str, float | None], ...]

    @property
    def share(self) -> float | None:
        return self.agreed / self.compared if self.compared else None


@dataclass(frozen=True)
class TeamComparison:
    questions: tuple[QuestionAgreement, ...]
    dimensions: tuple[DimensionAgreement, ...]

    def most_disputed(self, limit: int | None = None) -> tuple[QuestionAgreement, ...]:
        ordered = sorted((q for q in self.questions if q.answered >= 2),
                         key=lambda q: (not q.disagrees, -(q.spread or 0)))
        return tuple(ordered[:limit] if limit else ordered)

    def proposals(self) -> dict[str, Any]:
        return {q.question.id: q.proposal for q in self.questions if q.proposal is not None}


def _index(question: Question, value: Any) -> int | None:
    ids = [o.id for o in question.options]
    return ids.index(value) if isinstance(value, str) and value in ids else None


def compare_team(questionnaire: Questionnaire,
                 members: Sequence[MemberAnswers]) -> TeamComparison:
    questions = []
    for question in questionnaire.scored_questions:
        values = tuple((m.key, m.answers.get(question.id)) for m in members
                       if m.answers.get(question.id) is not None)
        given = [v for _k, v in values]
        indexes = [_index(question, v) for v in given]
        if given and all(i is not None for i in indexes):
            spread = (max(indexes) - min(indexes)) / max(len(question.options) - 1, 1)
            disagrees = max(indexes) - min(indexes) >= 2
        else:
            spread = float(len({repr(v) for v in given}) - 1) if given else None
            disagrees = bool(spread)
        proposal = Counter(repr(v) for v in given).most_common(1)
        proposal = next(v for v in given if repr(v) == proposal[0][0]) if proposal else None
        questions.append(QuestionAgreement(question, values, spread, disagrees, proposal,
                                           "majority", len(values)))
    dimensions = []
    scores = {m.key: score_assessment(questionnaire, m.answers) for m in members}
    for dimension in questionnaire.dimensions:
        own = [q for q in questions if q.question.dimension == dimension.id and q.answered]
        dimensions.append(DimensionAgreement(
            dimension, len(own), sum(1 for q in own if not q.disagrees),
            tuple((key, next((d.score for d in score.dimensions
                              if d.dimension_id == dimension.id), None))
                  for key, score in scores.items())))
    return TeamComparison(tuple(questions), tuple(dimensions))
