"""The respondent's pages: landing, organization profile, one page per dimension, review, submit,
and the language switch. Answers saved as they are given: autosave.py; the private link:
resume.py; the privacy notice and the footer: about.py."""

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
from flask_babel import ngettext
from flask_wtf.csrf import CSRFError

from app.domain.answers import check_answers
from app.domain.rounds import RoundState
from app.errors import render_error
from app.extensions import limiter
from app.next_url import safe_next
from app.operations.assessment import (
    AssessmentLocked,
    IncompleteAssessment,
    save_answers,
    start_assessment,
    submit_assessment,
)
from app.operations.rounds import round_of, submission_trust
from app.questionnaires import active_questionnaire
from app.survey import autosave, bp, respondent
from app.survey.autosave import AUTOSAVE_ENDPOINT
from app.survey.effort import effort, progress, summary
from app.survey.forms import (
    PROFILE,
    REVIEW,
    SubmitForm,
    page_form_class,
    page_questions,
    posted_answers,
)
from app.survey.messages import answer_messages
from app.survey.navigation import (
    RETURN_TO_REVIEW,
    assessment_questionnaire,
    require_draft,
    results_url,
    step_url,
)
from app.survey.pages import page_view, page_words, rendered_questions
from app.survey.review import review_sections, to_finish
from app.survey.steps import missing_on_page, neighbour, step_ids, step_states
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
def messages_for(questionnaire, codes: dict[str, str]) -> dict[str, str]:
    return answer_messages(questionnaire, codes, current_locale())


def returning_to_review() -> bool:
    """The page was opened from the review page (?return=review, carried by its form)."""
    return request.values.get("return") == RETURN_TO_REVIEW


def render_page(questionnaire, step: str, values: dict[str, Any], errors: dict[str, str],
                status: int = 200, notice: str | None = None):
    """A profile or dimension page, showing `values` (saved or just posted) and `errors`."""
    assessment = respondent.load()
    saved = assessment.answer_values() if assessment is not None else {}
    locale = current_locale()
    page = page_view(questionnaire, step, locale)
    return render_template(
        "survey/page.html", questionnaire=questionnaire, step=step,
        dimension=questionnaire.dimension(step),
        page_questions=page, rendered_questions=rendered_questions(page, values, errors),
        errors=errors, notice=notice,
        steps=step_states(questionnaire, saved, STEP_TITLES, locale),
        summary=summary(questionnaire, locale), progress=progress(questionnaire, saved, locale),
        assessment=assessment, token=respondent.token(), resume_open=respondent.just_started(),
        returning=returning_to_review(), words=page_words(locale),
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
    if kind == "next" and returning_to_review():
        return REVIEW
    return neighbour(questionnaire, step, -1 if kind == "back" else 1)


# -- pages ----------------------------------------------------------------------------------------
@bp.route("/")
def landing():
    questionnaire = active_questionnaire()
    assessment = respondent.load()
    return render_template(
        "survey/landing.html", questionnaire=questionnaire, assessment=assessment,
        effort=effort(questionnaire, current_locale()),
        summary=summary(questionnaire, current_locale()), threshold=current_app.config["ANONYMITY_THRESHOLD"],
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
        flash(_("Your assessment has been created. Your private link to come back to it is at "
                "the end of each page: keep it."), "success")
    save_answers(assessment, questionnaire, checked.for_draft(),
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
    save_answers(assessment, questionnaire, checked.for_draft(), step=next_step)
    if kind == "language":
        respondent.choose_language(target)
    if codes:
        return render_page(questionnaire, step, answers, messages_for(questionnaire, codes), 422)
    if kind == "language":
        return redirect(step_url(step, returning_to_review()), 303)
    missing = missing_on_page(questionnaire, step, answers)
    if missing and kind != "back":
        flash(ngettext(
            "“%(page)s” has %(num)d required question without an answer. You can continue and "
            "come back to it before you submit.",
            "“%(page)s” has %(num)d required questions without an answer. You can continue and "
            "come back to them before you submit.",
            len(missing), page=questionnaire.dimension(step).title(current_locale())), "note")
    return redirect(step_url(next_step), 303)


@bp.get("/survey/review")
def review():
    assessment, leave = require_draft()
    if leave:
        return leave
    return render_review(assessment_questionnaire(assessment), assessment)


def render_review(questionnaire, assessment, status: int = 200, notice: str | None = None):
    answers = assessment.answer_values()
    locale = current_locale()
    sections = review_sections(questionnaire, answers, STEP_TITLES[PROFILE], locale)
    invited_round, round_state = round_of(assessment.id) or (None, None)
    return render_template(
        "survey/review.html", questionnaire=questionnaire, assessment=assessment,
        sections=sections, to_finish=to_finish(sections), notice=notice,
        invited_round=invited_round, round_state=round_state and round_state.value,
        round_open=round_state in (None, RoundState.OPEN),
        steps=step_states(questionnaire, answers, STEP_TITLES, locale),
        summary=summary(questionnaire, locale), progress=progress(questionnaire, answers, locale),
        words=page_words(locale), token=respondent.token(), step=REVIEW,
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
    # A round's invitation: trusted, and refused once the round is closed (invitation.py's page).
    trust = None if assessment.is_submitted else submission_trust(assessment)
    if not assessment.is_submitted and questionnaire.partial_answers(assessment.answer_values()):
        return render_review(questionnaire, assessment, 422,
                             _("Please finish or clear every table you have begun before "
                               "submitting."))
    try:
        submit_assessment(assessment, questionnaire, trust)
    except IncompleteAssessment:
        return render_review(questionnaire, assessment, 422,
                             _("Please answer every required question before submitting."))
    return redirect(results_url(respondent.token()), 303)


# -- errors ---------------------------------------------------------------------------------------
@bp.errorhandler(AssessmentLocked)
def locked(error: AssessmentLocked):
    if request.endpoint == AUTOSAVE_ENDPOINT:
        return autosave.locked()
    flash(_("This assessment has been submitted and can no longer be changed."), "info")
    return redirect(results_url(respondent.token()), 303)


@bp.errorhandler(CSRFError)
def csrf_failed(error: CSRFError):
    """An expired or missing form token: show the page again with what was typed (nothing was
    saved) so one more click sends it safely."""
    if request.endpoint == AUTOSAVE_ENDPOINT:
        return autosave.expired()
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
