"""Private tokens never reach a log: a filter that hides the token of every private link's path
(/resume/, /results/, /shared/, a round's /invitation/, a colleague's /team/join/ and
/team/answers/), on the loggers that write request lines (werkzeug's development server and
gunicorn's access log; gunicorn.conf.py also uses `redact`)."""

from __future__ import annotations

import logging
import re

from flask import Flask

# The path segments a private link's token follows.
PRIVATE_LINK_PATHS = ("resume", "results", "shared", "invitation", "team/join", "team/answers")
TOKEN_PATH = re.compile(r"(/(?:" + "|".join(PRIVATE_LINK_PATHS) + r")/)[^/?#\s\"']+")
REQUEST_LOGGERS = ("werkzeug", "gunicorn.access")


def redact(text: str) -> str:
    """`text` with the token of every private link's path replaced by "…"."""
    return TOKEN_PATH.sub(r"\1…", text)


class TokenFilter(logging.Filter):
    """Rewrites a record's message with its tokens redacted (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True


def init_app(app: Flask) -> None:  # noqa: ARG001 - loggers are process-wide, set once
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenFilter) for f in logger.filters):
            logger.addFilter(TokenFilter())
