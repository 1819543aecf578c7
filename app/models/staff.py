"""Staff accounts and their signed-in sessions.

A staff member's browser session is a row here, not only a signed cookie: the cookie (and
Flask-Login's remember cookie, which holds the same value) carries a random session token whose
hash is stored, and every request looks the row up. So signing out ends that session wherever the
cookie was copied, and a password change or a deactivation ends every other session of the account.
"""

from datetime import datetime
from enum import StrEnum

from flask_login import UserMixin
from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models.time import utcnow


class Role(StrEnum):
    ADMIN = "admin"
    ANALYST = "analyst"


class StaffUser(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default=Role.ANALYST.value)
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    # The token of the session this object was loaded for (set by app.operations.accounts when
    # signing in or loading the user of a request); never stored, only its hash is.
    session_token = None

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password, method="scrypt")

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def get_id(self) -> str | None:
        """What Flask-Login keeps in the session and the remember cookie: the session's token,
        so the cookie is worth nothing once the session row is gone."""
        return self.session_token

    def __eq__(self, other):
        if isinstance(other, StaffUser):
            return self.id is not None and self.id == other.id
        return NotImplemented

    __hash__ = object.__hash__

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN


class StaffSession(db.Model):
    """One signed-in browser session of a staff member; deleting the row signs it out."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_user.id", ondelete="CASCADE"),
                                         index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
