"""The team comparison in words for a page: each colleague's answer named by role, the spread,
the rule each question type follows (the one place rule codes become sentences), the proposal,
the agreed answer and the note, and each dimension's agreement figure."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import format_decimal, ngettext
from flask_babel import lazy_gettext as _l

from app.domain.agreement import TeamComparison
from app.domain.questionnaire import Dimension, Question
from app.survey.review import answer_lines

# The rule of each question type (QuestionKind.team_rule), as stated on the page.
RULES = {
    "median": _l("Levels: the team disagrees when two answers are two or more levels apart; the "
                 "proposal is the middle (median) level, the lower one on a tie."),
    "majority": _l("One choice: the team disagrees when not everyone chose the same; the "
                   "proposal is the answer most colleagues gave (on a tie, the lower one)."),
    "intersection": _l("Several choices: the team disagrees when the ticked options differ; the "
                       "proposal is the options everyone ticked."),
    "rows": _l("Tables: the team disagrees when a row's answers are two or more steps apart; the "
               "proposal takes the middle answer of each row."),
}
UNKNOWN_RULE = _l("The team disagrees when the answers differ; the proposal is the most common "
                  "answer.")


def rule_sentence(code: str | None) -> str:
    return str(RULES.get(code or "", UNKNOWN_RULE))


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
    return None if value is None else format_decimal(value, format="#,##0.#")


def question_rows(comparison: TeamComparison, roles: Mapping[str, str],
                  agreed: Mapping[str, Any], notes: Mapping[str, str], locale: str,
                  questions=None) -> list[QuestionRow]:
    """Rows of `questions` (default: every compared question, in the questionnaire's order)."""
    rows = []
    for item in (comparison.questions if questions is None else questions):
        question = item.question
        rows.append(QuestionRow(
            question, question.text(locale), question.dimension or "",
            tuple(MemberAnswer(roles.get(key, "?"), answer_lines(question, value, locale))
                  for key, value in item.values),
            _spread(item.spread), bool(item.disagrees), rule_sentence(item.rule),
            answer_lines(question, item.proposal, locale) if item.proposal is not None else (),
            answer_lines(question, agreed.get(question.id), locale), notes.get(question.id, "")))
    return rows


def dimension_rows(comparison: TeamComparison, roles: Mapping[str, str],
                   locale: str) -> list[DimensionRow]:
    return [DimensionRow(d.dimension, d.dimension.title(locale), d.agreed, d.compared,
                         tuple((roles.get(key, "?"),
                                "—" if score is None else format_decimal(score, format="0"))
                               for key, score in d.member_scores))
            for d in comparison.dimensions]
