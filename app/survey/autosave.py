"""Answers saved as they are given: app/static/survey.js posts each answered question of a page
here (form-encoded, with the page's CSRF token and `question=<id>` for each question sent) and
shows what comes back. Answers go through the same checks and the same write as the page's
buttons (check_answers, save_answers); only the questions named are touched, so a page left open
on another device cannot blank answers given since.

Every reply is JSON with a `message` the script can show as it is (in the respondent's language)
when something was not saved: 200 all saved, 422 some answers refused (`errors`: question id to
message), 409 nothing can be saved here any more (submitted, or this browser no longer holds the
draft: `location` says where to go), 400 an expired page, 404 no such page.
"""

from __future__ import annotations

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from app.domain.answers import check_answers
from app.operations.assessment import AssessmentLocked, save_answers
from app.survey import bp, respondent
from app.survey.effort import progress
from app.survey.forms import PROFILE, page_form_class, page_questions, posted_answers
from app.survey.messages import answer_messages
from app.survey.navigation import assessment_questionnaire, results_url
from app.templating import current_locale

AUTOSAVE_ENDPOINT = "survey.autosave"
QUESTION_FIELD = "question"


def reply(status: int, **body):
    response = jsonify(body)
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response


def locked():
    return reply(409, message=_("This assessment has been submitted and can no longer be "
                                "changed."), location=results_url(respondent.token()))


def expired():
    return reply(400, message=_("This page has expired. Please reload it: answers not saved yet "
                                "are kept in this browser and offered back."))


@bp.post("/survey/<step>/autosave")
def autosave(step: str):
    assessment = respondent.load()
    if assessment is None:
        return reply(409, message=_("This browser is no longer working on this assessment. "
                                    "Open your private link to continue it."),
                     location=url_for("survey.landing"))
    if assessment.is_submitted:
        return locked()
    questionnaire = assessment_questionnaire(assessment)
    if step != PROFILE and questionnaire.dimension(step) is None:
        return reply(404, message=_("This page does not exist, or the link has expired."))
    form = page_form_class(questionnaire, step)(formdata=request.form)
    if not form.validate_on_submit():
        raise CSRFError()
    wanted = set(request.form.getlist(QUESTION_FIELD))
    questions = tuple(q for q in page_questions(questionnaire, step) if q.id in wanted)
    if not questions:
        return reply(400, message=_("The request could not be understood. Please go back and try "
                                    "again."))
    checked = check_answers(questionnaire, posted_answers(form, questions))
    try:
        save_answers(assessment, questionnaire, checked.for_draft(), step=step)
    except AssessmentLocked:
        return locked()
    refused = {qid: code for qid, code in checked.errors.items() if qid not in checked.partial}
    errors = answer_messages(questionnaire, refused, current_locale())
    done = progress(questionnaire, assessment.answer_values(), current_locale())
    body = {"saved": [q.id for q in questions if q.id not in errors], "errors": errors,
            "progress": {"share": done.share, "percent": done.percent, "left": done.left}}
    if errors:
        body["message"] = _("Some answers could not be saved: please check the questions marked.")
    return reply(422 if errors else 200, **body)
