import hashlib
import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.scoring import Snapshot
from app.extensions import db
from app.models.time import utcnow


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Source(StrEnum):
    """Where an assessment's answers come from; benchmarks use this to keep data honest."""

    RESPONDENT = "respondent"  # filled on this platform
    VERIFIED = "verified"  # real peer results imported by staff
    SAMPLE = "sample"  # illustrative answers of a reference profile, not real
    SYNTHETIC = "synthetic"  # generated for load and benchmark work


REAL_SOURCES = (Source.RESPONDENT.value, Source.VERIFIED.value)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Assessment(db.Model):
    """One organization's pass through one questionnaire version."""

    __table_args__ = (
        Index("ix_assessment_benchmark", "questionnaire_id", "questionnaire_version", "status",
              "is_latest", "source"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    questionnaire_id: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[int]
    locale: Mapped[str] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default=AssessmentStatus.DRAFT.value)
    source: Mapped[str] = mapped_column(String(20), default=Source.RESPONDENT.value)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    current_step: Mapped[str | None] = mapped_column(String(60))
    previous_id: Mapped[int | None] = mapped_column(ForeignKey("assessment.id"))
    # True for the organization's most recent submitted assessment of its questionnaire version.
    is_latest: Mapped[bool] = mapped_column(default=False)
    overall_score: Mapped[float | None] = mapped_column(Float)
    stage: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    organization = relationship("Organization", back_populates="assessments")
    answers = relationship("Answer", back_populates="assessment", cascade="all, delete-orphan")
    dimension_scores = relationship("DimensionScore", back_populates="assessment",
                                    cascade="all, delete-orphan")
    previous = relationship("Assessment", remote_side=[id])

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED

    def issue_token(self) -> str:
        """A new private resume token; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    def answer_values(self) -> dict[str, Any]:
        return {a.question_id: a.value for a in self.answers}

    def score_snapshot(self) -> Snapshot | None:
        """The scores stored when it was submitted (app/operations/scores.py), None for a draft."""
        if not self.is_submitted:
            return None
        return Snapshot(self.overall_score, self.stage,
                        {d.dimension_id: d.score for d in self.dimension_scores},
                        self.questionnaire_version)


class Answer(db.Model):
    __table_args__ = (UniqueConstraint("assessment_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    assessment = relationship("Assessment", back_populates="answers")


class DimensionScore(db.Model):
    """A submitted assessment's score in one dimension: one row each, so SQL can aggregate."""

    __table_args__ = (Index("ix_dimension_score_dimension_score", "dimension_id", "score"),)

    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), primary_key=True)
    dimension_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    score: Mapped[float | None] = mapped_column(Float)

    assessment = relationship("Assessment", back_populates="dimension_scores")
