"""Handing one e-mail to the mail server (the standard library's smtplib), or, in development
without MAIL_SERVER, to the log.

Every failure becomes a `DeliveryFailure` with a code staff read in words (FAILURE_CODES), the
server's own reply, and whether trying again can help: a refused recipient is permanent, a server
that cannot be reached or answers 4xx ("try later") is temporary.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate

from flask import current_app
from flask_babel import lazy_gettext as _l

FAILURE_CODES = {
    "invalid_address": _l("Not a valid e-mail address"),
    "recipient_refused": _l("The recipient's mail server refused the address"),
    "sender_refused": _l("The mail server refused the sender address (MAIL_DEFAULT_SENDER)"),
    "refused": _l("The mail server refused the message"),
    "temporary_refusal": _l("The mail server asked to try again later"),
    "unreachable": _l("The mail server could not be reached"),
    "auth_failed": _l("The mail server refused the sign-in (MAIL_USERNAME, MAIL_PASSWORD)"),
    "not_configured": _l("E-mail is not configured (MAIL_SERVER)"),
}
MAX_ADDRESS_LENGTH = 254
MAX_REPLY_LENGTH = 400


class DeliveryFailure(Exception):
    def __init__(self, code: str, detail: str = "", permanent: bool = False):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail[:MAX_REPLY_LENGTH]
        self.permanent = permanent


@dataclass(frozen=True)
class Envelope:
    """One e-mail as it goes out."""

    recipient: str
    subject: str
    text: str
    html: str | None = None
    message_id: str | None = None  # the same on every attempt, so a receiver can spot a repeat


def valid_address(text: str | None) -> str | None:
    """The address as typed (trimmed), or None when it cannot be one: one @, a dotted domain, no
    spaces or control characters (nothing that could break out of a mail header)."""
    address = (text or "").strip()
    if not address or len(address) > MAX_ADDRESS_LENGTH:
        return None
    local, at, domain = address.rpartition("@")
    if not at or not local or "@" in local or "." not in domain.strip("."):
        return None
    if any(char.isspace() or ord(char) < 32 or char in '<>,;:"()[]\\' for char in address):
        return None
    if domain.startswith(".") or domain.endswith(".") or ".." in address:
        return None
    return address


def build_email(envelope: Envelope, sender: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = envelope.recipient
    email["Subject"] = envelope.subject
    email["Date"] = formatdate(localtime=False, usegmt=True)
    email["Auto-Submitted"] = "auto-generated"
    if envelope.message_id:
        email["Message-ID"] = envelope.message_id
    email.set_content(envelope.text)
    if envelope.html:
        email.add_alternative(envelope.html, subtype="html")
    return email


def deliver(envelope: Envelope) -> None:
    """Send it, or raise DeliveryFailure."""
    config = current_app.config
    if valid_address(envelope.recipient) is None:
        raise DeliveryFailure("invalid_address", envelope.recipient[:80], permanent=True)
    if not config.get("MAIL_SERVER"):
        if not config.get("MAIL_TO_LOG", True):
            raise DeliveryFailure("not_configured", permanent=True)
        print_to_log(envelope, config["MAIL_DEFAULT_SENDER"])
        return
    try:
        _send_smtp(build_email(envelope, config["MAIL_DEFAULT_SENDER"]), config)
    except smtplib.SMTPRecipientsRefused as error:
        code, reply = next(iter(error.recipients.values()), (550, b""))
        raise _refusal("recipient_refused", code, reply) from error
    except smtplib.SMTPAuthenticationError as error:
        raise DeliveryFailure("auth_failed", _reply(error.smtp_code, error.smtp_error)) from error
    except smtplib.SMTPSenderRefused as error:
        raise _refusal("sender_refused", error.smtp_code, error.smtp_error) from error
    except smtplib.SMTPResponseException as error:
        raise _refusal("refused", error.smtp_code, error.smtp_error) from error
    except (smtplib.SMTPException, OSError) as error:
        raise DeliveryFailure("unreachable", f"{error.__class__.__name__}: {error}") from error


def _send_smtp(email: EmailMessage, config) -> None:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    context = ssl.create_default_context()
    if config.get("MAIL_USE_SSL"):
        client = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=timeout)
    with client:
        if config.get("MAIL_USE_TLS") and not config.get("MAIL_USE_SSL"):
            client.starttls(context=context)
        if config.get("MAIL_USERNAME"):
            client.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
        client.send_message(email)


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {text}".strip()


def _refusal(code: str, smtp_code: int, reply: bytes | str) -> DeliveryFailure:
    """A 5xx reply is final; a 4xx one means "try again later"."""
    permanent = int(smtp_code) >= 500
    return DeliveryFailure(code if permanent else "temporary_refusal", _reply(smtp_code, reply),
                           permanent=permanent)


def print_to_log(envelope: Envelope, sender: str) -> None:
    """Development without a mail server: the whole message goes to the log, to be read there."""
    current_app.logger.info(
        "E-mail (not sent: MAIL_SERVER is not set)\nFrom: %s\nTo: %s\nSubject: %s\n\n%s",
        sender, envelope.recipient, envelope.subject, envelope.text)
