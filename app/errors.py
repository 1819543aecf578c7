"""Error pages in the user's language that reveal nothing internal: no traceback, no SQL, no paths.

Every HTTP error, a failed CSRF check and an unexpected exception get the same page with a short
message; a database that cannot be reached gets 503 and the next request, once it is back, works
again without a restart (the pool checks connections before use and drops broken ones).
"""

from __future__ import annotations

from flask import Flask, current_app, render_template
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Forbidden"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("This page does not exist, or the link has expired.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too much data"), _l("What you sent is larger than this site accepts.")),
    429: (_l("Too many attempts"), _l("Please wait a moment before trying again.")),
    500: (_l("Something went wrong"),
          _l("An unexpected error occurred. Your saved answers are safe; please try again.")),
    503: (_l("Temporarily unavailable"),
          _l("The service is briefly unavailable. Your saved answers are safe; please try again "
             "in a few minutes.")),
}

# A failed CSRF check is usually a page left open after the session ended: say so.
CSRF_MESSAGE = _l("This form has expired or was sent from elsewhere. Please go back, reload the page "
                  "and try again.")

# Seconds a client is asked to wait before retrying while the database is unavailable.
RETRY_AFTER = "30"

# Headers of an HTTPException worth keeping on the custom page (Allow on 405, Retry-After on 429).
KEPT_HEADERS = ("Allow", "Retry-After")


def render_error(code: int, message=None, headers=None):
    """The error page for `code`; a status without a page of its own shows the generic client
    or server error page but keeps its status."""
    page = code if code in MESSAGES else (400 if 400 <= code < 500 else 500)
    title, default_message = MESSAGES[page]
    context = {"code": code, "title": title, "message": message or default_message}
    try:
        body = render_template("errors/error.html", **context)
    except Exception:  # noqa: BLE001 - the page must render even when the layout cannot
        body = minimal_page(**context)
    return body, code, headers or {}


def minimal_page(code: int, title, message) -> str:  # noqa: ARG001 - same context as the template
    """The error page without the layout, for when the layout itself fails (for example a
    navigation bar that needs the database while the database is down)."""
    return MINIMAL_PAGE.format(lang=escape(_current_language()), title=escape(str(title)),
                               message=escape(str(message)), home=escape(_("Go to the start page")))


def _current_language() -> str:
    default = current_app.config.get("BABEL_DEFAULT_LOCALE") or "en"
    try:
        return str(get_locale() or default)
    except Exception:  # noqa: BLE001
        return default


MINIMAL_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="/static/style.css"></head>
<body><main id="main"><section class="card"><h1>{title}</h1><p>{message}</p>
<p><a class="button" href="/">{home}</a></p></section></main></body></html>
"""


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if isinstance(error, CSRFError):
            return render_error(400, CSRF_MESSAGE)
        code = error.code or 500
        kept = {name: value for name, value in error.get_headers() if name in KEPT_HEADERS}
        return render_error(code, headers=kept)

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeoutError)
    def database_unavailable(error: Exception):
        app.logger.error("Database unavailable: %s", error.__class__.__name__)
        _discard_session()
        return render_error(ServiceUnavailable.code, headers={"Retry-After": RETRY_AFTER})

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        _discard_session()
        if error.connection_invalidated:
            app.logger.error("Database connection lost: %s", error.__class__.__name__)
            return render_error(ServiceUnavailable.code, headers={"Retry-After": RETRY_AFTER})
        app.logger.exception("Database error")
        return render_error(500)

    @app.errorhandler(InternalServerError)
    def server_error(error):
        return render_error(500)


def _discard_session() -> None:
    """Roll back whatever the failed request started; a dead connection may refuse even that."""
    from app.extensions import db

    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is already gone; the pool replaces it
        db.session.close()
