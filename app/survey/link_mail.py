""""Send me my link": the respondent has the private link e-mailed to an address they type, and
may ask for reminders (the only case in which the address is kept), stopped from a link.

The link can be sent only from the browser whose session holds its token (only the token's hash
is stored). Rate limited per assessment, per address and per network address.
"""

from __future__ import annotations

import hashlib

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, EmailField, HiddenField
from wtforms.validators import Length

from app.extensions import csrf, limiter
from app.forms import Form
from app.mail import valid_address
from app.next_url import safe_next
from app.operations.messages import InvalidAddress
from app.operations.private_links import email_private_link, request_id
from app.operations.reminders import find_by_stop_token, stop, stop_token, subscribe
from app.survey import bp, respondent

BAD_ADDRESS = _l("Please enter a valid e-mail address, for example ana@organizacion.org.")


class LinkMailForm(Form):
    email = EmailField(_l("E-mail address"), validators=[Length(max=254)])
    reminders = BooleanField(_l("Also send me reminders to finish the assessment (your address is "
                                "then kept for that; every reminder has a link to stop them)"))
    request_id = HiddenField()
    next = HiddenField()


class StopRemindersForm(Form):
    """Only the CSRF token: stopping takes a button, so a mail scanner opening the link stops
    nothing."""


@bp.app_template_global("link_mail_form")
def link_mail_form(next_path: str | None = None) -> LinkMailForm:
    """A fresh form for the survey pages (its one-time id makes a double click send once)."""
    form = LinkMailForm(formdata=None)
    form.request_id.data = request_id(None)
    form.next.data = next_path or request.path
    return form


def _assessment_key() -> str:
    return f"assessment:{respondent.load().id if respondent.load() is not None else 'none'}"


def _address_key() -> str:
    """The address typed, hashed: the limiter's store never holds it."""
    address = (request.form.get("email") or "").strip().lower()[:254]
    return "address:" + hashlib.sha256(address.encode("utf-8", "replace")).hexdigest()


@bp.route("/survey/link/email", methods=["GET", "POST"])
@csrf.exempt  # the form checks its own token, so an expired page keeps the typed address
@limiter.limit("5/hour", key_func=_assessment_key, methods=["POST"], scope="link-mail-assessment")
@limiter.limit("3/hour", key_func=_address_key, methods=["POST"], scope="link-mail-address")
@limiter.limit("20/hour", methods=["POST"], scope="link-mail-network")
def email_link():
    assessment, token = respondent.load(), respondent.token()
    if assessment is None or not token:
        flash(_("Please start the assessment, or open your private link to continue it."), "info")
        return redirect(url_for("survey.landing"), 303)
    if request.method == "GET":
        return render_template("survey/link_mail.html", form=link_mail_form(
            safe_next(request.args.get("next")) or url_for("survey.landing")))
    form = LinkMailForm()
    back = safe_next(form.next.data) or url_for("survey.landing")
    valid = form.validate_on_submit()
    if "csrf_token" in form.errors:
        return _form_page(form, back, 400, _("For your security this page had expired, so "
                                             "nothing was sent. Please press the button again."))
    address = valid_address(form.email.data) if valid else None
    if address is None:
        form.email.errors = [str(BAD_ADDRESS)]
        return _form_page(form, back, status=422)
    subscription = subscribe(assessment, address) if form.reminders.data else None
    stop_url = (url_for("survey.stop_reminders", token=stop_token(subscription), _external=True)
                if subscription is not None else None)
    try:
        email_private_link(assessment, address, url_for("survey.resume", token=token, _external=True),
                           request=request_id(form.request_id.data), stop_url=stop_url,
                           keep_recipient=subscription is not None)
    except InvalidAddress:
        form.email.errors = [str(BAD_ADDRESS)]
        return _form_page(form, back, status=422)
    flash(_("Your private link is on its way to %(address)s. If it has not arrived in a few "
            "minutes, check the spam folder.", address=address), "success")
    return redirect(back, 303)


def _form_page(form: LinkMailForm, back: str, status: int, notice: str | None = None):
    form.request_id.data = request_id(form.request_id.data)
    form.next.data = back
    return render_template("survey/link_mail.html", form=form, notice=notice), status


@bp.route("/reminders/stop/<token>", methods=["GET", "POST"])
def stop_reminders(token: str):
    subscription = find_by_stop_token(token)
    if subscription is None:
        return render_template("survey/reminders_stop.html", found=False), 404
    form = StopRemindersForm()
    if form.validate_on_submit():
        stop(subscription)
    return render_template("survey/reminders_stop.html", found=True, form=form,
                           stopped=not subscription.active)
