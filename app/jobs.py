"""Slow work off the request: a job queue on Redis (RQ) when REDIS_URL is set, inline otherwise.

`enqueue(function, *args)` is the one way to start a job. A job is a module-level function that
takes only ids (never the app or ORM objects) and runs inside an app context: the worker
(`flask --app wsgi jobs worker`, AppWorker below) gives each job a fresh one. Without REDIS_URL
(development, `make run`) the job runs at once in the calling request, so nothing else needs to
run; the caller commits what the job will read before it enqueues.

`init_app` is also the production start-up check: several workers or instances without REDIS_URL
would each keep their own rate limits, so such a configuration refuses to start.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

from flask import Flask, current_app
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry, SimpleWorker, get_current_job


def redis_connection() -> Redis:
    """One connection per app (redis-py pools inside it)."""
    app = current_app
    connection = app.extensions.get("jobs_redis")
    if connection is None:
        connection = Redis.from_url(app.config["REDIS_URL"])
        app.extensions["jobs_redis"] = connection
    return connection


def job_queue(name: str | None = None) -> Queue:
    return Queue(name or current_app.config["JOBS_QUEUE"], connection=redis_connection())


def queued() -> bool:
    """True when jobs go to the Redis queue, False when they run inline."""
    return bool(current_app.config.get("REDIS_URL"))


def enqueue(function: Callable[..., Any], *args: Any,
            retry_intervals: Sequence[int] = ()) -> None:
    """Run `function(*args)` as a job: on the queue (retried after each of `retry_intervals`
    seconds when it raises), or inline without REDIS_URL (once; its failure is logged, never
    raised into the request that started it)."""
    if not queued():
        try:
            function(*args)
        except Exception:  # noqa: BLE001 - a failed job must not fail the page that started it
            current_app.logger.exception("Inline job %s%r failed", function.__name__, args)
        return
    retry = Retry(max=len(retry_intervals), interval=list(retry_intervals)) if retry_intervals else None
    try:
        job_queue().enqueue(function, *args, retry=retry)
    except RedisError as error:
        # What the job would have done stays to do (a queued message is still "queued" and
        # `flask jobs requeue` puts it back): the request goes on.
        current_app.logger.error("Could not queue %s%r: %s", function.__name__, args, error)


def retries_left() -> int:
    """How many more times the queue will run the current job if it raises now (0 inline)."""
    job = get_current_job()
    return int(job.retries_left or 0) if job is not None else 0


class AppWorker(SimpleWorker):
    """An RQ worker that runs each job in its own app context (a fresh database session), in its
    own process without forking, so the app and its connection pool are built once."""

    app: Flask

    def execute_job(self, job, queue):
        with self.app.app_context():
            return super().execute_job(job, queue)


def run_worker(app: Flask, queue_names: Sequence[str] = (), burst: bool = False) -> None:
    worker = AppWorker([job_queue(name) for name in (queue_names or [app.config["JOBS_QUEUE"]])],
                       connection=redis_connection())
    worker.app = app
    worker.work(burst=burst, with_scheduler=True)


# -- the start-up check ---------------------------------------------------------------------------
def web_workers() -> int:
    """Worker processes of this instance: gunicorn.conf.py puts the real count in WEB_CONCURRENCY
    when it starts; any other process (a command, `flask run`) is one."""
    value = os.environ.get("WEB_CONCURRENCY", "")
    return int(value) if value.strip().isdigit() else 1


def shared_state_problem(config) -> str | None:
    """Why this configuration cannot run without Redis, or None."""
    if config.get("REDIS_URL"):
        return None
    workers, instances = web_workers(), int(config.get("INSTANCES") or 1)
    if workers > 1 or instances > 1:
        return (f"REDIS_URL is not set but {instances} instance(s) x {workers} worker(s) are "
                "configured (INSTANCES, WEB_CONCURRENCY): rate limits would be counted by each "
                "worker on its own. Set REDIS_URL, or run one instance with WEB_CONCURRENCY=1.")
    return None


def init_app(app: Flask) -> None:
    """In production: refuse what cannot work, say what will not be shared."""
    if not app.config.get("REQUIRE_SHARED_STATE"):
        return
    if not app.config.get("MAIL_SERVER"):
        app.logger.warning("MAIL_SERVER is not set: e-mail is recorded as failed, not sent.")
    if app.config.get("REDIS_URL"):
        return
    problem = shared_state_problem(app.config)
    if problem:
        raise RuntimeError(problem)
    app.logger.warning(
        "REDIS_URL is not set: rate limits are kept in this process's memory and jobs (e-mail) "
        "run inline in the request, without retries. That is fine for one instance with one "
        "worker only; set REDIS_URL (and run `flask --app wsgi jobs worker`) for more.")
