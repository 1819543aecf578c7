"""The coordinator's pages: start a team from the draft, invite colleagues (each personal link
shown once to copy, and e-mailed when an address is given), see where the team disagrees, put the
proposals into the organization's answers, keep a note on why, and answer individually."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError

from app.locale import language_name, questionnaire_languages
from app.mail import valid_address
from app.models import Source
from app.models.team import MAX_ROLE_LENGTH
from app.operations.messages import InvalidAddress, latest_by_subject
from app.operations.private_links import request_id
from app.operations.teams import (
    MAX_COLLEAGUES,
    MIN_COLLEAGUES,
    TeamRefused,
    apply_proposals,
    colleague_count,
    compare,
    coordinator_entry,
    email_invitation,
    invite,
    notes_of,
    own_link,
    save_notes,
    start_team,
    submitted_members,
)
from app.survey import respondent
from app.survey.navigation import assessment_questionnaire
from app.team import bp
from app.team.access import COORDINATOR_TOKEN_KEY, coordinator, stashed_team
from app.team.forms import ActionForm, InviteForm, StartTeamForm, notes_form_class
from app.team.wording import dimension_rows, disputed, question_rows
from app.templating import current_locale

NEW_LINK_KEY = "team_new_link"
DISPUTED_SHOWN = 5


@bp.route("/team/start", methods=["GET", "POST"])
def start():
    assessment = respondent.load()
    if (assessment is None or assessment.is_submitted
            or assessment.source == Source.TEAM_MEMBER.value):
        abort(404)
    form = StartTeamForm()
    if request.method == "POST":
        if form.validate_on_submit():
            start_team(assessment, assessment_questionnaire(assessment), form.role.data)
            flash(_("Your team is ready: invite your colleagues below."), "success")
            return redirect(url_for("team.overview"), 303)
        if "csrf_token" in form.errors:
            raise CSRFError()
    return render_template("team/start.html", form=form, assessment=assessment,
                           minimum=MIN_COLLEAGUES, maximum=MAX_COLLEAGUES), \
        422 if form.errors else 200


def invite_form(questionnaire, formdata=None) -> InviteForm:
    form = InviteForm(formdata=formdata)
    form.locale.choices = [(code, language_name(code))
                           for code in questionnaire_languages(questionnaire)]
    if formdata is None:
        form.locale.data = current_locale()
        form.request_id.data = request_id(None)
    return form


def render_overview(assessment, team, form, status=200):
    questionnaire = assessment_questionnaire(assessment)
    new_link = session.pop(NEW_LINK_KEY, None)
    members = list(team.members)
    mails = latest_by_subject("team_member", [m.id for m in members])
    shown_link = None
    if isinstance(new_link, dict):
        member = next((m for m in members if m.id == new_link.get("member")), None)
        if member is not None:
            shown_link = (member, url_for("team.join", token=new_link.get("token"), _external=True))
    colleagues = colleague_count(team)
    return render_template(
        "team/overview.html", assessment=assessment, team=team, members=members, mails=mails,
        form=form, new_link=shown_link, colleagues=colleagues, minimum=MIN_COLLEAGUES,
        maximum=MAX_COLLEAGUES, full=colleagues >= MAX_COLLEAGUES, own=coordinator_entry(team),
        submitted_count=sum(1 for m in members if m.assessment.is_submitted),
        action_form=ActionForm(), languages=dict(form.locale.choices),
        questionnaire=questionnaire), status


@bp.get("/team")
def overview():
    assessment, team = coordinator()
    return render_overview(assessment, team, invite_form(assessment_questionnaire(assessment)))


@bp.post("/team/invite")
def invite_colleague():
    assessment, team = coordinator()
    questionnaire = assessment_questionnaire(assessment)
    form = invite_form(questionnaire, request.form)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            raise CSRFError()
        form.request_id.data = request_id(form.request_id.data)
        return render_overview(assessment, team, form, 422)
    address = valid_address(form.email.data) if form.email.data else None
    if form.email.data and address is None:
        form.email.errors = [_("Please enter a valid e-mail address, for example "
                               "ana@organizacion.org.")]
        return render_overview(assessment, team, form, 422)
    try:
        member, token = invite(team, questionnaire, form.role.data, form.locale.data,
                               request_id(form.request_id.data))
    except TeamRefused as refused:
        form.role.errors = [refusal_message(refused.code)]
        return render_overview(assessment, team, form, 409 if refused.code != "role" else 422)
    if token is None:  # the same form twice: invited once
        return redirect(url_for("team.overview"), 303)
    link = url_for("team.join", token=token, _external=True)
    session[NEW_LINK_KEY] = {"member": member.id, "token": token}
    if address:
        try:
            email_invitation(member, address, link, assessment.name or "")
            flash(_("The invitation is on its way to %(address)s.", address=address), "success")
        except InvalidAddress:
            flash(_("The e-mail could not be sent; copy the link below instead."), "warning")
    return redirect(url_for("team.overview"), 303)


def refusal_message(code: str) -> str:
    if code == "full":
        return _("A team has at most %(num)d colleagues besides you.", num=MAX_COLLEAGUES)
    if code == "submitted":
        return _("The organization's answers have been submitted: the team is closed.")
    return _("Please give a role (at most %(num)d characters).", num=MAX_ROLE_LENGTH)


@bp.post("/team/members/<int:member_id>/link")
def new_link(member_id: int):
    """A fresh personal link for a colleague who lost theirs (the old one stops working); shown
    once, like the first."""
    assessment, team = coordinator()
    if not ActionForm().validate_on_submit():
        raise CSRFError()
    member = next((m for m in team.members if m.id == member_id and not m.is_coordinator), None)
    if member is None:
        abort(404)
    session[NEW_LINK_KEY] = {"member": member.id, "token": own_link(member)}
    return redirect(url_for("team.overview"), 303)


@bp.get("/team/compare")
def comparison():
    assessment, team = coordinator()
    return render_comparison(assessment, team)


def comparison_context(assessment, team):
    questionnaire = assessment_questionnaire(assessment)
    locale = current_locale()
    members = list(team.members)
    done = submitted_members(team)
    roles = {str(m.id): m.role for m in members}
    if not done:
        return {"questionnaire": questionnaire, "members": members, "done": done,
                "pending": [m for m in members if not m.assessment.is_submitted]}
    found = compare(team, questionnaire)
    notes = notes_of(team)
    agreed = assessment.answer_values()
    return {
        "questionnaire": questionnaire, "members": members, "done": done,
        "pending": [m for m in members if not m.assessment.is_submitted],
        "disputed": question_rows(found, roles, agreed, notes, locale,
                                  disputed(found, DISPUTED_SHOWN)),
        "rows": question_rows(found, roles, agreed, notes, locale),
        "dimensions": dimension_rows(found, roles, locale),
        "comparison": found,
    }


def render_comparison(assessment, team, notes_form=None, status=200):
    context = comparison_context(assessment, team)
    if notes_form is None and context["done"] and not assessment.is_submitted:
        notes_form = notes_form_class([r.question.id for r in context["rows"]])(formdata=None)
        for row in context["rows"]:
            getattr(notes_form, f"note_{row.question.id}").data = row.note
    return render_template("team/compare.html", assessment=assessment, team=team,
                           notes_form=notes_form, action_form=ActionForm(), editable=True,
                           **context), status


@bp.post("/team/agree")
def agree():
    assessment, team = coordinator()
    if not ActionForm().validate_on_submit():
        raise CSRFError()
    if assessment.is_submitted:
        flash(_("The organization's answers have been submitted: the team is closed."), "info")
        return redirect(url_for("team.comparison"), 303)
    questionnaire = assessment_questionnaire(assessment)
    if not any(m.assessment.is_submitted for m in team.members):
        abort(409)
    written = apply_proposals(team, questionnaire, compare(team, questionnaire).proposals())
    flash(_("The team’s proposals are now the organization’s answers (%(num)d questions). "
            "Check them, change what the team decides otherwise, and submit.", num=len(written)),
          "success")
    return redirect(url_for("survey.review"), 303)


@bp.post("/team/notes")
def notes():
    assessment, team = coordinator()
    if assessment.is_submitted:  # the report shows the notes it was submitted with
        flash(_("The organization's answers have been submitted: the team is closed."), "info")
        return redirect(url_for("team.comparison"), 303)
    context = comparison_context(assessment, team)
    if not context["done"]:
        abort(409)
    ids = [r.question.id for r in context["rows"]]
    form = notes_form_class(ids)()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            raise CSRFError()
        return render_comparison(assessment, team, form, 422)
    save_notes(team, {qid: getattr(form, f"note_{qid}").data for qid in ids})
    flash(_("The notes have been saved."), "success")
    return redirect(url_for("team.comparison"), 303)


@bp.post("/team/own")
def own_answers():
    """The coordinator answers as themselves: this browser opens their own answers (with a fresh
    link), keeping the organization's link to come back."""
    assessment, team = coordinator()
    if not ActionForm().validate_on_submit():
        raise CSRFError()
    entry = coordinator_entry(team)
    if entry is None:
        abort(404)
    session[COORDINATOR_TOKEN_KEY] = respondent.token()
    token = own_link(entry)
    respondent.remember(entry.assessment, token)
    if entry.assessment.is_submitted:
        return redirect(url_for("team.answers", token=token), 303)
    return redirect(url_for("survey.profile"), 303)


@bp.post("/team/back")
def back():
    """From their own answers, the coordinator goes back to the organization's."""
    if not ActionForm().validate_on_submit():
        raise CSRFError()
    found = stashed_team()
    if found is None:
        abort(404)
    assessment, token = found
    session.pop(COORDINATOR_TOKEN_KEY, None)
    respondent.remember(assessment, token)
    return redirect(url_for("team.overview"), 303)
