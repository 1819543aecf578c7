"""A colleague's pages, opened by their personal link: the invitation (a GET only shows it; the
button makes this browser answer as the colleague, as app/survey/resume.py does), their thank-you
page with their own answers, and the team's comparison, read-only, once they have submitted."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from app.extensions import db
from app.models import Assessment
from app.survey import respondent
from app.survey.forms import PROFILE
from app.survey.navigation import assessment_questionnaire, step_url
from app.survey.review import review_sections
from app.survey.routes import STEP_TITLES
from app.team import bp
from app.team.access import member_by_token, stashed_team
from app.team.forms import ActionForm
from app.team.routes import comparison_context
from app.templating import current_locale


def organization_of(member) -> Assessment:
    return db.session.get(Assessment, member.team.assessment_id)


@bp.get("/team/join/<token>")
def join(token: str):
    member, assessment = member_by_token(token)
    if assessment.is_submitted:
        return redirect(url_for("team.answers", token=token), 303)
    current = respondent.load()
    if current is not None and current.id == assessment.id:
        return redirect(step_url(assessment.current_step), 303)
    return render_template("team/join.html", member=member, organization=organization_of(member),
                           token=token, form=ActionForm(),
                           current=current if current is not None and not current.is_submitted
                           else None)


@bp.post("/team/join/<token>")
def accept(token: str):
    if not ActionForm().validate_on_submit():
        raise CSRFError()
    member, assessment = member_by_token(token)
    respondent.remember(assessment, token)
    if assessment.is_submitted:
        return redirect(url_for("team.answers", token=token), 303)
    return redirect(step_url(assessment.current_step or PROFILE), 303)


@bp.get("/team/answers/<token>")
def answers(token: str):
    """The colleague's thank-you page: their own answers, no peer comparison."""
    member, assessment = member_by_token(token)
    if not assessment.is_submitted:
        return redirect(url_for("team.join", token=token), 303)
    questionnaire = assessment_questionnaire(assessment)
    sections = review_sections(questionnaire, assessment.answer_values(), STEP_TITLES[PROFILE],
                               current_locale())
    return render_template("team/thanks.html", member=member, assessment=assessment,
                           organization=organization_of(member), sections=sections, token=token,
                           back=stashed_team() if member.is_coordinator else None,
                           action_form=ActionForm())


@bp.get("/team/answers/<token>/team")
def team_view(token: str):
    """The team's comparison, read-only, for a colleague who has submitted."""
    member, assessment = member_by_token(token)
    if not assessment.is_submitted:
        abort(404)
    organization = organization_of(member)
    return render_template("team/compare.html", assessment=organization, team=member.team,
                           editable=False, member=member, token=token, action_form=None,
                           notes_form=None, **comparison_context(organization, member.team))


@bp.before_request
def forms_only() -> None:
    if request.method == "POST" and request.mimetype and request.mimetype not in (
            "application/x-www-form-urlencoded", "multipart/form-data"):
        abort(400)
