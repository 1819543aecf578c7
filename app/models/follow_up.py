"""What a respondent adds to a submitted assessment without changing it: a read-only share link
for the board, and target scores for next time."""

from datetime import datetime

from sqlalchemy import DateTime, Float, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.time import utcnow


class ShareLink(db.Model):
    """The one read-only link to a submitted assessment's report (at most one per assessment: a
    new one replaces it). Only the token's hash is stored (app.models.assessment.hash_token)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessment = relationship("Assessment")


class DimensionTarget(db.Model):
    """The score a respondent aims for in one dimension at the next assessment."""

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    dimension_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    score: Mapped[float] = mapped_column(Float)
    set_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
