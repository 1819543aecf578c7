from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.time import utcnow


class PeerUpload(db.Model):
    """A peer-results file an admin has previewed, waiting for the confirmation (in the database,
    so any instance can confirm what another previewed). Claimed once by the import (see
    app/operations/peer_previews.py); expired and imported ones are deleted after `expires_at`."""

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, kept in the session
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"),
                                             index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    # Set, in the import's own transaction, by the one request that imports the file.
    imported_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    imported_rows: Mapped[int | None]
