"""The staff queue's queries: submitted results waiting for staff to verify or exclude them (trust
"pending"), newest first, with the signs that help judge each one:

* other submissions started from the same address (a keyed hash of it, app.operations.assessment
  `origin_digest`), in all and within SHORT_TIME of this one;
* how long the questionnaire took, from start to submission;
* other organizations' assessments with the same name (case and outer spaces ignored), and
  whether those are trusted.

A page costs a fixed handful of queries per row shown (PAGE_SIZE at most), never one per stored
assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Assessment, AssessmentStatus, DimensionScore, Organization, Trust
from app.models.time import as_utc

SHORT_TIME = timedelta(hours=1)
NAME_MATCHES_SHOWN = 5


def _pending():
    return (Assessment.trust == Trust.PENDING.value,
            Assessment.status == AssessmentStatus.SUBMITTED.value)


@dataclass(frozen=True)
class NameMatch:
    assessment_id: int
    trust: str | None


@dataclass(frozen=True)
class Signs:
    same_address: int  # other submissions started from this address
    same_address_soon: int  # ... of which submitted within SHORT_TIME of this one
    minutes: float | None  # from start to submission
    name_matches: tuple[NameMatch, ...]  # other organizations' assessments with this name


@dataclass(frozen=True)
class PendingResult:
    assessment: Assessment
    sample_key: str | None
    scores: dict[str, float | None]
    signs: Signs


def pending_count() -> int:
    return db.session.scalar(select(func.count(Assessment.id)).where(*_pending()))


def pending_page(page: int, page_size: int) -> list[PendingResult]:
    """One page (1-based) of pending results, newest submission first."""
    rows = db.session.execute(
        select(Assessment, Organization.sample_key).join(Organization).where(*_pending())
        .order_by(Assessment.submitted_at.desc(), Assessment.id.desc())
        .limit(page_size).offset((page - 1) * page_size)).all()
    ids = [assessment.id for assessment, _key in rows]
    scores: dict[int, dict[str, float | None]] = {i: {} for i in ids}
    for assessment_id, dimension_id, score in db.session.execute(
            select(DimensionScore.assessment_id, DimensionScore.dimension_id, DimensionScore.score)
            .where(DimensionScore.assessment_id.in_(ids))):
        scores[assessment_id][dimension_id] = score
    return [PendingResult(assessment, key, scores[assessment.id], signs(assessment))
            for assessment, key in rows]


def signs(assessment: Assessment) -> Signs:
    same, soon = _same_address(assessment)
    return Signs(same, soon, _minutes(assessment.created_at, assessment.submitted_at),
                 name_matches(assessment))


def _same_address(assessment: Assessment) -> tuple[int, int]:
    if not assessment.origin:
        return 0, 0
    others = (Assessment.origin == assessment.origin, Assessment.id != assessment.id,
              Assessment.status == AssessmentStatus.SUBMITTED.value)
    same = db.session.scalar(select(func.count(Assessment.id)).where(*others))
    moment = assessment.submitted_at
    soon = db.session.scalar(select(func.count(Assessment.id)).where(
        *others, Assessment.submitted_at >= moment - SHORT_TIME,
        Assessment.submitted_at <= moment + SHORT_TIME)) if moment else 0
    return same, soon


def _minutes(started: datetime | None, submitted: datetime | None) -> float | None:
    if started is None or submitted is None:
        return None
    return (as_utc(submitted) - as_utc(started)).total_seconds() / 60


def name_matches(assessment: Assessment) -> tuple[NameMatch, ...]:
    """Submitted assessments of other organizations with the same name."""
    if not assessment.name:
        return ()
    normalized = func.lower(func.trim(Assessment.name))
    rows = db.session.execute(
        select(Assessment.id, Assessment.trust)
        .where(normalized == func.lower(func.trim(assessment.name)),
               Assessment.organization_id != assessment.organization_id,
               Assessment.status == AssessmentStatus.SUBMITTED.value)
        .order_by(Assessment.id.desc()).limit(NAME_MATCHES_SHOWN)).all()
    return tuple(NameMatch(i, trust) for i, trust in rows)
