"""Error pages of the staff area inside its own layout (navigation, account, language), for a
signed-in staff member: an analyst who opens an admin page, or an assessment that does not exist,
stays in the staff area. Anyone else gets the site's error page (app/errors.py)."""

from __future__ import annotations

from flask_login import current_user
from werkzeug.exceptions import HTTPException

from app.errors import render_error
from app.staff import bp


@bp.errorhandler(403)
@bp.errorhandler(404)
def staff_error(error: HTTPException):
    if current_user.is_authenticated:
        return render_error(error.code, template="staff/error.html")
    return render_error(error.code)
