"""Where the members of one team (several people of one organization, each answering the same
questionnaire) agree and disagree, and the agreed answers to propose.

Each question's type says how its answers compare (`team_proposal`, `team_spread`,
`team_disagrees`, `team_rule_for`: app/domain/question_kind.py and the types); this module only
gathers them per question, per dimension and for the whole team. The rule codes the types name:

- `level_median`: the median level; of an even count the lower middle one. Two answers two or more
  levels apart disagree.
- `majority`: the most common answer; a tie for most common proposes nothing. Any difference
  disagrees.
- `intersection`: the options every answering member ticked. Selections disagree when their mean
  pairwise Jaccard distance is 0.5 or more.
- `grid_median`: each row's median step, as `level_median`; the worst row decides the spread and
  the disagreement.
- `unanimous`: (typed text) proposed only when every member typed the same.

With `level_median`, `intersection` and `grid_median`, "not applicable" is proposed when more
members said it than answered otherwise (a tie proposes nothing), and "not applicable" beside an
answer always disagrees; with `majority` it is one answer among the others.

Only answered values count (a grid with rows left blank does not, as in scores); fewer than two
answers never disagree. Organization-profile questions (unscored) get proposals but take no part in
the disagreement ranking or the agreement figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.questionnaire import Dimension, Question, Questionnaire
from app.domain.scoring import score_assessment


@dataclass(frozen=True)
class MemberAnswers:
    """One member's stored answers."""

    key: str  # a stable member id (the web layer passes str(member.id))
    role: str  # the role the member gave, shown instead of their e-mail
    answers: Mapping[str, Any]  # stored answers by question id


@dataclass(frozen=True)
class QuestionAgreement:
    question: Question
    values: tuple[tuple[str, Any], ...]  # (member key, answered value or None), members' order
    spread: float  # 0 (all the same) .. 1
    disagrees: bool
    proposal: Any  # a value the question validates, None when no proposal
    rule: str  # the type's team rule code for this question
    answered: int  # how many members answered it

    @property
    def compared(self) -> bool:
        """Scored and answered by at least two members: counted in agreement figures."""
        return self.question.scored and self.answered >= 2

    def value_of(self, key: str) -> Any:
        return next((value for member, value in self.values if member == key), None)


@dataclass(frozen=True)
class DimensionAgreement:
    dimension: Dimension
    compared: int  # scored questions of the dimension answered by >= 2 members
    agreed: int  # of those, the ones not disagreeing
    member_scores: tuple[tuple[str, float | None], ...]  # each member's dimension score (0-100)

    @property
    def share(self) -> float | None:
        """Agreed / compared, 0..1; None when nothing could be compared."""
        return self.agreed / self.compared if self.compared else None


@dataclass(frozen=True)
class TeamComparison:
    members: tuple[MemberAnswers, ...]
    questions: tuple[QuestionAgreement, ...]  # questionnaire order; answered by >= 1 member
    dimensions: tuple[DimensionAgreement, ...]  # questionnaire order
    member_overall: tuple[tuple[str, float | None], ...] = ()  # each member's overall score

    @property
    def compared(self) -> int:
        return sum(d.compared for d in self.dimensions)

    @property
    def agreed(self) -> int:
        return sum(d.agreed for d in self.dimensions)

    @property
    def share(self) -> float | None:
        """The whole team's agreement: agreed / compared scored questions, None when none."""
        return self.agreed / self.compared if self.compared else None

    def question(self, question_id: str) -> QuestionAgreement | None:
        return next((q for q in self.questions if q.question.id == question_id), None)

    def dimension(self, dimension_id: str) -> DimensionAgreement | None:
        return next((d for d in self.dimensions if d.dimension.id == dimension_id), None)

    def most_disputed(self, limit: int | None = None) -> list[QuestionAgreement]:
        """The compared questions, disagreeing ones first, then by spread (widest first), then in
        questionnaire order: where the team's discussion should start."""
        order = {q.question.id: i for i, q in enumerate(self.questions)}
        ranked = sorted((q for q in self.questions if q.compared),
                        key=lambda q: (not q.disagrees, -q.spread, order[q.question.id]))
        return ranked if limit is None else ranked[:limit]

    def disputed(self) -> list[QuestionAgreement]:
        """Only the compared questions that disagree, most disputed first."""
        return [q for q in self.most_disputed() if q.disagrees]

    def proposals(self) -> dict[str, Any]:
        """The proposed agreed answer by question id (profile questions too); questions without a
        proposal are left out."""
        return {q.question.id: q.proposal for q in self.questions if q.proposal is not None}


def compare_question(question: Question, members: Sequence[MemberAnswers]) -> QuestionAgreement:
    """How the members' answers to one question compare."""
    kind = question.kind
    values = tuple((m.key, _answered(question, m.answers.get(question.id))) for m in members)
    stored = [value for _, value in values]
    return QuestionAgreement(
        question=question,
        values=values,
        spread=kind.team_spread(question, stored),
        disagrees=kind.team_disagrees(question, stored),
        proposal=kind.team_proposal(question, stored),
        rule=kind.team_rule_for(question),
        answered=sum(value is not None for value in stored),
    )


def compare_team(questionnaire: Questionnaire, members: Sequence[MemberAnswers]) -> TeamComparison:
    """Compare the members' answers question by question and dimension by dimension."""
    keys = [m.key for m in members]
    if len(set(keys)) != len(keys):
        raise ValueError(f"member keys must be unique, got {keys}")
    members = tuple(members)
    compared = [compare_question(q, members) for q in questionnaire.questions]
    scores = [(m.key, score_assessment(questionnaire, m.answers)) for m in members]
    dimensions = []
    for dimension in questionnaire.dimensions:
        counted = [q for q in compared if q.question.dimension == dimension.id and q.compared]
        dimensions.append(DimensionAgreement(
            dimension=dimension,
            compared=len(counted),
            agreed=sum(not q.disagrees for q in counted),
            member_scores=tuple((key, score.dimension(dimension.id).score)
                                for key, score in scores),
        ))
    return TeamComparison(
        members=members,
        questions=tuple(q for q in compared if q.answered),
        dimensions=tuple(dimensions),
        member_overall=tuple((key, score.overall) for key, score in scores),
    )


def _answered(question: Question, value: Any) -> Any:
    """The stored value when it answers the question, else None (a grid with rows left blank)."""
    return value if value is not None and question.is_answered(value) else None
