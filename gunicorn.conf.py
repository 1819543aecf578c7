"""gunicorn settings for `gunicorn wsgi:app` (gunicorn reads this file from the working directory).

Every value can be changed from the environment so one file serves a laptop, CI and production:
GUNICORN_BIND, WEB_CONCURRENCY (worker processes), GUNICORN_THREADS, GUNICORN_TIMEOUT.

Slow and stuck requests: what gunicorn can bound is bounded here (a connection that sends nothing
for 5 s goes back to the poller without a thread; idle keep-alive connections close after
`keepalive`; request lines and headers are limited in size and number; a worker whose main loop
stops is restarted after `timeout`), and PostgreSQL cancels a statement after
DATABASE_STATEMENT_TIMEOUT (config.py). What it cannot bound is a client that sends its headers
or body, or reads its answer, slowly: each such connection holds one of the worker's threads. So
production runs behind the buffering proxy of deploy/nginx-*.conf (README, "Deployment"), which
reads whole requests and responses itself and gives gunicorn only complete ones;
tests/test_slow_clients.py shows both sides.

The access log never shows a private resume or results link: the token in such a path (and any
`token=` query parameter or referer holding one) is replaced before the line is written.
"""

import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads let a worker wait on the database for one respondent while serving another.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 4))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 30
keepalive = 5
# Header size and count limits (gunicorn's defaults, stated): a request line over 4 KB, more than
# 100 headers or one over 8 KB gets 400 before any thread reads further.
limit_request_line = 4094
limit_request_fields = 100
limit_request_field_size = 8190
# Connections a worker holds at once (kept-alive ones included, each waiting without a thread).
worker_connections = int(os.environ.get("GUNICORN_WORKER_CONNECTIONS", 1000))
# Restart workers now and then so a slow leak (charts, caches) can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Each worker builds its own app and database pool after the fork; no connection is shared.
preload_app = False


def on_starting(server):
    """Tell the app how many workers this instance runs, also when --workers was given on the
    command line: its production start-up check (app/jobs.py) reads WEB_CONCURRENCY."""
    os.environ["WEB_CONCURRENCY"] = str(server.cfg.workers)


# The control socket lives at one fixed path per user, which several instances on one host would
# fight over; instances are managed by the process supervisor instead.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'

# A path segment after /resume/ or /results/ (or similar) is a private token.
TOKEN_IN_PATH = re.compile(r"(/(?:resume|results|shared|invitation|team/join|team/answers|r|report"
                           r"|token)/)[^/?#\s\"]+", re.IGNORECASE)
TOKEN_IN_QUERY = re.compile(r"([?&](?:token|t|resume)=)[^&#\s\"]+", re.IGNORECASE)
# The access-log fields that can hold a URL: request line, path, query, referer.
URL_ATOMS = ("r", "U", "q", "f")
URL_HEADERS = ("referer", "uri", "url", "path")


def app_redact():
    """The app's own redaction rule (app/logging.py), imported once in each worker."""
    global _app_redact
    if _app_redact is None:
        try:
            from app.logging import redact as found
        except ImportError:
            found = str
        _app_redact = found
    return _app_redact


_app_redact = None


def redact(text):
    """The text with every private token replaced."""
    if not isinstance(text, str):
        return text
    text = app_redact()(text)
    text = TOKEN_IN_PATH.sub(r"\1[redacted]", text)
    return TOKEN_IN_QUERY.sub(r"\1[redacted]", text)


class RedactingLogger(Logger):
    """gunicorn's logger with tokens removed from every access-log field that can hold a URL."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in atoms:
            if key in URL_ATOMS or (key.endswith("}i") and any(h in key for h in URL_HEADERS)):
                atoms[key] = redact(atoms[key])
        return atoms


logger_class = RedactingLogger
