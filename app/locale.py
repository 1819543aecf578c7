"""Which language a request is served in, and which languages its page can be shown in.

The interface languages are the configuration's LANGUAGES (each with a catalog in translations/).
A page about one assessment (its survey pages, its report, its shared report) also shows the
questionnaire's texts, so it can be shown only in the languages its questionnaire version has:
version 1 has Spanish and English, not Portuguese. A visitor who wants another language sees such
a page in one it has, with a note in their own language saying why (`language_note`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale
from babel.lists import format_list
from flask import current_app, g, has_request_context, request, session
from flask_babel import force_locale, gettext

from app.domain.questionnaire import Questionnaire

LOCALE_KEY = "locale"  # the session's explicit choice


def interface_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def default_language() -> str:
    """BABEL_DEFAULT_LOCALE when it is offered, else the first interface language."""
    languages = interface_languages()
    default = current_app.config.get("BABEL_DEFAULT_LOCALE")
    return default if default in languages else languages[0]


def questionnaire_languages(questionnaire: Questionnaire | None) -> tuple[str, ...]:
    """The interface languages (in LANGUAGES' order) a page of this questionnaire version can be
    shown in: those it has texts in (all of them for no questionnaire)."""
    languages = interface_languages()
    if questionnaire is None:
        return languages
    return tuple(code for code in languages if code in questionnaire.languages) or languages


def language_for(questionnaire: Questionnaire | None, wanted: str | None) -> str:
    """`wanted` when the questionnaire's pages can be shown in it; else the request's language,
    or the questionnaire's first, when they can (for exports and charts asked for by `?lang=`)."""
    languages = questionnaire_languages(questionnaire)
    if wanted in languages:
        return wanted
    current = _current() if has_request_context() else None
    return current if current in languages else languages[0]


def _current() -> str | None:
    from flask_babel import get_locale

    locale = get_locale()
    return str(locale) if locale is not None else None


def _page_questionnaire() -> Questionnaire | None:
    """The questionnaire version of the assessment this request is about (g.assessment), if any."""
    assessment = g.get("assessment")
    if assessment is None:
        return None
    from app.questionnaires import library

    return library().get(assessment.questionnaire_id, assessment.questionnaire_version)


def page_languages() -> tuple[str, ...]:
    """The languages this request's page can be shown in (and its language switch offers)."""
    if not has_request_context():
        return interface_languages()
    return questionnaire_languages(_page_questionnaire())


def wanted_language() -> str | None:
    """The interface language the visitor asked for: their explicit choice, else their browser's
    (Accept-Language); None when neither is offered."""
    languages = interface_languages()
    chosen = session.get(LOCALE_KEY)
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages)

# The language of the draft this browser is filling in, kept in the session so that pages which do
# not load the draft (an error page, say) speak it too; never the staff area's language.
DRAFT_LOCALE_KEY = "draft_locale"
STAFF_BLUEPRINTS = ("staff", "auth")


def select_locale() -> str:
    """The respondent's explicit choice, then the assessment's stored language (the one loaded for
    this request, else the session's draft's, outside the staff area), then the browser's
    Accept-Language, then the default: each only when the page can be shown in it."""
    languages = page_languages()
    chosen = session.get(LOCALE_KEY)
    if chosen in languages:
        return chosen
    assessment = g.get("assessment")
    if assessment is not None and assessment.locale in languages:
        return assessment.locale
    if session.get(DRAFT_LOCALE_KEY) in languages and request.blueprint not in STAFF_BLUEPRINTS:
        return session[DRAFT_LOCALE_KEY]
    found = request.accept_languages.best_match(languages)
    if found:
        return found
    default = default_language()
    return default if default in languages else languages[0]


def select_timezone() -> str:
    return "UTC"


@cache
def language_name(code: str) -> str:
    """A language named in itself ("Español", "English", "Português"), for the language switch."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class LanguageNote:
    lang: str  # the language the note is written in: the one the visitor wanted
    text: str


def language_note() -> LanguageNote | None:
    """When the visitor wants a language this page cannot be shown in: a note, in that language,
    saying which version of the questionnaire the page shows and in which languages it exists."""
    if not has_request_context():
        return None
    wanted, languages = wanted_language(), page_languages()
    questionnaire = _page_questionnaire()
    if wanted is None or wanted in languages or questionnaire is None:
        return None
    names = format_list([Locale.parse(code).get_display_name(wanted) for code in languages],
                        locale=wanted)
    with force_locale(wanted):
        text = gettext("This assessment uses version %(version)d of the questionnaire, which "
                       "exists only in %(languages)s, so this page is shown in one of them.",
                       version=questionnaire.version, languages=names)
    return LanguageNote(wanted, text)
