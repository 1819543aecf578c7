"""What the respondent does on the report after submitting (private link only, each a POST with the
form token): create or revoke the read-only share link, and set target scores for next time.

A new share link's token is shown once: it is kept in this browser's signed session (beside the
resume token the survey keeps there) so the report can show it again here, and stored only hashed.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _

from app.domain.targets import read_targets
from app.extensions import limiter
from app.forms import Form
from app.operations.follow_up import create_share_link, revoke_share_link, set_targets
from app.results import bp
from app.results.access import private_viewer, questionnaire_of
from app.templating import current_locale

SHARE_KEY = "share_tokens"


class ActionForm(Form):
    """A button that only needs the form token."""


def remembered_share_token(assessment_id: int) -> str | None:
    tokens = session.get(SHARE_KEY)
    return tokens.get(str(assessment_id)) if isinstance(tokens, dict) else None


def _remember(assessment_id: int, token: str | None) -> None:
    tokens = dict(session.get(SHARE_KEY) or {})
    if token is None:
        tokens.pop(str(assessment_id), None)
    else:
        tokens[str(assessment_id)] = token
    session[SHARE_KEY] = tokens


def _checked() -> None:
    if not ActionForm().validate_on_submit():
        abort(400)


@bp.post("/results/<token>/share")
@limiter.limit("30 per hour")
def share(token: str):
    viewer = private_viewer(token)
    _checked()
    _remember(viewer.assessment.id, create_share_link(viewer.assessment))
    flash(_("Your read-only link is ready. Anyone who has it can see this report and its PDF, "
            "but not change anything."), "success")
    return redirect(url_for("results.show", token=token, _anchor="share"), 303)


@bp.post("/results/<token>/share/revoke")
def revoke_share(token: str):
    viewer = private_viewer(token)
    _checked()
    revoke_share_link(viewer.assessment)
    _remember(viewer.assessment.id, None)
    flash(_("The read-only link no longer works."), "success")
    return redirect(url_for("results.show", token=token, _anchor="share"), 303)


def target_message(code: str) -> str:
    if code == "number":
        return _("Write a number, such as 60 or 72.5.")
    return _("Write a score from 0 to 100.")


@bp.post("/results/<token>/targets")
def targets(token: str):
    """Targets per dimension; invalid ones are shown with their message and nothing is saved
    (the page keeps what was typed)."""
    from app.results.routes import render_report

    viewer = private_viewer(token)
    _checked()
    questionnaire = questionnaire_of(viewer.assessment)
    posted = {d.id: request.form.get(f"target-{d.id}", "")[:20] for d in questionnaire.dimensions}
    values, errors = read_targets(posted, [d.id for d in questionnaire.dimensions])
    if errors:
        messages = {k: target_message(v) for k, v in errors.items()}
        return render_report(viewer, current_locale(), target_errors=messages,
                             target_values=posted), 422
    set_targets(viewer.assessment, values)
    flash(_("Your targets are saved. The report of your next assessment will show how far you "
            "got."), "success")
    return redirect(url_for("results.show", token=token, _anchor="targets"), 303)
