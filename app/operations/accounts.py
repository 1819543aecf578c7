"""The writes on staff accounts, shared by the `flask users` commands and the admin pages, so both
apply the same rules (one normalised e-mail per account, a minimum password length, known roles)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from app.extensions import db
from app.models import StaffUser
from app.models.staff import Role

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLES = tuple(role.value for role in Role)


class AccountError(ValueError):
    """A change to a staff account that the rules refuse. `code` is one of: email, duplicate,
    password_short, password_long, role, not_found, self."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_account(email: str) -> StaffUser | None:
    return db.session.scalar(select(StaffUser).where(
        func.lower(StaffUser.email) == normalise_email(email)))


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise AccountError("password_short")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise AccountError("password_long")


def check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError("role")


def create_account(email: str, password: str, role: str, locale: str | None = None) -> StaffUser:
    email = normalise_email(email)
    if not EMAIL_PATTERN.match(email) or len(email) > 254:
        raise AccountError("email")
    check_role(role)
    check_password_rules(password)
    if find_account(email) is not None:
        raise AccountError("duplicate")
    user = StaffUser(email=email, role=role, locale=locale, active=True)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


def set_role(user: StaffUser, role: str) -> None:
    check_role(role)
    user.role = role
    db.session.commit()


def set_password(user: StaffUser, password: str) -> None:
    check_password_rules(password)
    user.set_password(password)
    db.session.commit()


def set_locale(user: StaffUser, locale: str) -> None:
    """The language of the staff pages for this person, kept on the account."""
    user.locale = locale
    db.session.commit()


def deactivate(user: StaffUser, acting: StaffUser | None = None) -> None:
    """Deactivate an account; an admin can never lock themself out this way."""
    if acting is not None and acting.id == user.id:
        raise AccountError("self")
    user.active = False
    db.session.commit()


def all_accounts() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))
