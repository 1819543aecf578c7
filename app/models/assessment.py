import hashlib
import secrets
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.domain.provenance import REAL_SOURCES, Source, Trust
from app.domain.questionnaire import ORGANIZATION_FIELDS
from app.domain.scoring import Snapshot
from app.extensions import db
from app.models.time import utcnow

__all__ = ["REAL_SOURCES", "Answer", "Assessment", "AssessmentStatus", "DimensionScore", "Source",
           "Trust", "hash_token"]


class AssessmentStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class Assessment(db.Model):
    """One organization's pass through one questionnaire version."""

    __table_args__ = (
        Index("ix_assessment_benchmark", "questionnaire_id", "questionnaire_version", "status",
              "is_latest", "source", "trust"),
        Index("ix_assessment_trust_submitted_at", "trust", "submitted_at"),
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

    # The organization's profile as this assessment has it (ORGANIZATION_FIELDS): a draft's follows
    # its profile answers, a submitted assessment's is frozen at submission (from the answers it
    # was scored on). Peer groups, staff pages and exports read it, never the Organization row.
    name: Mapped[str | None] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    org_type: Mapped[str | None] = mapped_column(String(40))
    scope: Mapped[str | None] = mapped_column(String(40))
    members_band: Mapped[str | None] = mapped_column(String(20))
    staff_band: Mapped[str | None] = mapped_column(String(20))
    sme_share_band: Mapped[str | None] = mapped_column(String(20))

    # Whether peer statistics may count it (app.domain.provenance.Trust; None for a draft), and
    # the staff decision that set it (who, when, why), if one did.
    trust: Mapped[str | None] = mapped_column(String(20))
    trust_decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff_user.id"))
    trust_decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    trust_reason: Mapped[str | None] = mapped_column(String(500))
    # A keyed hash of the address the draft was started from (never the address itself), so the
    # staff queue can show several submissions from one address.
    origin: Mapped[str | None] = mapped_column(String(64), index=True)

    organization = relationship("Organization", back_populates="assessments")
    trust_decided_by = relationship("StaffUser")
    answers = relationship("Answer", back_populates="assessment", cascade="all, delete-orphan")
    dimension_scores = relationship("DimensionScore", back_populates="assessment",
                                    cascade="all, delete-orphan")
    previous = relationship("Assessment", remote_side=[id])

    @property
    def questionnaire_key(self) -> str:
        """The questionnaire version's key, as Questionnaire.key spells it ("digital-maturity-v1")."""
        return f"{self.questionnaire_id}-v{self.questionnaire_version}"

    @property
    def is_submitted(self) -> bool:
        return self.status == AssessmentStatus.SUBMITTED

    def issue_token(self) -> str:
        """A new private resume token; only its hash is stored."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token

    @property
    def profile(self) -> dict[str, Any]:
        """The profile this assessment has (its snapshot once submitted), by field name."""
        return {name: getattr(self, name) for name in ORGANIZATION_FIELDS}

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
