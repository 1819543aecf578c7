"""The rounds pages: every signed-in staff member (analysts too: running rounds is the programme
staff's work) lists, creates and changes rounds, adds organizations one by one or from a list,
e-mails invitations and reminders, and issues fresh links. The writes are in
app/operations/rounds.py and app/operations/round_lists.py."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.extensions import db
from app.locale import language_name
from app.models import AssessmentRound, Invitation
from app.operations.private_links import request_id
from app.operations.round_lists import (
    AlreadyInRound,
    add_entries,
    check_entry,
    check_list,
    describe,
)
from app.operations.rounds import (
    ALREADY_SENT,
    INVITATION,
    MESSAGE_KINDS,
    NO_ADDRESS,
    REMINDER,
    SENT,
    SUBMITTED,
    LinkGone,
    create_round,
    new_link,
    send_message,
    state_of,
    update_round,
)
from app.questionnaires import library
from app.staff import bp
from app.staff.round_forms import ListUploadForm, NewLinkForm, OrganizationForm, RoundForm, SendForm
from app.staff.round_rows import (
    STAGE_LABELS,
    STATE_LABELS,
    invitation_rows,
    round_label,
    round_lines,
    stage_totals,
)
from app.staff.views import filter_choices, version_in_words
from app.templating import current_locale

FORM_FIELDS = {"name": "name", "country": "country", "org_type": "org_type",
               "contact_name": "contact_name", "contact_email": "contact_email",
               "language": "language"}


def _round(round_id: int) -> AssessmentRound:
    return db.get_or_404(AssessmentRound, round_id)


def _questionnaire(round_: AssessmentRound):
    return library().get(round_.questionnaire_id, round_.questionnaire_version)


def invitation_link(token: str) -> str:
    return url_for("survey.invitation", token=token, _external=True)


@bp.context_processor
def round_labels():
    return {"stage_labels": STAGE_LABELS, "state_labels": STATE_LABELS, "round_label": round_label}


@bp.route("/rounds")
@login_required
def rounds():
    return render_template("staff/rounds.html", lines=round_lines(), state_of=state_of)


def _round_form(round_: AssessmentRound | None = None) -> RoundForm:
    form = RoundForm(obj=round_) if round_ is not None else RoundForm()
    books = library()
    versions = sorted(books.versions.values(), key=lambda q: (q.id, q.version))
    form.version.choices = [(q.key, version_in_words(q)) for q in versions]
    if round_ is None and not form.is_submitted():
        form.version.data = books.active.key
        form.opens_on.data = date.today()
    return form


@bp.route("/rounds/new", methods=["GET", "POST"])
@login_required
def new_round():
    form = _round_form()
    if not form.validate_on_submit():
        return render_template("staff/round_form.html", form=form, round=None), (
            422 if form.is_submitted() else 200)
    questionnaire = library().by_key(form.version.data) or library().active
    found = create_round(form.name.data.strip(), questionnaire, form.opens_on.data,
                         form.closes_on.data, (form.note.data or "").strip(), current_user)
    flash(_("Round “%(name)s” created. Now add its organizations.", name=found.name), "success")
    return redirect(url_for("staff.round_page", round_id=found.id), 303)


@bp.route("/rounds/<int:round_id>/edit", methods=["GET", "POST"])
@login_required
def edit_round(round_id: int):
    """Rename a round or change its dates; a later closing date (or none) reopens it."""
    found = _round(round_id)
    form = _round_form(found)
    form.version.data = found.questionnaire_key  # fixed once the round exists
    if not form.validate_on_submit():
        return render_template("staff/round_form.html", form=form, round=found), (
            422 if form.is_submitted() else 200)
    update_round(found, form.name.data.strip(), form.opens_on.data, form.closes_on.data,
                 (form.note.data or "").strip())
    flash(_("The round was saved."), "success")
    return redirect(url_for("staff.round_page", round_id=found.id), 303)


def _organization_form(questionnaire, posted: bool = False) -> OrganizationForm:
    form = OrganizationForm() if posted else OrganizationForm(formdata=None)
    choices = filter_choices(questionnaire) if questionnaire is not None else None
    form.country.choices = [("", "—")] + (choices.countries if choices else [])
    form.org_type.choices = [("", "—")] + (choices.org_types if choices else [])
    languages = questionnaire.languages if questionnaire is not None else ()
    form.language.choices = [("", _("As the country suggests"))] + [
        (code, language_name(code)) for code in languages]
    return form


def _send_form(kind: str) -> SendForm:
    form = SendForm(formdata=None)
    form.kind.data = kind
    form.request_id.data = request_id(None)
    return form


def _page(round_: AssessmentRound, status: int = 200, organization_form=None, list_check=None,
          upload_form=None):
    questionnaire = _questionnaire(round_)
    rows = invitation_rows(round_, questionnaire, current_locale())
    return render_template(
        "staff/round.html", round=round_, questionnaire=questionnaire, rows=rows,
        totals=stage_totals(rows), state=state_of(round_).value,
        organization_form=organization_form or _organization_form(questionnaire),
        upload_form=upload_form or ListUploadForm(formdata=None), list_check=list_check,
        describe=describe, send_form=_send_form, link_form=NewLinkForm(formdata=None),
        INVITATION=INVITATION, REMINDER=REMINDER), status


@bp.route("/rounds/<int:round_id>")
@login_required
def round_page(round_id: int):
    return _page(_round(round_id))


@bp.post("/rounds/<int:round_id>/organizations")
@login_required
def add_organization(round_id: int):
    found = _round(round_id)
    questionnaire = _questionnaire(found)
    form = _organization_form(questionnaire, posted=True)
    if not form.validate_on_submit() or questionnaire is None:
        return _page(found, 400, organization_form=form)
    values = {name: getattr(form, name).data or "" for name in FORM_FIELDS}
    entry, errors = check_entry(values, questionnaire, 0, FORM_FIELDS)
    for error in errors:
        getattr(form, error.column).errors = [describe(error)]
    if entry is None:
        return _page(found, 422, organization_form=form)
    try:
        add_entries(found, [entry])
    except AlreadyInRound:
        form.name.errors = [_("This organization is already invited to this round.")]
        return _page(found, 409, organization_form=form)
    flash(_("%(name)s was added to the round.", name=entry.name), "success")
    return redirect(url_for("staff.round_page", round_id=found.id), 303)


@bp.post("/rounds/<int:round_id>/list")
@login_required
def upload_list(round_id: int):
    """Add a whole list: every row checked first, then all added, or none with every problem."""
    found = _round(round_id)
    questionnaire = _questionnaire(found)
    form = ListUploadForm()
    if not form.validate_on_submit() or questionnaire is None:
        return _page(found, 400, upload_form=form)
    checked = check_list(form.file.data.read(), found, questionnaire)
    if not checked.valid:
        return _page(found, 422, list_check=checked, upload_form=form)
    try:
        add_entries(found, checked.entries)
    except AlreadyInRound:
        flash(_("Some of these organizations were added to the round meanwhile; nothing was "
                "added. Please check the list again."), "error")
        return _page(found, 409, upload_form=form)
    flash(ngettext("%(num)d organization was added to the round.",
                   "%(num)d organizations were added to the round.", len(checked.entries)),
          "success")
    return redirect(url_for("staff.round_page", round_id=found.id), 303)


def _sent_note(outcomes: list[str]) -> None:
    sent = outcomes.count(SENT)
    if sent:
        flash(ngettext("%(num)d message is on its way (see its status in the table).",
                       "%(num)d messages are on their way (see their status in the table).", sent),
              "success")
    if ALREADY_SENT in outcomes and not sent:
        flash(_("This was already sent (the button was pressed twice); nothing more was sent."),
              "info")
    if NO_ADDRESS in outcomes:
        flash(_("Organizations without a contact e-mail got no message: copy their link instead."),
              "info")


def _send_kind(form: SendForm) -> str:
    if not form.validate_on_submit() or form.kind.data not in MESSAGE_KINDS:
        abort(400)
    return form.kind.data


@bp.post("/rounds/<int:round_id>/invitations/<int:invitation_id>/send")
@login_required
def send_one(round_id: int, invitation_id: int):
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.round_id != round_id:
        abort(404)
    form = SendForm()
    kind = _send_kind(form)
    outcome = send_message(invitation.id, kind, request_id(form.request_id.data), invitation_link,
                           current_user).outcome
    if outcome == SUBMITTED:
        flash(_("This organization has submitted its assessment: no reminder was sent."), "info")
    _sent_note([outcome])
    return redirect(url_for("staff.round_page", round_id=round_id), 303)


@bp.post("/rounds/<int:round_id>/send")
@login_required
def send_all(round_id: int):
    """The invitation to every organization not invited yet, or a reminder to every invited
    one that has not submitted."""
    found = _round(round_id)
    form = SendForm()
    kind = _send_kind(form)
    nonce = request_id(form.request_id.data)
    rows = invitation_rows(found, None, current_locale())
    targets = [row.invitation.id for row in rows if (
        row.stage.value == "added" if kind == INVITATION
        else row.invitation.invited_at is not None and row.submitted_at is None)]
    outcomes = [send_message(target, kind, nonce, invitation_link, current_user).outcome
                for target in targets]
    if not targets:
        flash(_("No organization needed this message."), "info")
    _sent_note(outcomes)
    return redirect(url_for("staff.round_page", round_id=round_id), 303)


@bp.post("/rounds/<int:round_id>/invitations/<int:invitation_id>/link")
@login_required
def invitation_new_link(round_id: int, invitation_id: int):
    """A fresh link, shown once for copying: the previous one stops working."""
    invitation = db.get_or_404(Invitation, invitation_id)
    if invitation.round_id != round_id:
        abort(404)
    if not NewLinkForm().validate_on_submit():
        abort(400)
    try:
        token = new_link(invitation.id, current_user)
    except LinkGone:
        abort(404)
    db.session.refresh(invitation)
    body = render_template("staff/round_link.html", invitation=invitation, round=invitation.round,
                           link=invitation_link(token))
    return body, 200, {"Cache-Control": "no-store"}
