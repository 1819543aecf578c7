"""The respondent's pages: landing, organization profile, one page per dimension, review, submit,
resume by private link, and the language switch."""

from __future__ import annotations

from typing import Any

from flask import (
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

from app.domain.answers import check_answers
from app.domain.questionnaire import Questionnaire
from app.errors import render_error
from app.extensions import limiter
from app.next_url import safe_next
from app.operations.assessment import (
    AssessmentLocked,
    IncompleteAssessment,
    find_by_token,
    save_answers,
    start_assessment,
    submit_assessment,
)
from app.questionnaires import active_questionnaire, library, stated_minutes
from app.survey import bp, respondent
from app.survey.forms import (
    PROFILE,
    REVIEW,
    SubmitForm,
    page_form_class,
    page_questions,
    posted_answers,
)
from app.survey.messages import answer_error
from app.survey.pages import page_view, rendered_questions
from app.survey.review import review_sections
from app.survey.steps import (
    missing_on_page,
    neighbour,
    progress,
    step_ids,
    step_states,
)
from app.templating import current_locale

STEP_TITLES = {PROFILE: _l("Your organization"), REVIEW: _l("Review and submit")}
# New assessments per address (Flask-Limiter, Redis when REDIS_URL is set): far more than one
# organization needs, far fewer than a flood of made-up submissions.
START_LIMIT = "10 per hour;30 per day"
PAGE_ENDPOINTS = ("survey.profile", "survey.page")


FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


@bp.before_request
def accept_forms_only() -> None:
    """Only form posts reach the views: another body (JSON, say) would read as a page with every
    answer blank and clear them."""
    if request.method == "POST" and request.mimetype and request.mimetype not in FORM_TYPES:
        abort(400)
    respondent.load()
    respondent.keep_alive()


# -- helpers --------------------------------------------------------------------------------------
def assessment_questionnaire(assessment) -> Questionnaire:
    """The questionnaire version an assessment was started on (the active one for new ones)."""
    if assessment is None:
        return active_questionnaire()
    found = library().get(assessment.questionnaire_id, assessment.questionnaire_version)
    if found is None:
        abort(404)
    return found


def results_url(token: str | None) -> str:
    """The results page of the submitted assessment."""
    return url_for("results.show", token=token) if token else url_for("survey.landing")


@bp.app_template_global("survey_step_url")
def step_url(step: str | None) -> str:
    if step == REVIEW:
        return url_for("survey.review")
    if step in (None, PROFILE):
        return url_for("survey.profile")
    return url_for("survey.page", step=step)


def require_draft():
    """The session's draft, or a redirect: to the landing page without one, to the results once
    submitted."""
    assessment = respondent.load()
    if assessment is None:
        flash(_("Please start the assessment, or open your private link to continue it."), "info")
        return None, redirect(url_for("survey.landing"))
    if assessment.is_submitted:
        flash(_("This assessment has been submitted and can no longer be changed."), "info")
        return None, redirect(results_url(respondent.token()), 303)
    return assessment, None


def messages_for(questionnaire, codes: dict[str, str]) -> dict[str, str]:
    locale = current_locale()
    return {qid: answer_error(questionnaire.question(qid), code, locale)
            for qid, code in codes.items()}


def render_page(questionnaire, step: str, values: dict[str, Any], errors: dict[str, str],
                status: int = 200, notice: str | None = None):
    """A profile or dimension page, showing `values` (saved or just posted) and `errors`."""
    assessment = respondent.load()
    saved = assessment.answer_values() if assessment is not None else {}
    page = page_view(questionnaire, step, current_locale())
    return render_template(
        "survey/page.html", questionnaire=questionnaire, step=step,
        dimension=questionnaire.dimension(step),
        page_questions=page, rendered_questions=rendered_questions(page, values, errors),
        errors=errors, notice=notice,
        steps=step_states(questionnaire, saved, STEP_TITLES, current_locale()),
        progress=progress(questionnaire, saved), assessment=assessment,
        token=respondent.token(), resume_open=respondent.just_started(),
        previous_step=None if step == PROFILE else neighbour(questionnaire, step, -1),
    ), status


def action() -> tuple[str, str | None]:
    """Which button left the page: ("language", code), ("goto", step), ("back"|"next", None)."""
    if request.form.get("switch_language"):
        return "language", request.form["switch_language"]
    if request.form.get("goto"):
        return "goto", request.form["goto"]
    return ("back" if request.form.get("direction") == "back" else "next"), None


def destination(questionnaire, step: str, kind: str, target: str | None) -> str:
    if kind == "goto" and target in step_ids(questionnaire):
        return target
    return neighbour(questionnaire, step, -1 if kind == "back" else 1)


# -- pages ----------------------------------------------------------------------------------------
@bp.route("/")
def landing():
    questionnaire = active_questionnaire()
    assessment = respondent.load()
    return render_template(
        "survey/landing.html", questionnaire=questionnaire, assessment=assessment,
        minutes=stated_minutes(questionnaire, current_locale()),
        threshold=current_app.config["ANONYMITY_THRESHOLD"],
        results_link=results_url(respondent.token()) if assessment is not None else None)


@bp.post("/language")
def language():
    respondent.choose_language(request.form.get("locale", ""))
    return redirect(safe_next(request.form.get("next")) or url_for("survey.landing"), 303)


@bp.post("/survey/new")
def new():
    """Leave the session's assessment (its private link still opens it) and start another."""
    respondent.forget()
    return redirect(url_for("survey.profile"), 303)


def _continuing() -> bool:
    """Saving a draft the session already has is never limited; only starting one is."""
    return respondent.load() is not None


def _started(_response) -> bool:
    return bool(g.get("assessment_started"))


@bp.route("/survey/profile", methods=["GET", "POST"])
@limiter.limit(START_LIMIT, methods=["POST"], exempt_when=_continuing, deduct_when=_started,
               scope="start-assessment")
def profile():
    assessment = respondent.load()
    if assessment is not None and assessment.is_submitted:
        return require_draft()[1]
    questionnaire = assessment_questionnaire(assessment)
    if request.method == "GET":
        saved = assessment.answer_values() if assessment is not None else {}
        return render_page(questionnaire, PROFILE, saved, {})
    return save_profile(questionnaire, assessment)


def save_profile(questionnaire, assessment):
    """Required profile answers must be valid to move on; the draft is created only then. A
    language switch keeps what was typed (saved once the draft exists) and shows only answers that
    cannot be accepted, not the ones still missing."""
    form = page_form_class(questionnaire, PROFILE)(formdata=request.form)
    if not form.validate_on_submit():
        raise CSRFError()
    answers = posted_answers(form, questionnaire.profile_questions)
    kind, target = action()
    if kind == "language":
        respondent.choose_language(target)
    checked = check_answers(questionnaire, answers)
    codes = dict(checked.errors)
    if kind != "language":
        codes.update({q.id: "required" for q in missing_on_page(questionnaire, PROFILE, answers)
                      if q.id not in codes})
    moving = kind != "language" and not codes
    if assessment is None and not moving:
        shown = {} if kind == "language" else messages_for(questionnaire, codes)
        return render_page(questionnaire, PROFILE, answers, shown, 422 if shown else 200)
    if assessment is None:
        assessment, token = start_assessment(questionnaire, current_locale(),
                                             address=request.remote_addr)
        g.assessment_started = True
        respondent.remember(assessment, token, just_started=True)
        flash(_("Your assessment has been created. Keep your private link to come back to it."),
              "success")
    save_answers(assessment, questionnaire, checked,
                 step=destination(questionnaire, PROFILE, kind, target) if moving else PROFILE)
    if moving:
        return redirect(step_url(assessment.current_step), 303)
    return render_page(questionnaire, PROFILE, answers, messages_for(questionnaire, codes),
                       422 if codes else 200)


@bp.route("/survey/<step>", methods=["GET", "POST"])
def page(step: str):
    assessment, leave = require_draft()
    if leave:
        return leave
    questionnaire = assessment_questionnaire(assessment)
    if questionnaire.dimension(step) is None:
        abort(404)
    if request.method == "GET":
        return render_page(questionnaire, step, assessment.answer_values(), {})
    return save_page(questionnaire, assessment, step)


def save_page(questionnaire, assessment, step: str):
    form = page_form_class(questionnaire, step)(formdata=request.form)
    if not form.validate_on_submit():
        raise CSRFError()
    questions = page_questions(questionnaire, step)
    answers = posted_answers(form, questions)
    kind, target = action()
    checked = check_answers(questionnaire, answers)
    codes = dict(checked.errors)
    moving = kind != "language" and not codes
    next_step = destination(questionnaire, step, kind, target) if moving else step
    save_answers(assessment, questionnaire, checked, step=next_step)
    if kind == "language":
        respondent.choose_language(target)
    if codes:
        return render_page(questionnaire, step, answers, messages_for(questionnaire, codes), 422)
    if kind == "language":
        return redirect(step_url(step), 303)
    missing = missing_on_page(questionnaire, step, answers)
    if missing and kind != "back":
        flash(_("Required questions without an answer on “%(page)s”: %(count)d. You can continue "
                "and come back to them before you submit.",
                count=len(missing), page=questionnaire.dimension(step).title(current_locale())),
              "note")
    return redirect(step_url(next_step), 303)


@bp.get("/survey/review")
def review():
    assessment, leave = require_draft()
    if leave:
        return leave
    return render_review(assessment_questionnaire(assessment), assessment)


def render_review(questionnaire, assessment, status: int = 200, notice: str | None = None):
    answers = assessment.answer_values()
    return render_template(
        "survey/review.html", questionnaire=questionnaire, assessment=assessment,
        sections=review_sections(questionnaire, answers, STEP_TITLES[PROFILE], current_locale()),
        missing=questionnaire.missing_required(answers), notice=notice,
        steps=step_states(questionnaire, answers, STEP_TITLES, current_locale()),
        progress=progress(questionnaire, answers), token=respondent.token(), step=REVIEW,
        language_next=url_for("survey.review"),
    ), status


@bp.post("/survey/submit")
def submit():
    assessment = respondent.load()
    if assessment is None:
        return require_draft()[1]
    questionnaire = assessment_questionnaire(assessment)
    if not SubmitForm(formdata=request.form).validate_on_submit():
        raise CSRFError()
    try:
        submit_assessment(assessment, questionnaire)
    except IncompleteAssessment:
        return render_review(questionnaire, assessment, 422,
                             _("Please answer every required question before submitting."))
    return redirect(results_url(respondent.token()), 303)


@bp.get("/resume/<token>")
def resume(token: str):
    assessment = find_by_token(token, current_app.config["DRAFT_LIFETIME_DAYS"])
    if assessment is None:
        return render_template("survey/resume_not_found.html"), 404
    respondent.remember(assessment, token)
    if assessment.is_submitted:
        return redirect(results_url(token), 303)
    return redirect(step_url(assessment.current_step), 303)


# -- errors ---------------------------------------------------------------------------------------
@bp.errorhandler(AssessmentLocked)
def locked(error: AssessmentLocked):
    flash(_("This assessment has been submitted and can no longer be changed."), "info")
    return redirect(results_url(respondent.token()), 303)


@bp.errorhandler(CSRFError)
def csrf_failed(error: CSRFError):
    """An expired or missing form token: show the page again with what was typed (nothing was
    saved) so one more click sends it safely."""
    notice = _("For your security this page had expired, so your answers were not saved yet. "
               "Please check them and press the button again.")
    assessment = respondent.load()
    if request.endpoint in PAGE_ENDPOINTS and not (assessment and assessment.is_submitted):
        questionnaire = assessment_questionnaire(assessment)
        step = request.view_args.get("step", PROFILE) if request.view_args else PROFILE
        if step != PROFILE and (assessment is None or questionnaire.dimension(step) is None):
            return require_draft()[1] if assessment is None else render_error(404)
        form = page_form_class(questionnaire, step)(formdata=request.form, meta={"csrf": False})
        values = posted_answers(form, page_questions(questionnaire, step))
        return render_page(questionnaire, step, values, {}, 400, notice)
    if request.endpoint == "survey.submit" and assessment is not None and not assessment.is_submitted:
        return render_review(assessment_questionnaire(assessment), assessment, 400, notice)
    flash(_("For your security the page had expired. Please try again."), "info")
    return redirect(url_for("survey.landing"), 303)
