"""Sign-in, sign-out and the password of staff members.

Sign-in attempts are limited twice, through Flask-Limiter (shared by every worker and instance in
Redis when REDIS_URL is set):

- per account, from any address: every attempt counts, and it is counted *before* the password is
  checked (Flask-Limiter's atomic hit), so a burst of parallel attempts gets no more password checks
  than the limit, and guessing from many addresses gets no more than from one;
- per address: failed attempts only (one office signing in many people is not a flood).
"""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import bp, session_lifetime
from app.auth.forms import LanguageForm, LoginForm, LogoutForm, PasswordForm
from app.extensions import limiter
from app.next_url import safe_next
from app.operations.accounts import (
    MIN_PASSWORD_LENGTH,
    AccountError,
    end_session,
    find_account,
    normalise_email,
    open_session,
    set_locale,
    set_password,
)

ACCOUNT_LIMIT = "5/minute;20/hour"
ADDRESS_LIMIT = "20/hour"

_dummy_hash: list[str] = []


def _account_key() -> str:
    """Rate-limit key of one account, whichever address tries it."""
    return "account:" + normalise_email(request.form.get("email") or "")[:254]


def _user_key() -> str:
    """Rate-limit key of the signed-in account (checked before login_required runs)."""
    return f"user:{getattr(current_user, 'id', None)}"


def _failed(response) -> bool:
    """Only failed attempts count against the address limit; a successful sign-in redirects."""
    return response.status_code != 302


def _password_matches(user, password: str) -> bool:
    """Check the password, spending the same time when there is no such account, so the answer's
    delay does not tell which e-mail addresses exist."""
    if user is None:
        if not _dummy_hash:
            _dummy_hash.append(generate_password_hash("no account", method="scrypt"))
        check_password_hash(_dummy_hash[0], password)
        return False
    return user.check_password(password)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(ACCOUNT_LIMIT, key_func=_account_key, methods=["POST"], scope="login-account")
@limiter.limit(ADDRESS_LIMIT, key_func=get_remote_address, methods=["POST"], deduct_when=_failed,
               scope="login-address")
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("staff.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_account(form.email.data)
        if _password_matches(user, form.password.data) and user.active:
            session.clear()
            open_session(user, session_lifetime())
            login_user(user)
            if user.locale in current_app.config["LANGUAGES"]:
                session["locale"] = user.locale
            return redirect(target or url_for("staff.dashboard"))
        form.password.errors.append(_("Wrong e-mail or password, or the account is not active."))
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    """Ends this session on the server, so a copy of its cookie is worth nothing afterwards."""
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        end_session(current_user.get_id())
        logout_user()
        session.clear()
        flash(_("You have signed out."))
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
@limiter.limit("5/minute", key_func=_user_key, methods=["POST"], scope="password-change")
def password():
    """A staff member's own password; every other session of the account ends with the change."""
    form = PasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("This is not your current password."))
        else:
            try:
                set_password(current_user, form.password.data, keep_session=current_user.get_id())
            except AccountError as error:
                form.password.errors.append(
                    _("The password needs at least %(count)d characters.",
                      count=MIN_PASSWORD_LENGTH) if error.code == "password_short"
                    else _("The password is too long."))
            else:
                flash(_("Password changed. Your other sessions have been signed out."))
                return redirect(url_for("staff.dashboard"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status


@bp.route("/language", methods=["POST"])
@login_required
def language():
    """A staff member's language: kept on the account and used from now on."""
    form = LanguageForm()
    if form.validate_on_submit():
        set_locale(current_user, form.locale.data)
        session["locale"] = form.locale.data
    return redirect(safe_next(request.form.get("next")) or url_for("staff.dashboard"))
