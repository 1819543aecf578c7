"""An address a respondent asked reminders to go to (ticked "send me reminders"): the only case in
which a respondent's e-mail address is kept. Stopped (never deleted, so it is not re-added by
accident) from the link in every message that goes to it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.time import utcnow


class ReminderSubscription(db.Model):
    __table_args__ = (UniqueConstraint("assessment_id", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessment.id", ondelete="CASCADE"),
                                               index=True)
    address: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    stopped_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def active(self) -> bool:
        return self.stopped_at is None
