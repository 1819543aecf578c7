"""The writes on staff accounts and their sessions, shared by the `flask users` commands, the sign-in
pages and the admin pages, so all apply the same rules: one normalised e-mail per account, a minimum
password length, known roles, at least one active admin whatever runs at the same time, and a
session that ends for good when it is signed out, its password changes or its account is
deactivated."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlalchemy import ColumnElement, delete, false, func, or_, select, update
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import StaffSession, StaffUser
from app.models.assessment import hash_token
from app.models.staff import Role
from app.models.time import as_utc, utcnow

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ROLES = tuple(role.value for role in Role)
MAX_TOKEN_LENGTH = 100


class AccountError(ValueError):
    """A change to a staff account that the rules refuse. `code` is one of: email, duplicate,
    password_short, password_long, role, not_found, self, last_admin."""

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


# -- changes that could leave no admin ------------------------------------------------------------

def set_role(user: StaffUser, role: str) -> None:
    """Change the role; demoting the last active admin is refused (AccountError "last_admin")."""
    check_role(role)
    if role == Role.ADMIN:
        user.role = role
        db.session.commit()
        return
    _change_keeping_an_admin(user, role=role)
    db.session.commit()
    db.session.refresh(user)


def deactivate(user: StaffUser, acting: StaffUser | None = None) -> None:
    """Deactivate an account and end all its sessions; an admin can never lock themself out this
    way, and the last active admin cannot be deactivated."""
    if acting is not None and acting.id == user.id:
        raise AccountError("self")
    _change_keeping_an_admin(user, active=False)
    db.session.execute(delete(StaffSession).where(StaffSession.user_id == user.id))
    db.session.commit()
    db.session.refresh(user)


def _change_keeping_an_admin(user: StaffUser, **values) -> None:
    """Write `values` to the account (the caller commits) unless it is an active admin and no
    other one remains.

    The check is in the UPDATE itself, and on PostgreSQL every active admin's row is locked
    first, in id order: two admins demoting each other at once are then serialised, and the
    second sees the first's change and is refused. SQLite runs one writer at a time, so the
    single statement is enough there."""
    db.session.execute(select(StaffUser.id).where(StaffUser.role == Role.ADMIN.value,
                                                  StaffUser.active)
                       .order_by(StaffUser.id).with_for_update())
    changed = db.session.execute(
        update(StaffUser).where(StaffUser.id == user.id, _leaves_an_admin(user.id))
        .values(**values).execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        db.session.rollback()
        raise AccountError("last_admin")


def _leaves_an_admin(user_id: int) -> ColumnElement[bool]:
    """True for a row that is not an active admin, or while another active admin exists."""
    other = aliased(StaffUser)
    others = (select(func.count()).select_from(other)
              .where(other.role == Role.ADMIN.value, other.active, other.id != user_id)
              .scalar_subquery())
    return or_(StaffUser.role != Role.ADMIN.value, StaffUser.active == false(), others > 0)


# -- passwords and sessions -----------------------------------------------------------------------

def set_password(user: StaffUser, password: str, keep_session: str | None = None) -> None:
    """Set a new password and end every session of the account but `keep_session` (the token of
    the session that asked, when a person changes their own password)."""
    check_password_rules(password)
    user.set_password(password)
    ended = delete(StaffSession).where(StaffSession.user_id == user.id)
    if keep_session:
        ended = ended.where(StaffSession.token_hash != hash_token(keep_session))
    db.session.execute(ended)
    db.session.commit()


def set_locale(user: StaffUser, locale: str) -> None:
    """The language of the staff pages for this person, kept on the account."""
    user.locale = locale
    db.session.commit()


def open_session(user: StaffUser, lifetime: timedelta) -> str:
    """A new signed-in session for the account; returns its token (kept only as a hash) and
    attaches it to `user`, so Flask-Login stores it. Every session past `lifetime` (anyone's: most
    are never signed out) is deleted."""
    token = secrets.token_urlsafe(32)
    db.session.execute(delete(StaffSession).where(StaffSession.created_at < utcnow() - lifetime))
    db.session.add(StaffSession(user_id=user.id, token_hash=hash_token(token)))
    db.session.commit()
    user.session_token = token
    return token


def session_user(token: str | None, lifetime: timedelta) -> StaffUser | None:
    """The active account whose session this token is, or None (signed out, ended by a password
    change or deactivation, older than `lifetime`, or never issued)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    found = db.session.execute(
        select(StaffUser, StaffSession.created_at)
        .join(StaffSession, StaffSession.user_id == StaffUser.id)
        .where(StaffSession.token_hash == hash_token(token))).first()
    if found is None:
        return None
    user, created_at = found
    if not user.active or as_utc(created_at) < utcnow() - lifetime:
        return None
    user.session_token = token
    return user


def end_session(token: str | None) -> None:
    """Sign one session out, everywhere its cookie was copied."""
    if token:
        db.session.execute(delete(StaffSession).where(StaffSession.token_hash == hash_token(token)))
        db.session.commit()


def all_accounts() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))
