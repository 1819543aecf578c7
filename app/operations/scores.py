"""The score snapshot of a submitted assessment: the one operation that stores it, whatever made the
assessment (a respondent's submission, the peer import, sample and synthetic data).

A snapshot is the overall score and stage on the assessment row and one `DimensionScore` row per
dimension, so benchmark SQL aggregates scores in the database; `Assessment.score_snapshot()` is
the one way to read it back. Each organization's latest submitted assessment of a questionnaire
version (by `submitted_at`) is marked `is_latest`: only that one counts among peers.

Submissions of one organization's assessments at the same moment take turns on the organization's
row (`lock_organization`: SELECT ... FOR UPDATE on PostgreSQL; on SQLite the submit's BEGIN
IMMEDIATE already holds the database), taken before the transaction writes any of the
organization's assessments: PostgreSQL's foreign-key check on a row the transaction has already
written takes a shared lock on the organization, so two submissions that each wrote first and then
asked for the row would wait for each other. With the lock taken first, siblings are never updated
by two transactions in different orders (no deadlock), and each sees the submissions committed
before it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from app.domain.questionnaire import ORGANIZATION_FIELDS
from app.domain.scoring import Score
from app.extensions import db
from app.models import Assessment, AssessmentStatus, DimensionScore, Organization, Source


def snapshot_columns(score: Score) -> dict[str, Any]:
    """The assessment row's share of the snapshot."""
    return {"overall_score": score.overall, "stage": score.stage_id}


def dimension_rows(assessment_id: int, score: Score) -> list[dict[str, Any]]:
    """The snapshot's DimensionScore rows (also what bulk loads insert)."""
    return [{"assessment_id": assessment_id, "dimension_id": d.dimension_id, "score": d.score}
            for d in score.dimensions]


def record_score(assessment: Assessment, score: Score) -> None:
    """Store the snapshot of a submitted assessment (flushed, so it has an id) and mark its
    organization's latest assessment of the version (the caller commits)."""
    db.session.execute(update(Assessment).where(Assessment.id == assessment.id)
                       .values(**snapshot_columns(score)))
    db.session.execute(insert(DimensionScore), dimension_rows(assessment.id, score))
    mark_latest(assessment)
    db.session.expire(assessment, ["overall_score", "stage", "is_latest", "dimension_scores"])


def lock_organization(organization_id: int | None) -> None:
    """Wait for, then hold, the organization's row until the transaction ends."""
    if organization_id is not None:
        db.session.execute(select(Organization.id).where(Organization.id == organization_id)
                           .with_for_update())


def mark_latest(assessment: Assessment) -> None:
    """Of the organization's submitted assessments of this version, the one submitted last (the
    higher id on a tie) is the latest; every other is not. The organization row then takes the
    profile of its most recent submitted assessment of any version. A team member's own answers
    (Source.TEAM_MEMBER) are never the organization's latest, nor its profile."""
    if assessment.source == Source.TEAM_MEMBER.value:
        return
    organization_id = assessment.organization_id
    lock_organization(organization_id)
    counted = (Assessment.organization_id == organization_id,
               Assessment.status == AssessmentStatus.SUBMITTED.value,
               Assessment.source != Source.TEAM_MEMBER.value)
    same = (*counted, Assessment.questionnaire_id == assessment.questionnaire_id,
            Assessment.questionnaire_version == assessment.questionnaire_version)
    newest_first = (Assessment.submitted_at.desc(), Assessment.id.desc())
    latest_id = db.session.scalar(select(Assessment.id).where(*same).order_by(*newest_first)
                                  .limit(1))
    db.session.execute(update(Assessment).where(*same)
                       .values(is_latest=Assessment.id == latest_id))
    profile = db.session.execute(
        select(*(getattr(Assessment, name) for name in ORGANIZATION_FIELDS))
        .where(*counted).order_by(*newest_first).limit(1)).one()
    values = dict(profile._mapping)
    values["name"] = values["name"] or ""
    db.session.execute(update(Organization).where(Organization.id == organization_id)
                       .values(**values))
