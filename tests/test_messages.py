"""Outgoing e-mail without Redis: queue_message stores a message once and sends it inline (in the
request) through a real SMTP server, records failures with the reason, prints to the log in
development, and admins see every message's status."""

import logging

import pytest

from app.extensions import db
from app.models import MessageStatus, OutgoingMessage
from app.operations.messages import InvalidAddress, queue_message, send_message
from tests.factories import html, staff_client, submitted
from tests.mailbox import links_in, text_of


@pytest.fixture
def app_config(mailbox):
    return mailbox.config()


def queue(address="ana@example.org", key="test:1", locale="es", **more):
    return queue_message("resume_link", recipient=address, locale=locale, dedupe_key=key,
                         context={"submitted": False}, secrets={"link": "https://x.test/resume/T0K3N"},
                         **more)


def test_a_message_is_sent_inline_in_its_language_with_its_secret_put_in(app, mailbox):
    with app.app_context():
        message = queue(locale="es")
        assert message.status == MessageStatus.SENT
        assert message.attempts == 1 and message.sent_at is not None
        delivered = mailbox.wait_for(1)
        assert len(delivered) == 1
        assert delivered[0]["To"] == "ana@example.org"
        assert "enlace privado" in delivered[0]["Subject"]
        assert links_in(delivered[0]) == ["https://x.test/resume/T0K3N"]
        assert "privado" in text_of(delivered[0])
        # The stored copy keeps no readable link once it is sent.
        db.session.refresh(message)
        assert "T0K3N" not in message.body_text and message.secrets is None
        assert "[[link]]" in message.body_text


def test_english_message(app, mailbox):
    with app.app_context():
        queue(locale="en")
    assert "Your private link" in mailbox.wait_for(1)[0]["Subject"]


def test_the_same_dedupe_key_queues_and_sends_once(app, mailbox):
    with app.app_context():
        first = queue(key="double-click")
        second = queue(key="double-click")
        assert first.id == second.id
        send_message(first.id)  # a job run again finds the message already sent
        assert db.session.query(OutgoingMessage).count() == 1
        assert db.session.get(OutgoingMessage, first.id).attempts == 1
    assert len(mailbox.wait_for(2, timeout=1)) == 1


def test_a_refused_recipient_is_recorded_as_failed_with_the_servers_reason(app, mailbox):
    mailbox.refused.add("nobody@example.org")
    with app.app_context():
        message = queue(address="nobody@example.org")
        assert message.status == MessageStatus.FAILED
        assert message.error_code == "recipient_refused"
        assert "550" in message.last_error and "User unknown" in message.last_error
        assert message.secrets is None
    assert mailbox.messages == []


def test_inline_a_temporary_failure_is_final_and_says_why(app, mailbox):
    """Without a queue nothing can retry later: the message is failed with the server's answer."""
    mailbox.defer_next = 1
    with app.app_context():
        message = queue()
        assert message.status == MessageStatus.FAILED
        assert message.error_code == "temporary_refusal" and "451" in message.last_error


def test_an_unreachable_server_fails_the_message_not_the_request(app, mailbox):
    app.config["MAIL_PORT"] = 1  # nothing listens there
    with app.app_context():
        message = queue()
        assert message.status == MessageStatus.FAILED
        assert message.error_code == "unreachable"


@pytest.mark.parametrize("address", ["", "ana", "ana@localhost", "a b@example.org",
                                     "ana@example.org\nBcc: x@example.org", "<a@example.org>"])
def test_an_address_that_cannot_be_one_stores_nothing(app, address):
    with app.app_context():
        with pytest.raises(InvalidAddress):
            queue(address=address)
        assert db.session.query(OutgoingMessage).count() == 0


def test_a_forgotten_recipient_is_masked_once_sent(app, mailbox):
    with app.app_context():
        message = queue(keep_recipient=False)
        assert message.recipient == "…@example.org"
    assert mailbox.wait_for(1)[0]["To"] == "ana@example.org"


def test_admins_see_status_attempts_reason_and_filter_by_status(app, mailbox):
    mailbox.refused.add("nobody@example.org")
    with app.app_context():
        assessment_id = submitted().id
        queue(key="a", assessment_id=assessment_id)
        queue(address="nobody@example.org", key="b")
    admin = staff_client(app, "admin")
    page = html(admin.get("/staff/admin/messages"))
    assert "ana@example.org" in page and "nobody@example.org" in page
    assert "User unknown" in page
    assert f'href="/staff/assessments/{assessment_id}"' in page
    failed = html(admin.get("/staff/admin/messages?status=failed"))
    assert "nobody@example.org" in failed and "ana@example.org" not in failed
    sent = html(admin.get("/staff/admin/messages?status=sent"))
    assert "ana@example.org" in sent and "nobody@example.org" not in sent
    assert admin.get("/staff/admin/messages?status=<script>").status_code == 200
    assert "/staff/admin/messages" in html(admin.get("/staff/admin/"))


def test_analysts_cannot_open_the_messages_page(app):
    analyst = staff_client(app, "analyst")
    assert analyst.get("/staff/admin/messages").status_code == 403
    assert app.test_client().get("/staff/admin/messages").status_code == 302


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_without_a_mail_server_development_prints_the_message_to_the_log(app, caplog):
    app.config["MAIL_SERVER"] = ""
    caplog.set_level(logging.INFO, logger="app")
    with app.app_context():
        message = queue()
        assert message.status == MessageStatus.SENT
    assert "https://x.test/resume/T0K3N" in caplog.text
    assert "To: ana@example.org" in caplog.text


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_without_a_mail_server_production_records_a_failure_and_logs_no_link(app, caplog):
    app.config.update(MAIL_SERVER="", MAIL_TO_LOG=False)
    caplog.set_level(logging.INFO, logger="app")
    with app.app_context():
        message = queue()
        assert message.status == MessageStatus.FAILED
        assert message.error_code == "not_configured"
    assert "T0K3N" not in caplog.text
