"""The assessments an export selects, read in batches (keyset pagination over assessment ids) so
memory stays flat whatever the number of rows: one query for a page of assessments with their
organizations, then one for their dimension scores and one for their answers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, select

from app.extensions import db
from app.models import Answer, Assessment, DimensionScore, Organization

BATCH_SIZE = 1000

ASSESSMENT_COLUMNS = (
    Assessment.id, Assessment.organization_id, Organization.name, Organization.country,
    Organization.org_type, Organization.scope, Organization.members_band, Organization.staff_band,
    Organization.sme_share_band, Assessment.source, Assessment.status, Assessment.locale,
    Assessment.created_at, Assessment.submitted_at, Assessment.questionnaire_id,
    Assessment.questionnaire_version, Assessment.previous_id, Assessment.is_latest,
    Assessment.overall_score, Assessment.stage,
)


@dataclass(frozen=True, slots=True)
class Record:
    """One assessment as an export sees it: a row of ASSESSMENT_COLUMNS (by attribute name:
    id, name, country, ...), its dimension scores and its answers."""

    row: Any
    scores: dict[str, float | None]
    answers: dict[str, Any]


def records(conditions: Sequence[ColumnElement[bool]], with_scores: bool = True,
            batch_size: int | None = None) -> Iterator[Record]:
    batch_size = batch_size or BATCH_SIZE
    last_id = 0
    while True:
        statement = (select(*ASSESSMENT_COLUMNS).join(Organization)
                     .where(*conditions, Assessment.id > last_id)
                     .order_by(Assessment.id).limit(batch_size))
        rows = db.session.execute(statement).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        scores = _scores(ids) if with_scores else {}
        answers = _answers(ids)
        for row in rows:
            yield Record(row, scores.get(row.id, {}), answers.get(row.id, {}))
        last_id = ids[-1]
        if len(rows) < batch_size:
            return


def _scores(ids: list[int]) -> dict[int, dict[str, float | None]]:
    found: dict[int, dict[str, float | None]] = {}
    statement = select(DimensionScore.assessment_id, DimensionScore.dimension_id,
                       DimensionScore.score).where(DimensionScore.assessment_id.in_(ids))
    for assessment_id, dimension_id, score in db.session.execute(statement):
        found.setdefault(assessment_id, {})[dimension_id] = score
    return found


def _answers(ids: list[int]) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    statement = select(Answer.assessment_id, Answer.question_id, Answer.value).where(
        Answer.assessment_id.in_(ids))
    for assessment_id, question_id, value in db.session.execute(statement):
        found.setdefault(assessment_id, {})[question_id] = value
    return found
