"""Admin pages: staff accounts, peer data and questionnaire versions. Admins only."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user

from app.auth.access import admin_required
from app.extensions import db
from app.models import StaffUser
from app.operations.accounts import (
    MIN_PASSWORD_LENGTH,
    AccountError,
    all_accounts,
    create_account,
    deactivate,
    set_role,
)
from app.operations.peer_import import describe, parse_peer_csv
from app.operations.peer_previews import ALREADY_IMPORTED, EXPIRED, IMPORTED, INVALID
from app.questionnaires import library
from app.staff import bp, peer_uploads
from app.staff.forms import AccountForm, DeactivateForm, PeerConfirmForm, PeerUploadForm, RoleForm

ACCOUNT_ERRORS = {
    "email": _l("Enter a valid e-mail address."),
    "duplicate": _l("There is already an account with this e-mail address."),
    "password_short": _l("The password needs at least %(count)d characters.",
                         count=MIN_PASSWORD_LENGTH),
    "password_long": _l("The password is too long."),
    "role": _l("Choose a role."),
    "self": _l("You cannot deactivate your own account."),
    "last_admin": _l("There must always be at least one active admin: make another account admin "
                     "first."),
}


@bp.route("/admin/")
@admin_required
def admin():
    books = library()
    versions = sorted(books.versions.values(), key=lambda q: (q.id, q.version))
    return render_template("staff/admin.html", versions=versions, active=books.active)


@bp.route("/admin/users", methods=["GET", "POST"])
@admin_required
def users():
    form = AccountForm()
    if form.validate_on_submit():
        try:
            user = create_account(form.email.data, form.password.data, form.role.data)
        except AccountError as error:
            field = form.password if error.code.startswith("password") else form.email
            field.errors.append(str(ACCOUNT_ERRORS.get(error.code, error.code)))
        else:
            flash(_("Account %(email)s created.", email=user.email))
            return redirect(url_for("staff.users"))
    status = 400 if form.is_submitted() else 200
    return render_template("staff/users.html", form=form, accounts=all_accounts(),
                           role_form=RoleForm(), deactivate_form=DeactivateForm()), status


@bp.route("/admin/users/<int:user_id>/role", methods=["POST"])
@admin_required
def user_role(user_id: int):
    user = db.get_or_404(StaffUser, user_id)
    form = RoleForm()
    if form.validate_on_submit():
        if user.id == current_user.id and form.role.data != user.role:
            flash(_("You cannot change your own role; ask another admin."))
        else:
            try:
                set_role(user, form.role.data)
            except AccountError as error:
                flash(str(ACCOUNT_ERRORS[error.code]))
            else:
                flash(_("Role of %(email)s changed.", email=user.email))
    return redirect(url_for("staff.users"))


@bp.route("/admin/users/<int:user_id>/deactivate", methods=["POST"])
@admin_required
def user_deactivate(user_id: int):
    user = db.get_or_404(StaffUser, user_id)
    if DeactivateForm().validate_on_submit():
        try:
            deactivate(user, acting=current_user)
        except AccountError as error:
            flash(str(ACCOUNT_ERRORS[error.code]))
        else:
            flash(_("Account %(email)s deactivated.", email=user.email))
    return redirect(url_for("staff.users"))


PREVIEW_ROWS = 20


@bp.route("/admin/peers", methods=["GET", "POST"])
@admin_required
def peers():
    """Upload a CSV of real peer results and see every row's problems; nothing is stored yet."""
    form = PeerUploadForm()
    if not form.validate_on_submit():
        return _peers_page(form, status=400 if form.is_submitted() else 200)
    text = peer_uploads.decode(form.file.data.read())
    if text is None:
        return _peers_page(form, problem=_(
            "The file is not a CSV text file (save it from the spreadsheet as CSV UTF-8)."))
    preview = parse_peer_csv(text, library())
    if not preview.valid:
        peer_uploads.discard()
        return _peers_page(form, preview=preview)
    peer_uploads.keep(text)
    return _peers_page(form, preview=preview, status=200)


def _peers_page(form, preview=None, problem=None, status=400):
    return render_template("staff/peers.html", form=form, preview=preview, problem=problem,
                           describe=describe, preview_rows=PREVIEW_ROWS,
                           confirm_form=PeerConfirmForm()), status


@bp.route("/admin/peers/import", methods=["POST"])
@admin_required
def peers_import():
    """Store the previewed file, all rows or none, once however often it is confirmed."""
    if not PeerConfirmForm().validate_on_submit():
        return redirect(url_for("staff.peers"))
    confirmation = peer_uploads.confirm(library())
    if confirmation.outcome == IMPORTED:
        flash(_("Peer results imported: %(num)d.", num=confirmation.rows))
    elif confirmation.outcome == ALREADY_IMPORTED:
        flash(ngettext("This file has already been imported (%(num)d row); nothing was imported "
                       "again.", "This file has already been imported (%(num)d rows); nothing "
                       "was imported again.", confirmation.rows))
    elif confirmation.outcome == EXPIRED:
        flash(_("The previewed file was kept for %(minutes)d minutes and has expired; nothing was "
                "imported. Please upload it again.", minutes=peer_uploads.lifetime_minutes()))
    elif confirmation.outcome == INVALID:
        flash(_("The file no longer passes the checks; nothing was imported. Please upload it "
                "again to see why."))
    else:
        flash(_("The previewed file has expired; please upload it again."))
    return redirect(url_for("staff.peers"))
