from flask import Blueprint
from flask_babel import lazy_gettext as _l

from app.extensions import db, login_manager

bp = Blueprint("auth", __name__, template_folder="templates")

login_manager.login_view = "auth.login"
login_manager.login_message = _l("Please sign in to open this page.")
login_manager.session_protection = "strong"


@login_manager.user_loader
def load_staff_user(user_id: str):
    from app.models import StaffUser

    user = db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
    # A deactivated account's open sessions end with its next request.
    return user if user is not None and user.active else None


from app.auth import routes  # noqa: E402,F401  (routes attach themselves to bp)
