"""Opening a private link. A GET only shows what the link opens: the draft becomes this browser's
only when the visitor presses the button (a POST with the form token), so a link planted by
someone else can never swap the draft a respondent is working on; when a draft of their own is
open, the page names both organizations and offers to keep the current one."""

from __future__ import annotations

from flask import current_app, redirect, render_template, request
from flask_wtf.csrf import CSRFError

from app.operations.assessment import find_by_token
from app.survey import bp, respondent
from app.survey.forms import SubmitForm
from app.survey.navigation import results_url, step_url


def opened(token: str):
    """The assessment the link opens, or None (wrong token, or a draft left too long)."""
    return find_by_token(token, current_app.config["DRAFT_LIFETIME_DAYS"])


def not_found():
    return render_template("survey/resume_not_found.html"), 404


def continue_url(assessment, token: str) -> str:
    return results_url(token) if assessment.is_submitted else step_url(assessment.current_step)


@bp.get("/resume/<token>")
def resume(token: str):
    assessment = opened(token)
    if assessment is None:
        return not_found()
    current = respondent.load()
    if assessment.is_submitted or (current is not None and current.id == assessment.id):
        # The results page is opened by its link alone; the session's own draft is already open.
        return redirect(continue_url(assessment, token), 303)
    if current is not None and current.is_submitted:
        current = None
    return render_template("survey/resume.html", opened=assessment, current=current,
                           opened_token=token, token=respondent.token() if current else None)


@bp.post("/resume/<token>")
def switch(token: str):
    """Make the link's assessment this browser's (the button on the page above)."""
    if not SubmitForm(formdata=request.form).validate_on_submit():
        raise CSRFError()
    assessment = opened(token)
    if assessment is None:
        return not_found()
    respondent.remember(assessment, token)
    return redirect(continue_url(assessment, token), 303)
