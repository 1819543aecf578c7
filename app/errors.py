"""Error pages in the user's language that reveal nothing internal: no traceback, no SQL, no paths.

Every HTTP error, a failed CSRF check and an unexpected exception get the same page with a short
message; a database that cannot be reached, or whose connection is lost at any point of the request
(app/database.py `database_unavailable`), gets 503 with Retry-After, and the next request, once it
is back, works again without a restart (the pool checks connections before use and drops broken
ones). Every one of these pages passes through the security headers (app/security.py).
"""

from __future__ import annotations

import contextlib

from flask import Flask, current_app, render_template, request, session
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from app.database import database_unavailable, reset_session

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


def render_error(code: int, message=None, headers=None, template: str = "errors/error.html"):
    """The error page for `code`; a status without a page of its own shows the generic client
    or server error page but keeps its status. `template` lets an area show the page in its own
    layout (the staff area, app/staff/errors.py).

    The language is settled first and forced for the rendering, so a page whose language would be
    read from the database (an assessment's stored language) still renders while it is down."""
    page = code if code in MESSAGES else (400 if 400 <= code < 500 else 500)
    title, default_message = MESSAGES[page]
    language = _current_language()
    with force_locale(language):
        context = {"code": code, "title": title, "message": message or default_message}
        try:
            body = render_template(template, **context)
        except Exception:  # noqa: BLE001 - the page must render even when the layout cannot
            body = minimal_page(language=language, **context)
    return body, code, headers or {}


def minimal_page(code: int, title, message, language: str = "es") -> str:  # noqa: ARG001
    """The error page without the layout, for when the layout itself fails (for example a
    navigation bar that needs the database while the database is down)."""
    return MINIMAL_PAGE.format(lang=escape(language), title=escape(str(title)),
                               message=escape(str(message)), home=escape(_("Go to the start page")))


def _current_language() -> str:
    """The request's language, or, when working it out fails (it may need the database), the
    visitor's explicit choice or browser language without it."""
    with contextlib.suppress(Exception):
        return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])
    try:
        languages = current_app.config["LANGUAGES"]
        chosen = session.get("locale")
        if chosen in languages:
            return chosen
        return request.accept_languages.best_match(languages) or current_app.config[
            "BABEL_DEFAULT_LOCALE"]
    except Exception:  # noqa: BLE001
        return current_app.config.get("BABEL_DEFAULT_LOCALE") or "en"


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

    @app.errorhandler(SQLAlchemyError)
    def database_error(error: SQLAlchemyError):
        _discard_session()
        if database_unavailable(error):
            return _unavailable(app, error)
        app.logger.exception("Database error")
        return render_error(500)

    @app.errorhandler(InternalServerError)
    def server_error(error: InternalServerError):
        # Whatever escaped the views (an after_request hook, the driver's own exception) and
        # turns out to be the database gone is still a 503.
        if database_unavailable(error.original_exception):
            _discard_session()
            return _unavailable(app, error.original_exception)
        return render_error(500)


def _unavailable(app: Flask, error: BaseException | None):
    kind = "connection lost" if isinstance(error, DBAPIError) and error.connection_invalidated \
        else "unavailable"
    app.logger.error("Database %s: %s", kind, error.__class__.__name__)
    return render_error(ServiceUnavailable.code, headers={"Retry-After": RETRY_AFTER})


def _discard_session() -> None:
    """Roll back whatever the failed request started; over a dead connection, drop it."""
    from app.extensions import db

    reset_session(db.session)
