"""Which language a request is served in."""

from flask import current_app, g, request, session


def select_locale() -> str:
    """The respondent's explicit choice, then the assessment's stored language, then the browser's
    Accept-Language, then the default (Spanish)."""
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    assessment = g.get("assessment")
    if assessment is not None and assessment.locale in languages:
        return assessment.locale
    return request.accept_languages.best_match(languages) or current_app.config[
        "BABEL_DEFAULT_LOCALE"]


def select_timezone() -> str:
    return "UTC"
