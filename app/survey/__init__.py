from flask import Blueprint

bp = Blueprint("survey", __name__, template_folder="templates")

from app.survey import routes  # noqa: E402,F401
