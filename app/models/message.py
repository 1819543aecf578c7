"""Outgoing e-mail: one row per message, written by app/operations/messages.py and sent by its job.

A message is created at most once (its `dedupe_key` is unique: a double click or a retried job finds
the existing row) and sent at most once (the job claims it with a conditional update before it
talks to the mail server). What a message is about is its `assessment_id` and, for what later
features send (invitations of a round, team members), a generic `subject_kind` / `subject_id`.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.time import utcnow


class MessageStatus(StrEnum):
    QUEUED = "queued"  # waiting for its first attempt
    SENDING = "sending"  # claimed by a job that is talking to the mail server
    RETRYING = "retrying"  # a temporary failure; the queue tries again later
    SENT = "sent"  # accepted by the mail server (or printed, in development)
    FAILED = "failed"  # refused for good, or out of attempts: last_error says why


# A job may claim a message only in these states.
CLAIMABLE = (MessageStatus.QUEUED.value, MessageStatus.RETRYING.value)
FINAL = (MessageStatus.SENT.value, MessageStatus.FAILED.value)


class OutgoingMessage(db.Model):
    __table_args__ = (
        Index("ix_outgoing_message_subject", "subject_kind", "subject_id"),
        Index("ix_outgoing_message_status_created", "status", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the message is, e.g. "resume_link": staff read it as a label; its template is mail/<kind>.
    kind: Mapped[str] = mapped_column(String(40))
    recipient: Mapped[str] = mapped_column(String(254))
    # False: the address is replaced by a masked form once the message is sent or has failed.
    keep_recipient: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str] = mapped_column(String(10))
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    # Values (a private link) put into the body only when it is sent, then erased: the stored body
    # holds a placeholder instead, so no readable private link stays in the database.
    secrets: Mapped[dict[str, str] | None] = mapped_column(JSON(none_as_null=True))
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=MessageStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    # Why the last attempt failed: a code (app/mail.py FAILURE_CODES, shown in words) and the mail
    # server's own reply.
    error_code: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(String(500))
    assessment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assessment.id", ondelete="CASCADE"), index=True)
    subject_kind: Mapped[str | None] = mapped_column(String(40))
    subject_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    @property
    def is_final(self) -> bool:
        return self.status in FINAL

    def as_sent(self) -> tuple[str, str | None]:
        """The text and HTML bodies with their secrets put in (only while the secrets are kept)."""
        return fill_in(self.body_text, self.secrets), fill_in(self.body_html, self.secrets, html=True)


def placeholder(name: str) -> str:
    """What a secret's place holds in the stored body."""
    return f"[[{name}]]"


def fill_in(text: str | None, secrets: dict[str, Any] | None, html: bool = False) -> str | None:
    if text is None or not secrets:
        return text
    from markupsafe import escape

    for name, value in secrets.items():
        text = text.replace(placeholder(name), str(escape(value)) if html else str(value))
    return text


def masked_address(address: str) -> str:
    """"…@example.org": enough for staff to tell messages apart, not the person's address."""
    _local, at, domain = address.rpartition("@")
    return f"…@{domain}" if at else "…"
