"""The assessments an export selects, read in batches (keyset pagination over assessment ids) so
memory stays flat whatever the number of rows: one query per page of assessments with their
organizations, their dimension scores and their answers, the scores and the answers each collected
into one JSON object per assessment by the database (correlated subqueries on the primary key and
the (assessment, question) index, so no list of ids travels back and forth).

The queries select table columns (not ORM entities: nothing enters the session)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, func, null, select

from app.extensions import db
from app.models import Answer, Assessment, AssessmentRound, DimensionScore, Invitation, Organization

BATCH_SIZE = 1000

ASSESSMENT = Assessment.__table__.c
ORGANIZATION = Organization.__table__.c
ANSWER = Answer.__table__.c
SCORE = DimensionScore.__table__.c
INVITATION = Invitation.__table__.c
ROUND = AssessmentRound.__table__.c

# The profile columns are the assessment's own (the profile it was submitted with), never the
# organization's current one; the organization gives only a sample organization's key.
ASSESSMENT_COLUMNS = (
    ASSESSMENT.id, ASSESSMENT.organization_id, ASSESSMENT.name, ASSESSMENT.country,
    ASSESSMENT.org_type, ASSESSMENT.scope, ASSESSMENT.members_band, ASSESSMENT.staff_band,
    ASSESSMENT.sme_share_band, ASSESSMENT.source, ASSESSMENT.status, ASSESSMENT.locale,
    ASSESSMENT.created_at, ASSESSMENT.submitted_at, ASSESSMENT.questionnaire_id,
    ASSESSMENT.questionnaire_version, ASSESSMENT.previous_id, ASSESSMENT.is_latest,
    ASSESSMENT.overall_score, ASSESSMENT.stage, ASSESSMENT.trust, ASSESSMENT.trust_decided_at,
    ORGANIZATION.reference_key.label("sample_key"),  # Organization.sample_key
    # The programme round whose invitation opened the assessment, if one did.
    select(INVITATION.round_id).where(INVITATION.assessment_id == ASSESSMENT.id)
    .scalar_subquery().label("round_id"),
    select(ROUND.name).join_from(Invitation.__table__, AssessmentRound.__table__)
    .where(INVITATION.assessment_id == ASSESSMENT.id).scalar_subquery().label("round_name"),
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
    scores = (_collected(SCORE.assessment_id, SCORE.dimension_id, SCORE.score, json_text=False)
              if with_scores else null())
    answers = _collected(ANSWER.assessment_id, ANSWER.question_id, ANSWER.value)
    last_id = 0
    while True:
        statement = (select(*ASSESSMENT_COLUMNS, scores.label("scores"), answers.label("answers"))
                     .join_from(Assessment.__table__, Organization.__table__)
                     .where(*conditions, ASSESSMENT.id > last_id)
                     .order_by(ASSESSMENT.id).limit(batch_size))
        rows = db.session.execute(statement).all()
        for row in rows:
            yield Record(row, _decoded(row.scores), _decoded(row.answers))
        if len(rows) < batch_size:
            return
        last_id = rows[-1].id


def _decoded(pairs: str | None) -> dict[str, Any]:
    return json.loads(pairs) if pairs else {}


def _collected(owner, key, value, json_text: bool = True):
    """One assessment's (key, value) pairs as the text of one JSON object, NULL when it has none."""
    if db.session.get_bind().dialect.name == "postgresql":
        collected = func.json_object_agg(key, value)
    else:
        collected = func.json_group_object(key, func.json(value) if json_text else value)
    return cast(select(collected).where(owner == ASSESSMENT.id).scalar_subquery(), Text)
