"""How the assessment list is sorted: the `sort` query parameter, read safely, and the SQL order
it stands for.

`sort=<key>` sorts ascending, `sort=-<key>` descending; anything else (unknown key, junk, a very
long value) falls back to the default, newest first, so a mistyped or stale link still opens.
Every order ends with the assessment id, so pages never overlap or skip a row when values tie,
and blank values (a draft's score) come last either way.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, func, literal, select

from app.domain.questionnaire import Questionnaire
from app.models import Answer, Assessment

SORT_KEYS = ("id", "name", "status", "started", "submitted", "score", "stage", "progress")
DEFAULT = "-id"
MAX_LENGTH = 20


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool

    @property
    def value(self) -> str:
        """The query-string value that reproduces this order."""
        return ("-" if self.descending else "") + self.key

    def toggled(self, key: str) -> str:
        """The value a column header links to: this column, the other way round when it is the
        current one; a new column starts with its most useful direction (numbers highest first)."""
        if key == self.key:
            return ("" if self.descending else "-") + key
        return ("-" if key in ("id", "started", "submitted", "score", "progress") else "") + key


def parse_sort(value: str | None) -> Sort:
    text = (value or "").strip()[:MAX_LENGTH] or DEFAULT
    descending = text.startswith("-")
    key = text[1:] if descending else text
    if key not in SORT_KEYS:
        return parse_sort(DEFAULT)
    return Sort(key, descending)


def required_answered(questionnaire: Questionnaire) -> ColumnElement:
    """How many of the questionnaire's required questions an assessment has answered (a stored
    answer is an answer: blank ones are deleted), the survey's progress rule
    (app.survey.steps.progress) as a correlated subquery."""
    required = [q.id for q in questionnaire.questions if q.required]
    if not required:
        return literal(0)
    return (select(func.count(Answer.id))
            .where(Answer.assessment_id == Assessment.id, Answer.question_id.in_(required))
            .correlate(Assessment).scalar_subquery())


def required_count(questionnaire: Questionnaire) -> int:
    return sum(1 for q in questionnaire.questions if q.required)


def order_by(sort: Sort, questionnaire: Questionnaire, answered: ColumnElement) -> list:
    column = {
        "id": Assessment.id,
        "name": func.lower(Assessment.name),
        "status": Assessment.status,
        "started": Assessment.created_at,
        "submitted": Assessment.submitted_at,
        "score": Assessment.overall_score,
        "stage": _stage_rank(questionnaire),
        "progress": answered,
    }[sort.key]
    ordered = column.desc() if sort.descending else column.asc()
    if sort.key == "id":
        return [ordered]
    return [ordered.nulls_last(), Assessment.id.desc() if sort.descending else Assessment.id.asc()]


def _stage_rank(questionnaire: Questionnaire) -> ColumnElement:
    """A stage's place in the questionnaire's order (not its name's alphabetical one)."""
    ranks = {stage.id: index for index, stage in enumerate(questionnaire.stages)}
    if not ranks:
        return literal(None)
    return case(ranks, value=Assessment.stage, else_=None)
