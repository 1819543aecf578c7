"""The assessments an export selects, read in batches (keyset pagination over assessment ids) so
memory stays flat whatever the number of rows: one query for a page of assessments with their
organizations, then one for their dimension scores and one for their answers, each collected per
assessment by the database.

The queries select table columns (not ORM entities: nothing enters the session)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, func, select

from app.extensions import db
from app.models import Answer, Assessment, DimensionScore, Organization

BATCH_SIZE = 1000

ASSESSMENT = Assessment.__table__.c
ORGANIZATION = Organization.__table__.c
ANSWER = Answer.__table__.c
SCORE = DimensionScore.__table__.c

ASSESSMENT_COLUMNS = (
    ASSESSMENT.id, ASSESSMENT.organization_id, ORGANIZATION.name, ORGANIZATION.country,
    ORGANIZATION.org_type, ORGANIZATION.scope, ORGANIZATION.members_band, ORGANIZATION.staff_band,
    ORGANIZATION.sme_share_band, ASSESSMENT.source, ASSESSMENT.status, ASSESSMENT.locale,
    ASSESSMENT.created_at, ASSESSMENT.submitted_at, ASSESSMENT.questionnaire_id,
    ASSESSMENT.questionnaire_version, ASSESSMENT.previous_id, ASSESSMENT.is_latest,
    ASSESSMENT.overall_score, ASSESSMENT.stage,
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
        statement = (select(*ASSESSMENT_COLUMNS)
                     .join_from(Assessment.__table__, Organization.__table__)
                     .where(*conditions, ASSESSMENT.id > last_id)
                     .order_by(ASSESSMENT.id).limit(batch_size))
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
    return _by_assessment(SCORE.assessment_id, SCORE.dimension_id, SCORE.score, ids, json_text=False)


def _answers(ids: list[int]) -> dict[int, dict[str, Any]]:
    return _by_assessment(ANSWER.assessment_id, ANSWER.question_id, ANSWER.value, ids)


def _by_assessment(owner, key, value, ids: list[int], json_text: bool = True
                   ) -> dict[int, dict[str, Any]]:
    """{assessment id: {key: value}} for a batch, each assessment's pairs collected into one JSON
    object by the database: a few hundred rows to fetch rather than one per answer."""
    if db.session.get_bind().dialect.name == "postgresql":
        collected = func.json_object_agg(key, value)
    else:
        collected = func.json_group_object(key, func.json(value) if json_text else value)
    statement = (select(owner, cast(collected, Text)).where(owner.in_(ids)).group_by(owner))
    return {assessment_id: json.loads(pairs)
            for assessment_id, pairs in db.session.execute(statement).all()}
