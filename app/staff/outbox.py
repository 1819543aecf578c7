"""The admins' view of outgoing e-mail: recent messages with status, attempts, the reason of the
last failure and when each was sent, filtered by status."""

from __future__ import annotations

from flask import render_template, request
from flask_babel import lazy_gettext as _l

from app.auth.access import admin_required
from app.mail import FAILURE_CODES
from app.models.message import MessageStatus
from app.operations.messages import recent_messages
from app.staff import bp

STATUS_LABELS = {
    MessageStatus.QUEUED.value: _l("queued"),
    MessageStatus.SENDING.value: _l("sending"),
    MessageStatus.RETRYING.value: _l("failed, will retry"),
    MessageStatus.SENT.value: _l("sent"),
    MessageStatus.FAILED.value: _l("failed"),
}
KIND_LABELS = {
    "resume_link": _l("Private link, asked for by the respondent"),
    "fresh_link": _l("Fresh private link, issued by staff"),
    "round_invitation": _l("Invitation to a round"),
    "round_reminder": _l("Reminder of a round"),
}
PAGE_SIZE = 100


def message_labels() -> dict:
    """The words for a message's status, kind and failure code, for every template showing one."""
    return {"message_status_label": lambda status: str(STATUS_LABELS.get(status, status)),
            "message_kind_label": lambda kind: str(KIND_LABELS.get(kind, kind)),
            "message_error_label": lambda code: str(FAILURE_CODES.get(code, code or ""))}


@bp.route("/admin/messages")
@admin_required
def outbox():
    status = request.args.get("status", "")
    status = status if status in STATUS_LABELS else ""
    return render_template("staff/messages.html", messages=recent_messages(status or None,
                                                                           limit=PAGE_SIZE),
                           status=status, statuses=STATUS_LABELS, page_size=PAGE_SIZE,
                           **message_labels())
