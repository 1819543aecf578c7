"""Admins issue a fresh private link for an assessment (a respondent lost theirs, or it leaked):
the old link stops working, the new one is shown once and can be e-mailed. Every fresh link is
recorded (who, when) and shown on the assessment's staff page with the messages about it."""

from __future__ import annotations

from flask import flash, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import EmailField, HiddenField
from wtforms.validators import Length

from app.auth.access import admin_required
from app.extensions import db
from app.forms import Form
from app.mail import valid_address
from app.models import Assessment
from app.models.assessment import hash_token
from app.operations.messages import InvalidAddress, recent_messages
from app.operations.private_links import (
    LinkChanged,
    email_private_link,
    issue_fresh_link,
    link_reissues,
    request_id,
)
from app.staff import bp
from app.staff.outbox import message_labels


class FreshLinkForm(Form):
    """Issuing takes a confirmed button; the address is optional."""

    email = EmailField(_l("Also send it to (optional)"), validators=[Length(max=254)])
    request_id = HiddenField()


class SendLinkForm(Form):
    email = EmailField(_l("E-mail address"), validators=[Length(max=254)])
    token = HiddenField()
    request_id = HiddenField()


@bp.context_processor
def private_link_panel():
    """What the assessment page's private-link panel reads (staff/_private_link.html)."""
    def fresh_link_form():
        form = FreshLinkForm(formdata=None)
        form.request_id.data = request_id(None)
        return form

    return {"link_reissues": link_reissues, "assessment_messages": lambda assessment_id:
            recent_messages(assessment_id=assessment_id, limit=20),
            "fresh_link_form": fresh_link_form, **message_labels()}


@bp.route("/assessments/<int:assessment_id>/fresh-link", methods=["POST"])
@admin_required
def fresh_link(assessment_id: int):
    assessment = db.get_or_404(Assessment, assessment_id)
    form = FreshLinkForm()
    if not form.validate_on_submit():
        flash(_("Please enter a valid e-mail address."), "error")
        return _page(assessment, None, SendLinkForm(formdata=None), 400)
    typed = (form.email.data or "").strip()
    if typed and valid_address(typed) is None:
        flash(_("Please enter a valid e-mail address; no new link was issued."), "error")
        return _page(assessment, None, SendLinkForm(formdata=None), 422)
    try:
        token = issue_fresh_link(assessment, current_user)
    except LinkChanged:
        flash(_("Another fresh link was issued for this assessment at the same moment; this one "
                "was not. Issue a new one if you need to see it."), "error")
        return _page(assessment, None, SendLinkForm(formdata=None), 409)
    if typed:
        _send(assessment, token, typed, request_id(form.request_id.data))
    return _page(assessment, token, _send_form(token))


@bp.route("/assessments/<int:assessment_id>/fresh-link/email", methods=["POST"])
@admin_required
def fresh_link_email(assessment_id: int):
    """E-mail the link just issued (its token comes back from the page that showed it, and must
    still be the assessment's)."""
    assessment = db.get_or_404(Assessment, assessment_id)
    form = SendLinkForm()
    token = form.token.data or ""
    if not token or assessment.token_hash != hash_token(token):
        flash(_("This is no longer the assessment's current link; issue a fresh one."), "error")
        return _page(assessment, None, SendLinkForm(formdata=None), 409)
    address = valid_address(form.email.data) if form.validate_on_submit() else None
    if address is None:
        form.email.errors = [_("Please enter a valid e-mail address.")]
        return _page(assessment, token, form, 422)
    _send(assessment, token, address, request_id(form.request_id.data))
    return _page(assessment, token, _send_form(token))


def _send(assessment: Assessment, token: str, address: str, request: str) -> None:
    try:
        email_private_link(assessment, address,
                           url_for("survey.resume", token=token, _external=True),
                           request=request, fresh=True, keep_recipient=True)
    except InvalidAddress:
        flash(_("Please enter a valid e-mail address."), "error")
        return
    flash(_("The link is on its way to %(address)s (see its status below).", address=address),
          "success")


def _send_form(token: str) -> SendLinkForm:
    form = SendLinkForm(formdata=None)
    form.token.data = token
    form.request_id.data = request_id(None)
    return form


def _page(assessment: Assessment, token: str | None, form: SendLinkForm, status: int = 200):
    """The page that shows the new link (once: never cached, never shown again)."""
    link = url_for("survey.resume", token=token, _external=True) if token else None
    body = render_template("staff/fresh_link.html", assessment=assessment, link=link, form=form,
                           messages=recent_messages(assessment_id=assessment.id, limit=5),
                           back=url_for("staff.assessment", assessment_id=assessment.id))
    return body, status, {"Cache-Control": "no-store"}

