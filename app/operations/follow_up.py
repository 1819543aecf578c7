"""The writes a respondent makes after submitting: the read-only share link (create, revoke) and
the target scores for next time. Neither changes the submitted assessment itself."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Assessment, DimensionTarget, ShareLink
from app.models.assessment import hash_token


class NotSubmitted(Exception):
    """Share links and targets belong to submitted assessments only."""


def create_share_link(assessment: Assessment) -> str:
    """A new read-only link to the assessment's report, replacing any earlier one (which stops
    working); returns the token, shown once and stored hashed. The unique assessment id makes two
    clicks at once leave one link, the later."""
    if not assessment.is_submitted:
        raise NotSubmitted()
    for attempt in range(3):
        token = secrets.token_urlsafe(32)
        db.session.execute(delete(ShareLink).where(ShareLink.assessment_id == assessment.id))
        db.session.add(ShareLink(assessment_id=assessment.id, token_hash=hash_token(token)))
        try:
            db.session.commit()
            return token
        except IntegrityError:
            db.session.rollback()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def revoke_share_link(assessment: Assessment) -> bool:
    """Stop the assessment's share link from working; False when it had none."""
    removed = db.session.execute(delete(ShareLink).where(ShareLink.assessment_id == assessment.id))
    db.session.commit()
    return bool(removed.rowcount)


def share_link_of(assessment: Assessment) -> ShareLink | None:
    return db.session.scalar(select(ShareLink).where(ShareLink.assessment_id == assessment.id))


def find_by_share_token(token: str | None) -> Assessment | None:
    """The submitted assessment a share token opens, or None."""
    if not token or len(token) > 200:
        return None
    link = db.session.scalar(select(ShareLink).where(ShareLink.token_hash == hash_token(token)))
    if link is None or not link.assessment.is_submitted:
        return None
    return link.assessment


def targets_of(assessment: Assessment | None) -> dict[str, float]:
    if assessment is None:
        return {}
    rows = db.session.scalars(select(DimensionTarget)
                              .where(DimensionTarget.assessment_id == assessment.id))
    return {row.dimension_id: row.score for row in rows}


def set_targets(assessment: Assessment, targets: Mapping[str, float | None]) -> None:
    """Replace the assessment's targets with these (None clears a dimension's), in one
    transaction."""
    if not assessment.is_submitted:
        raise NotSubmitted()
    db.session.execute(delete(DimensionTarget).where(DimensionTarget.assessment_id == assessment.id))
    db.session.add_all(DimensionTarget(assessment_id=assessment.id, dimension_id=dimension_id,
                                       score=float(score))
                       for dimension_id, score in targets.items() if score is not None)
    db.session.commit()
