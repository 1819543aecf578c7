"""A team assessment (issue 17): the organization's assessment (the coordinator's draft, which
becomes the agreed answers) with the colleagues who answer it separately.

Each colleague's answers are an Assessment of their own (source "team_member", same organization
and questionnaire version) whose private link is the colleague's personal link: like every private
link it is stored only as that assessment's token hash. A member row names the colleague by the
role they were given, never by e-mail (an invitation's address is kept only by the outgoing
message, masked once sent).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.time import utcnow

MAX_ROLE_LENGTH = 60
MAX_NOTE_LENGTH = 1000


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # The organization's assessment: the coordinator's draft, then the agreed answers.
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the proposals were last put into the organization's answers (None: never).
    proposals_applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    assessment = relationship("Assessment")
    members = relationship("TeamMember", back_populates="team", order_by="TeamMember.id",
                           cascade="all, delete-orphan")
    notes = relationship("TeamNote", back_populates="team", cascade="all, delete-orphan")


class TeamMember(db.Model):
    __table_args__ = (UniqueConstraint("team_id", "request_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), index=True)
    # The colleague's own answers; its token hash is their personal link.
    assessment_id: Mapped[int] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), unique=True)
    role: Mapped[str] = mapped_column(String(MAX_ROLE_LENGTH))
    is_coordinator: Mapped[bool] = mapped_column(default=False)
    # The invitation form's one-time id: a double click invites once.
    request_key: Mapped[str | None] = mapped_column(String(64))
    invited_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    team = relationship("Team", back_populates="members")
    assessment = relationship("Assessment")


class TeamNote(db.Model):
    """Why the team agreed an answer: one optional note per question."""

    __table_args__ = (UniqueConstraint("team_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(String(MAX_NOTE_LENGTH))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    team = relationship("Team", back_populates="notes")
