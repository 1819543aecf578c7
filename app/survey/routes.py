from flask import render_template

from app.questionnaires import active_questionnaire
from app.survey import bp


@bp.route("/")
def landing():
    return render_template("survey/landing.html", questionnaire=active_questionnaire())
