from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.time import utcnow


class Organization(db.Model):
    """A business organization: the profile answers that benchmarks group by."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    org_type: Mapped[str | None] = mapped_column(String(40), index=True)
    scope: Mapped[str | None] = mapped_column(String(40))
    members_band: Mapped[str | None] = mapped_column(String(20), index=True)
    staff_band: Mapped[str | None] = mapped_column(String(20))
    sme_share_band: Mapped[str | None] = mapped_column(String(20))
    # A reference profile's key in questionnaires/reference-profiles.yaml, else None.
    reference_key: Mapped[str | None] = mapped_column(String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessments = relationship("Assessment", back_populates="organization",
                               order_by="Assessment.created_at")
