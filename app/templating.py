"""What every template can use: the current locale, the languages the page can be shown in (each
named in itself), a note when it cannot be shown in the visitor's, and a filter that picks a
questionnaire text in the current locale (`{{ question.text|localize }}`)."""

from flask import Flask, current_app
from flask_babel import get_locale

from app.locale import language_name, language_note, page_languages, questionnaire_languages
from app.questionnaires import version_label


def current_locale() -> str:
    return str(get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def localize(text) -> str:
    return "" if text is None else text(current_locale())


def init_app(app: Flask) -> None:
    app.add_template_filter(localize)
    app.add_template_global(questionnaire_languages)
    app.add_template_global(version_label)

    @app.context_processor
    def locale_context():
        languages = page_languages()
        return {"locale": current_locale(), "get_locale": get_locale, "languages": languages,
                "language_names": {code: language_name(code) for code in app.config["LANGUAGES"]},
                "language_note": language_note()}
