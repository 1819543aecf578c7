"""A round's invitation link (/invitation/<token>): the page tells the respondent who invited
which organization to what, and its button starts the assessment, already tied to the
organization and the round, or continues it (a GET never changes this browser's draft, as with a
private link: app/survey/resume.py). The invitation's token is also the assessment's resume token,
so /resume/<token> and every page's private link open the same assessment.

After the round's closing date the page, and a submission of the round's assessment, say that
the round is closed (403, in the respondent's language); the answers already saved are kept and
the draft can still be saved, so nothing is lost if staff reopen the round.
"""

from __future__ import annotations

from flask import redirect, render_template, request
from flask_wtf.csrf import CSRFError

from app.domain.rounds import RoundState
from app.operations.rounds import (
    LinkGone,
    RoundClosed,
    closing_moment,
    find_invitation,
    mark_opened,
    open_invitation,
    state_of,
)
from app.questionnaires import library
from app.survey import bp, respondent
from app.survey.forms import SubmitForm
from app.survey.resume import continue_url
from app.templating import current_locale


def _gone():
    return render_template("survey/invitation_gone.html"), 404


def _usable(token: str):
    """The invitation and its assessment (None before it is started), or None for a link that
    opens nothing (wrong, or replaced by a fresh one)."""
    invitation = find_invitation(token)
    if invitation is None:
        return None
    assessment = invitation.assessment
    if assessment is not None and assessment.token_hash != invitation.token_hash:
        return None  # staff issued the assessment a fresh private link: this one is replaced
    return invitation, assessment


@bp.get("/invitation/<token>")
def invitation(token: str):
    found = _usable(token)
    if found is None:
        return _gone()
    invitation, assessment = found
    mark_opened(invitation)
    current = respondent.load()
    if assessment is not None and (assessment.is_submitted
                                   or (current is not None and current.id == assessment.id)):
        return redirect(continue_url(assessment, token), 303)
    if current is not None and current.is_submitted:
        current = None
    round_ = invitation.round
    return render_template("survey/invitation.html", invitation=invitation, round=round_,
                           assessment=assessment, current=current, token=token,
                           state=state_of(round_).value, closes_at=closing_moment(round_),
                           current_token=respondent.token() if current else None)


@bp.post("/invitation/<token>")
def start_invited(token: str):
    if not SubmitForm(formdata=request.form).validate_on_submit():
        raise CSRFError()
    found = _usable(token)
    if found is None:
        return _gone()
    invitation = found[0]
    round_ = invitation.round
    questionnaire = library().get(round_.questionnaire_id, round_.questionnaire_version)
    if questionnaire is None:
        return _gone()
    try:
        assessment = open_invitation(invitation.id, token, questionnaire, current_locale(),
                                     request.remote_addr)
    except LinkGone:
        return _gone()
    respondent.remember(assessment, token)
    return redirect(continue_url(assessment, token), 303)


@bp.errorhandler(RoundClosed)
def round_closed(error: RoundClosed):
    """A round that does not accept this now: closed (or not open yet), said in words."""
    return render_template("survey/round_closed.html", round=error.round,
                           not_yet=error.state is RoundState.NOT_YET_OPEN,
                           has_draft=respondent.load() is not None), 403
