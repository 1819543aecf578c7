"""`flask jobs worker|requeue`: the job queue's worker (RQ on Redis) and its repair command."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

jobs = AppGroup("jobs", help="Run the job queue's worker (needs REDIS_URL).")


def _require_redis() -> None:
    if not current_app.config.get("REDIS_URL"):
        raise click.UsageError("REDIS_URL is not set: without it jobs run inline in the web "
                               "process and no worker is needed.")


@jobs.command("worker")
@click.option("--queue", "queue_names", multiple=True,
              help="Queue to work on (repeatable); default JOBS_QUEUE.")
@click.option("--burst", is_flag=True, help="Stop once the queue is empty.")
def worker(queue_names: tuple[str, ...], burst: bool) -> None:
    """Work on the queue until stopped (SIGTERM finishes the current job first); it also runs
    the scheduler that starts retries when they are due."""
    from app.jobs import run_worker

    _require_redis()
    run_worker(current_app._get_current_object(), queue_names, burst=burst)


@jobs.command("requeue")
@click.option("--older-than", default=300, show_default=True,
              help="Seconds a message has been waiting.")
def requeue(older_than: int) -> None:
    """Queue again the messages still waiting for their first attempt (lost while Redis was
    down, say); a message is still sent only once."""
    from app.operations.messages import requeue_waiting

    click.echo(f"{requeue_waiting(older_than)} message(s) queued again")
