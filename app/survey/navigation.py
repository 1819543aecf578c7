"""Where a respondent is and where each step lives: the session's draft (or the way out when there
is none, or it was submitted), the questionnaire version it was started on, and the URL of each
step and of the results."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_babel import gettext as _

from app.domain.questionnaire import Questionnaire
from app.questionnaires import active_questionnaire, library
from app.survey import bp, respondent
from app.survey.forms import PROFILE, REVIEW

RETURN_TO_REVIEW = "review"  # ?return=review: a page opened from the review page goes back to it


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
def step_url(step: str | None, returning: bool = False) -> str:
    """A step's page; `returning` adds ?return=review, so the page leads back to the review."""
    extra = {"return": RETURN_TO_REVIEW} if returning and step != REVIEW else {}
    if step == REVIEW:
        return url_for("survey.review")
    if step in (None, PROFILE):
        return url_for("survey.profile", **extra)
    return url_for("survey.page", step=step, **extra)


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
