"""What every template can use: the current locale, the languages the page can be shown in (each
named in itself), a note when it cannot be shown in the visitor's, and a filter that picks a
questionnaire text in the current locale (`{{ question.text|localize }}`)."""

from flask import Flask, current_app
from flask_babel import get_locale, gettext

from app.locale import language_name, language_note, page_languages, questionnaire_languages


def current_locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def localize(text) -> str:
    return "" if text is None else text(current_locale())


def questionnaire_label(questionnaire_id: str, version: int) -> str:
    """A questionnaire version as people name it ("Digital maturity self-assessment, version 1"),
    not its file key; the key only for a version no longer served."""
    from app.questionnaires import library

    found = library().get(questionnaire_id, version)
    if found is None:
        return f"{questionnaire_id} v{version}"
    return gettext("%(title)s, version %(number)d", title=found.title(current_locale()),
                   number=version)


def init_app(app: Flask) -> None:
    app.add_template_filter(localize)
    app.add_template_global(questionnaire_languages)
    app.add_template_global(questionnaire_label)

    @app.context_processor
    def locale_context():
        languages = page_languages()
        return {"locale": current_locale(), "get_locale": get_locale, "languages": languages,
                "language_names": {code: language_name(code) for code in app.config["LANGUAGES"]},
                "language_note": language_note()}
