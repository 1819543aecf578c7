from flask import Blueprint

from app.extensions import db, login_manager

bp = Blueprint("auth", __name__, template_folder="templates")


@login_manager.user_loader
def load_staff_user(user_id: str):
    from app.models import StaffUser

    return db.session.get(StaffUser, int(user_id)) if user_id.isdigit() else None
