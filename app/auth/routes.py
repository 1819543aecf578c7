"""Sign-in and sign-out of staff members."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth import bp
from app.auth.forms import LanguageForm, LoginForm, LogoutForm
from app.extensions import limiter
from app.next_url import safe_next
from app.operations.accounts import find_account, set_locale

_dummy_hash: list[str] = []


def _account_key() -> str:
    """Rate-limit key of one account tried from one address."""
    email = (request.form.get("email") or "").strip().lower()[:254]
    return f"{email}|{get_remote_address()}"


def _failed(response) -> bool:
    """Only failed attempts count against the limits; a successful sign-in redirects."""
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
@limiter.limit("5/minute", key_func=_account_key, methods=["POST"], deduct_when=_failed,
               scope="login-account")
@limiter.limit("20/hour", methods=["POST"], deduct_when=_failed, scope="login-address")
def login():
    target = safe_next(request.args.get("next"))
    if current_user.is_authenticated:
        return redirect(target or url_for("staff.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        user = find_account(form.email.data)
        if _password_matches(user, form.password.data) and user.active:
            session.clear()
            login_user(user)
            if user.locale in current_app.config["LANGUAGES"]:
                session["locale"] = user.locale
            return redirect(target or url_for("staff.dashboard"))
        form.password.errors.append(_("Wrong e-mail or password, or the account is not active."))
        return render_template("auth/login.html", form=form), 401
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    form = LogoutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        logout_user()
        session.clear()
        flash(_("You have signed out."))
    return redirect(url_for("auth.login"))


@bp.route("/language", methods=["POST"])
@login_required
def language():
    """A staff member's language: kept on the account and used from now on."""
    form = LanguageForm()
    if form.validate_on_submit():
        set_locale(current_user, form.locale.data)
        session["locale"] = form.locale.data
    return redirect(safe_next(request.form.get("next")) or url_for("staff.dashboard"))
