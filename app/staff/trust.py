"""The staff queue of results waiting for a decision, and the decisions: verify (the result joins
peer statistics) or exclude (with a reason). Analysts and admins may decide; every decision is a
POST with its CSRF token, recorded once with who and when (app.operations.trust)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from app.domain.provenance import Decision, DecisionRefused
from app.extensions import db
from app.models import Assessment
from app.next_url import safe_next
from app.operations.trust import decide
from app.questionnaires import library
from app.staff import bp, queue
from app.staff.forms import ExcludeForm, VerifyForm
from app.staff.routes import PAGE_SIZE, page_number

REFUSED = {"reason": _l("Say why the result is excluded."),
           "reason_long": _l("The reason is too long.")}


@bp.route("/trust")
@login_required
def trust_queue():
    total = queue.pending_count()
    page, pages = page_number(total), max(1, -(-total // PAGE_SIZE))
    return render_template("staff/trust_queue.html", rows=queue.pending_page(page, PAGE_SIZE),
                           total=total, page=page, pages=pages, books=library(),
                           verify_form=VerifyForm(), exclude_form=ExcludeForm(),
                           short_time_hours=int(queue.SHORT_TIME.total_seconds() // 3600))


def _back(assessment_id: int):
    target = safe_next(request.form.get("next"))
    return redirect(target or url_for("staff.assessment", assessment_id=assessment_id), 303)


@bp.post("/assessments/<int:assessment_id>/verify")
@login_required
def verify(assessment_id: int):
    db.get_or_404(Assessment, assessment_id)
    if not VerifyForm().validate_on_submit():  # only a missing or wrong CSRF token fails it
        abort(400)
    if decide(assessment_id, Decision.VERIFY, current_user.id):
        flash(_("Assessment %(id)d verified: it now counts in peer statistics.", id=assessment_id))
    else:
        flash(_("Assessment %(id)d had already been decided; nothing was changed.", id=assessment_id))
    return _back(assessment_id)


@bp.post("/assessments/<int:assessment_id>/exclude")
@login_required
def exclude(assessment_id: int):
    db.get_or_404(Assessment, assessment_id)
    form = ExcludeForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        flash(_("Not excluded: %(problem)s", problem=" ".join(
            str(e) for e in form.reason.errors) or REFUSED["reason"]))
        return _back(assessment_id)
    try:
        recorded = decide(assessment_id, Decision.EXCLUDE, current_user.id, form.reason.data)
    except DecisionRefused as refused:
        flash(_("Not excluded: %(problem)s", problem=REFUSED.get(refused.code, refused.code)))
        return _back(assessment_id)
    if recorded:
        flash(_("Assessment %(id)d excluded: it never counts in peer statistics.", id=assessment_id))
    else:
        flash(_("Assessment %(id)d had already been decided; nothing was changed.", id=assessment_id))
    return _back(assessment_id)
