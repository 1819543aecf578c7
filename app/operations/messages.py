"""Outgoing e-mail: every message is queued here once and sent by one job, at most once.

    queue_message("resume_link", recipient="ana@example.org", locale="es",
                  dedupe_key=f"resume-link:{assessment.id}:{nonce}",
                  context={"submitted": False}, secrets={"link": url},
                  assessment_id=assessment.id)

renders mail/<kind>.txt in the message's language (its `subject` and `body` blocks, and
mail/<kind>.html when there is one), stores the message, commits, and enqueues `send_message`.
A second call with the same dedupe_key (a double click, a retried job) returns the stored message
and queues nothing. `secrets` (a private link) are put into the body only when it goes out and are
erased afterwards; the stored body keeps a placeholder.

`send_message(message_id)` claims the message with a conditional update (queued or retrying ->
sending), so two workers, a job enqueued twice or a retried job never send it twice, hands it to
app/mail.py, and records sent, retrying (a temporary failure: the queue runs the job again) or
failed with the reason.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import current_app
from flask_babel import force_locale
from jinja2 import TemplateNotFound
from sqlalchemy import select, update

from app.database import upsert_insert
from app.extensions import db
from app.jobs import enqueue, retries_left
from app.mail import DeliveryFailure, Envelope, deliver, valid_address
from app.models.message import (
    CLAIMABLE,
    MessageStatus,
    OutgoingMessage,
    masked_address,
    placeholder,
)
from app.models.time import utcnow

TEMPLATE_FOLDER = "mail"


class InvalidAddress(ValueError):
    """The recipient cannot be an e-mail address; nothing was stored."""


class TemporaryDeliveryFailure(Exception):
    """Raised out of the job so the queue runs it again later (RQ's Retry)."""


# -- composing ------------------------------------------------------------------------------------
def message_language(locale: str | None) -> str:
    languages = current_app.config["LANGUAGES"]
    return locale if locale in languages else languages[0]


def compose(template: str, locale: str, context: Mapping[str, Any]) -> tuple[str, str, str | None]:
    """Subject, text and HTML (or None) of mail/<template>, rendered in `locale`. Rendering needs
    an app context only (no request), so a job can compose too."""
    env = current_app.jinja_env
    with force_locale(locale):
        text_template = env.get_template(f"{TEMPLATE_FOLDER}/{template}.txt")
        subject = " ".join(_block(text_template, "subject", context).split())
        text = _tidy(_block(text_template, "body", context))
        try:
            html = env.get_template(f"{TEMPLATE_FOLDER}/{template}.html").render(context)
        except TemplateNotFound:
            html = None
    return subject, text, html


def _block(template, name: str, context: Mapping[str, Any]) -> str:
    return "".join(template.blocks[name](template.new_context(dict(context))))


def _tidy(text: str) -> str:
    """Template whitespace out: lines trimmed, at most one blank line between paragraphs."""
    lines, blank = [], False
    for line in (raw.strip() for raw in text.strip().splitlines()):
        if line or not blank:
            lines.append(line)
        blank = not line
    return "\n".join(lines) + "\n"


# -- queueing -------------------------------------------------------------------------------------
def queue_message(kind: str, *, recipient: str, locale: str | None, dedupe_key: str,
                  context: Mapping[str, Any] | None = None,
                  secrets: Mapping[str, str] | None = None, template: str | None = None,
                  assessment_id: int | None = None, subject_kind: str | None = None,
                  subject_id: int | None = None, keep_recipient: bool = True) -> OutgoingMessage:
    """Store the message once (by `dedupe_key`), commit, and queue its sending.

    `kind` names the message for staff and, unless `template` is given, its template
    mail/<kind>.txt. `context` is what the template reads; each name in `secrets` is a value the
    template shows as {{ name }}, put in only when the message goes out. With
    `keep_recipient=False` the address is masked once the message is sent or has failed.
    Raises InvalidAddress for a recipient that cannot be an address.
    """
    address = valid_address(recipient)
    if address is None:
        raise InvalidAddress(recipient)
    locale = message_language(locale)
    names = {name: placeholder(name) for name in (secrets or {})}
    subject, text, html = compose(template or kind, locale, {**(context or {}), **names})
    statement = upsert_insert(OutgoingMessage, db.engine).values(
        kind=kind, recipient=address, keep_recipient=keep_recipient, locale=locale,
        subject=subject[:300], body_text=text, body_html=html, secrets=dict(secrets or {}) or None,
        dedupe_key=dedupe_key, status=MessageStatus.QUEUED.value, attempts=0,
        assessment_id=assessment_id, subject_kind=subject_kind, subject_id=subject_id,
        created_at=utcnow(),
    ).on_conflict_do_nothing(index_elements=["dedupe_key"]).returning(OutgoingMessage.id)
    created_id = db.session.execute(statement).scalar()  # None: the key was there already
    db.session.commit()
    if created_id is not None:
        enqueue(send_message, created_id,
                retry_intervals=tuple(current_app.config["MAIL_RETRY_INTERVALS"]))
    message = db.session.scalar(select(OutgoingMessage).filter_by(dedupe_key=dedupe_key))
    db.session.refresh(message)  # what an inline job recorded
    return message


def requeue_waiting(older_than_seconds: int = 300) -> int:
    """Queue again the messages still waiting for a first attempt (their enqueue was lost, for
    example while Redis was down); the claim makes a duplicate job harmless."""
    cutoff = utcnow() - timedelta(seconds=older_than_seconds)
    ids = list(db.session.scalars(select(OutgoingMessage.id).where(
        OutgoingMessage.status == MessageStatus.QUEUED.value, OutgoingMessage.created_at < cutoff)))
    for message_id in ids:
        enqueue(send_message, message_id,
                retry_intervals=tuple(current_app.config["MAIL_RETRY_INTERVALS"]))
    return len(ids)


# -- sending (the job) ----------------------------------------------------------------------------
def send_message(message_id: int) -> None:
    """The job: send one message at most once, and record what happened."""
    if not _claim(message_id):
        return
    message = db.session.get(OutgoingMessage, message_id)
    text, html = message.as_sent()
    envelope = Envelope(message.recipient, message.subject, text, html, _message_id(message))
    try:
        deliver(envelope)
    except DeliveryFailure as failure:
        will_retry = not failure.permanent and retries_left() > 0
        _record(message_id, MessageStatus.RETRYING if will_retry else MessageStatus.FAILED,
                error_code=failure.code, last_error=failure.detail or None)
        if will_retry:
            raise TemporaryDeliveryFailure(str(failure)) from failure
        return
    _record(message_id, MessageStatus.SENT, sent_at=utcnow(), error_code=None, last_error=None)


def _claim(message_id: int) -> bool:
    claimed = db.session.execute(
        update(OutgoingMessage)
        .where(OutgoingMessage.id == message_id, OutgoingMessage.status.in_(CLAIMABLE))
        .values(status=MessageStatus.SENDING.value, attempts=OutgoingMessage.attempts + 1,
                claimed_at=utcnow()))
    db.session.commit()
    return claimed.rowcount == 1


def _record(message_id: int, status: MessageStatus, **values: Any) -> None:
    """The outcome of this attempt; a final one also erases the secrets and, for a message that
    must not keep it, the address."""
    message = db.session.get(OutgoingMessage, message_id)
    values["status"] = status.value
    if status in (MessageStatus.SENT, MessageStatus.FAILED):
        values["secrets"] = None
        if not message.keep_recipient:
            values["recipient"] = masked_address(message.recipient)
    db.session.execute(update(OutgoingMessage)
                       .where(OutgoingMessage.id == message_id,
                              OutgoingMessage.status == MessageStatus.SENDING.value)
                       .values(**values))
    db.session.commit()


def _message_id(message: OutgoingMessage) -> str:
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    domain = sender.rpartition("@")[2].strip("> ") or "localhost"
    digest = hashlib.sha256(message.dedupe_key.encode()).hexdigest()[:16]
    return f"<message-{message.id}.{digest}@{domain}>"


# -- reading (staff pages) ------------------------------------------------------------------------
def recent_messages(status: str | None = None, assessment_id: int | None = None,
                    limit: int = 100) -> list[OutgoingMessage]:
    """The newest messages first, optionally of one status or about one assessment."""
    query = select(OutgoingMessage).order_by(OutgoingMessage.created_at.desc(),
                                             OutgoingMessage.id.desc()).limit(limit)
    if status:
        query = query.where(OutgoingMessage.status == status)
    if assessment_id is not None:
        query = query.where(OutgoingMessage.assessment_id == assessment_id)
    return list(db.session.scalars(query))


def latest_by_subject(subject_kind: str, subject_ids: list[int]) -> dict[int, OutgoingMessage]:
    """The newest message about each of these subjects (each invitation of a round, say)."""
    latest: dict[int, OutgoingMessage] = {}
    if not subject_ids:
        return latest
    rows = db.session.scalars(select(OutgoingMessage).where(
        OutgoingMessage.subject_kind == subject_kind, OutgoingMessage.subject_id.in_(subject_ids))
        .order_by(OutgoingMessage.created_at, OutgoingMessage.id))
    for message in rows:
        latest[message.subject_id] = message
    return latest
