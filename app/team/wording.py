"""The team comparison in words for a page: each colleague's answer named by role, the spread,
the rule each question type follows (the one place rule codes become sentences), the proposal,
the agreed answer and the note, and each dimension's agreement figure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import format_decimal, format_percent, ngettext
from flask_babel import lazy_gettext as _l

from app.domain.agreement import TeamComparison
from app.domain.questionnaire import Dimension, Question
from app.survey.review import answer_lines

# The rule of each question type (QuestionKind.team_rule_for: app/domain/agreement.py lists the
# codes), as the page states it.
RULES = {
    "level_median": _l("Levels: the team disagrees when two answers are two or more levels "
                       "apart; the proposal is the middle (median) level, the lower of the two "
                       "middle ones for an even number of answers."),
    "majority": _l("One choice: the team disagrees when the answers are not all the same; the "
                   "proposal is the answer most colleagues gave (none when there is a tie)."),
    "intersection": _l("Several choices: the team disagrees when, on average, two colleagues "
                       "have less than half of their ticked options in common; the proposal is "
                       "the options every colleague ticked."),
    "grid_median": _l("Tables: each row is compared like a level question, and the row the "
                      "team is furthest apart on decides; the proposal is each row's middle "
                      "(median) answer."),
    "unanimous": _l("Typed text: proposed only when every colleague typed the same."),
}
UNKNOWN_RULE = _l("The team disagrees when the answers differ; the proposal is the most common "
                  "answer.")
NOT_APPLICABLE_RULE = _l("“Not applicable” beside an answer always counts as a disagreement; it "
                         "is proposed when more colleagues chose it than answered otherwise.")


def rule_sentence(code: str | None, question: Question | None = None) -> str:
    sentence = str(RULES.get(code or "", UNKNOWN_RULE))
    if question is not None and question.not_applicable and code != "majority":
        sentence = f"{sentence} {NOT_APPLICABLE_RULE}"
    return sentence


@dataclass(frozen=True)
class MemberAnswer:
    role: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class QuestionRow:
    question: Question
    title: str
    dimension: str
    answers: tuple[MemberAnswer, ...]
    spread: str | None
    disagrees: bool
    rule: str
    proposal: tuple[str, ...]
    agreed: tuple[str, ...]  # the organization's answer now
    note: str

    @property
    def anchor(self) -> str:
        return f"q-{self.question.id}"


@dataclass(frozen=True)
class DimensionRow:
    dimension: Dimension
    title: str
    agreed: int
    compared: int
    scores: tuple[tuple[str, str], ...]  # (role, score in words)

    @property
    def figure(self) -> str:
        return ngettext("agreed on %(agreed)d of %(num)d question",
                        "agreed on %(agreed)d of %(num)d questions", self.compared,
                        agreed=self.agreed)


def _spread(value: float | None) -> str | None:
    """How far apart the answers are, as a share of the widest possible difference."""
    return None if value is None else format_percent(value)


def question_rows(comparison: TeamComparison, roles: Mapping[str, str],
                  agreed: Mapping[str, Any], notes: Mapping[str, str], locale: str,
                  questions=None) -> list[QuestionRow]:
    """Rows of `questions` (default: every scored question the team answered, in the
    questionnaire's order; the profile is the organization's own)."""
    rows = []
    chosen = [q for q in comparison.questions if q.question.scored] if questions is None \
        else questions
    for item in chosen:
        question = item.question
        rows.append(QuestionRow(
            question, question.text(locale), question.dimension or "",
            tuple(MemberAnswer(roles.get(key, "?"), answer_lines(question, value, locale))
                  for key, value in item.values),
            _spread(item.spread), bool(item.disagrees), rule_sentence(item.rule, question),
            answer_lines(question, item.proposal, locale) if item.proposal is not None else (),
            answer_lines(question, agreed.get(question.id), locale), notes.get(question.id, "")))
    return rows


def disputed(comparison: TeamComparison, limit: int) -> list:
    """The questions the team disagrees on, most disputed first (at most `limit`)."""
    return [q for q in comparison.most_disputed() if q.disagrees][:limit]


def dimension_rows(comparison: TeamComparison, roles: Mapping[str, str],
                   locale: str) -> list[DimensionRow]:
    return [DimensionRow(d.dimension, d.dimension.title(locale), d.agreed, d.compared,
                         tuple((roles.get(key, "?"),
                                "—" if score is None else format_decimal(score, format="0"))
                               for key, score in d.member_scores))
            for d in comparison.dimensions]
