from datetime import datetime

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.time import utcnow


class Organization(db.Model):
    """A business organization: what its assessments have in common.

    The profile columns hold the profile of its most recently submitted assessment (updated when
    a newer one is submitted, app.operations.scores); a draft never writes them. Pages, peer groups
    and exports read each assessment's own profile (Assessment.name, .country, ...), so nothing
    here changes what an earlier submitted assessment shows. The peer import matches organizations
    by this name and country.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), default="")
    country: Mapped[str | None] = mapped_column(String(2), index=True)
    org_type: Mapped[str | None] = mapped_column(String(40), index=True)
    scope: Mapped[str | None] = mapped_column(String(40))
    members_band: Mapped[str | None] = mapped_column(String(20), index=True)
    staff_band: Mapped[str | None] = mapped_column(String(20))
    sme_share_band: Mapped[str | None] = mapped_column(String(20))
    # An invented sample organization's key (app.domain.samples.SampleKey), else None: its name is
    # built in the reader's language from the key. Stored in the column that held a reference
    # profile's key before issue 11 (renaming it would make SQLite rebuild a table other rows
    # point at); the migration replaced those keys and the real names with pseudonyms.
    sample_key: Mapped[str | None] = mapped_column("reference_key", String(60), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    assessments = relationship("Assessment", back_populates="organization",
                               order_by="Assessment.created_at")
