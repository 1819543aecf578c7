"""Which language a request is served in."""

from functools import cache

from babel import Locale
from flask import current_app, g, request, session

# The language of the draft this browser is filling in, kept in the session so that pages which do
# not load the draft (an error page, say) speak it too; never the staff area's language.
DRAFT_LOCALE_KEY = "draft_locale"
STAFF_BLUEPRINTS = ("staff", "auth")


def select_locale() -> str:
    """The respondent's explicit choice, then the assessment's stored language (the one loaded for
    this request, else the session's draft's), then the browser's Accept-Language, then the
    default (Spanish)."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    assessment = g.get("assessment")
    if assessment is not None and assessment.locale in languages:
        return assessment.locale
    if session.get(DRAFT_LOCALE_KEY) in languages and request.blueprint not in STAFF_BLUEPRINTS:
        return session[DRAFT_LOCALE_KEY]
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return "UTC"


@cache
def language_name(code: str) -> str:
    """A language named in itself ("Español", "English", "Português"), for the language switch."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]
