"""Outgoing e-mail through the real job queue: RQ on the Redis server at 127.0.0.1:6379 (a queue
of this test's own), worker processes started with the documented command, and a real SMTP server
whose mailbox is read back. Skipped when no Redis answers, unless REQUIRE_REDIS is set."""

from __future__ import annotations

import time

import pytest
from redis import Redis
from rq import Queue

from app.extensions import db
from app.jobs import enqueue
from app.models import MessageStatus, OutgoingMessage
from app.operations.messages import queue_message, send_message
from tests.mailbox import links_in
from tests.servers import server_config
from tests.workers import Workers

pytestmark = pytest.mark.slow

@pytest.fixture
def app_config(mailbox, redis_url, queue_name):
    return {**mailbox.config(), "REDIS_URL": redis_url, "JOBS_QUEUE": queue_name,
            "MAIL_RETRY_INTERVALS": (1, 1)}


@pytest.fixture
def workers(app, tmp_path):
    config = server_config(app.config["SQLALCHEMY_DATABASE_URI"], **{
        key: app.config[key] for key in ("QUESTIONNAIRE_DIR", "REDIS_URL", "JOBS_QUEUE",
                                         "MAIL_SERVER", "MAIL_PORT", "MAIL_DEFAULT_SENDER",
                                         "MAIL_TIMEOUT")})
    running = Workers(config, tmp_path)
    yield running
    running.stop()


def wait_for_status(app, message_id: int, statuses: tuple[str, ...], workers: Workers,
                    timeout: float = 40) -> OutgoingMessage:
    deadline = time.monotonic() + timeout
    with app.app_context():
        while time.monotonic() < deadline:
            message = db.session.get(OutgoingMessage, message_id)
            if message.status in statuses:
                return message
            db.session.remove()
            time.sleep(0.2)
    raise AssertionError(f"message {message_id} not {statuses} after {timeout} s:\n"
                         f"{workers.logs()[-3000:]}")


def wait_until_idle(app, queue_name: str, workers: Workers, timeout: float = 40) -> None:
    """Every job of the queue has run (none waiting, running or scheduled)."""
    queue = Queue(queue_name, connection=Redis.from_url(app.config["REDIS_URL"]))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not (queue.count or queue.started_job_registry.count
                or queue.scheduled_job_registry.count):
            return
        time.sleep(0.2)
    raise AssertionError(f"queue {queue_name} still busy:\n{workers.logs()[-3000:]}")


def queue(address="ana@example.org", key="worker:1"):
    return queue_message("resume_link", recipient=address, locale="es", dedupe_key=key,
                         context={"submitted": False},
                         secrets={"link": "https://x.test/resume/T0K3N"}).id


def test_without_a_worker_the_message_waits_in_the_queue(app, mailbox, queue_name):
    with app.app_context():
        message_id = queue()
        assert db.session.get(OutgoingMessage, message_id).status == MessageStatus.QUEUED
    assert Queue(queue_name, connection=Redis.from_url(app.config["REDIS_URL"])).count == 1
    assert mailbox.messages == []


def test_a_message_enqueued_five_times_for_two_workers_is_delivered_once(app, mailbox, workers,
                                                                         queue_name):
    with app.app_context():
        message_id = queue()
        assert queue(key="worker:1") == message_id  # a double click queues nothing more
        for _ in range(4):  # duplicate jobs, as a retried or repeated enqueue would make
            enqueue(send_message, message_id)
    workers.start(2)
    message = wait_for_status(app, message_id, (MessageStatus.SENT,), workers)
    wait_until_idle(app, queue_name, workers)
    assert message.attempts == 1
    delivered = mailbox.wait_for(2, timeout=1)
    assert len(delivered) == 1
    assert links_in(delivered[0]) == ["https://x.test/resume/T0K3N"]


def test_a_refusal_for_now_is_retried_and_the_message_delivered_once(app, mailbox, workers,
                                                                     queue_name):
    mailbox.defer_next = 1
    workers.start()
    with app.app_context():
        message_id = queue()
    message = wait_for_status(app, message_id, (MessageStatus.SENT, MessageStatus.FAILED), workers)
    assert message.status == MessageStatus.SENT, (message.error_code, message.last_error)
    assert message.attempts == 2 and mailbox.attempts == 2
    wait_until_idle(app, queue_name, workers)
    with app.app_context():
        enqueue(send_message, message_id)  # the job run once more afterwards sends nothing
    wait_until_idle(app, queue_name, workers)
    assert len(mailbox.messages) == 1


def test_a_message_refused_for_now_every_time_fails_after_its_attempts(app, mailbox, workers):
    mailbox.defer_next = 99
    workers.start()
    with app.app_context():
        message_id = queue()
    message = wait_for_status(app, message_id, (MessageStatus.FAILED,), workers)
    assert message.attempts == 3  # the first attempt and the two retries configured
    assert message.error_code == "temporary_refusal" and "451" in message.last_error
    assert mailbox.messages == []


def test_a_refused_recipient_fails_at_once_with_the_reason(app, mailbox, workers, queue_name):
    mailbox.refused.add("nobody@example.org")
    workers.start()
    with app.app_context():
        message_id = queue(address="nobody@example.org")
    message = wait_for_status(app, message_id, (MessageStatus.FAILED,), workers)
    wait_until_idle(app, queue_name, workers)
    assert message.attempts == 1  # never retried
    assert message.error_code == "recipient_refused" and "550" in message.last_error
    assert mailbox.attempts == 0


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_worker_command_needs_redis(app, runner):
    app.config["REDIS_URL"] = None
    result = runner.invoke(args=["jobs", "worker", "--burst"])
    assert result.exit_code != 0
    assert "REDIS_URL is not set" in result.output
