from datetime import timedelta

from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l

from app.extensions import login_manager

bp = Blueprint("auth", __name__, template_folder="templates")

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.session_protection = "strong"


def session_lifetime() -> timedelta:
    """How long a staff session lasts after signing in, whatever its cookie says."""
    return timedelta(hours=float(current_app.config["STAFF_SESSION_HOURS"]))


@login_manager.user_loader
def load_staff_user(session_token: str):
    """The account of a live session: signed out, ended or expired sessions, and deactivated
    accounts, load nobody (from the session cookie and the remember cookie alike)."""
    from app.operations.accounts import session_user

    return session_user(session_token, session_lifetime())


from app.auth import routes  # noqa: E402,F401  (routes attach themselves to bp)


@bp.context_processor
def staff_layout_helpers():
    """The sign-in and password pages extend the staff layout, which reads the staff helpers."""
    from app.staff.routes import staff_helpers

    return staff_helpers()
