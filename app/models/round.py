"""A programme's assessment round and its invitations (app/operations/rounds.py writes both).

An invitation is one organization's personal link to the round: only the hash of its token is
stored (`token_hash`, None until a link is first issued), and the assessment it opened is kept in
`assessment_id`, unique, so an invitation opens one assessment however often and from however
many browsers it is opened. That assessment's private resume token is the invitation's token, so
the respondent's usual resume link and the invitation link are one link.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.time import utcnow


class AssessmentRound(db.Model):
    """A campaign of one questionnaire version between two dates (the closing date may be open)."""

    __tablename__ = "assessment_round"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    questionnaire_id: Mapped[str] = mapped_column(String(60))
    questionnaire_version: Mapped[int]
    opens_on: Mapped[date] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(Text)
    # A round of invented sample organizations (demo data), never a programme's real round.
    sample: Mapped[bool] = mapped_column(default=False)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff_user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    invitations = relationship("Invitation", back_populates="round",
                               order_by="Invitation.id", cascade="all, delete-orphan")

    @property
    def questionnaire_key(self) -> str:
        return f"{self.questionnaire_id}-v{self.questionnaire_version}"


class Invitation(db.Model):
    """One organization invited to a round: who to write to, its link, and how far it got."""

    __table_args__ = (UniqueConstraint("round_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("assessment_round.id", ondelete="CASCADE"),
                                          index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    # The profile as the round's list gave it: shown to staff, and the assessment's prefill.
    name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str | None] = mapped_column(String(2))
    org_type: Mapped[str | None] = mapped_column(String(40))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    locale: Mapped[str] = mapped_column(String(10))  # the language its e-mails are written in
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="SET NULL"), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    invited_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # first link
    link_issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # latest
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    round = relationship("AssessmentRound", back_populates="invitations")
    organization = relationship("Organization")
    assessment = relationship("Assessment")
