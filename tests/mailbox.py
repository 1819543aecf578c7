"""A real SMTP server for the tests (aiosmtpd on a free port, in a thread of the test process) that
keeps every message it accepts and refuses on demand: some recipients for good (550), or the next
N messages for now (451, "try again later"). Worker processes started by a test reach it too."""

from __future__ import annotations

import contextlib
import email
import re
import threading
import time
from email.message import EmailMessage
from email.policy import default

from aiosmtpd.controller import Controller

from tests.servers import free_port

LINK = re.compile(r"https?://\S+")


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.refused: set[str] = set()
        self.defer_next = 0
        self.attempts = 0  # DATA commands seen, accepted or not
        self.port = 0
        self._lock = threading.Lock()

    # aiosmtpd handler hooks
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower() in self.refused:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self._lock:
            self.attempts += 1
            if self.defer_next > 0:
                self.defer_next -= 1
                return "451 4.3.0 Mailbox busy, try again later"
            message = email.message_from_bytes(envelope.content, policy=default)
            message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
            self.messages.append(message)
        return "250 Message accepted for delivery"

    # what tests use
    def config(self) -> dict:
        return {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": self.port,
                "MAIL_DEFAULT_SENDER": "Autodiagnóstico <no-reply@example.org>", "MAIL_TIMEOUT": 5}

    def wait_for(self, count: int, timeout: float = 20) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and len(self.messages) < count:
            time.sleep(0.05)
        return list(self.messages)


def text_of(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def links_in(message: EmailMessage) -> list[str]:
    return LINK.findall(text_of(message))


@contextlib.contextmanager
def running_mailbox():
    mailbox = Mailbox()
    mailbox.port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=mailbox.port)
    controller.start()
    try:
        yield mailbox
    finally:
        controller.stop()
