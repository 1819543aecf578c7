"""What every template can use: the current locale, the languages offered (each named in itself),
and a filter that picks a questionnaire text in it (`{{ question.text|localize }}`)."""

from flask import Flask
from flask_babel import get_locale

from app.locale import language_name


def current_locale() -> str:
    return str(get_locale() or "es")


def localize(text) -> str:
    return "" if text is None else text(current_locale())


def init_app(app: Flask) -> None:
    app.add_template_filter(localize)

    @app.context_processor
    def locale_context():
        languages = app.config["LANGUAGES"]
        return {"locale": current_locale(), "get_locale": get_locale, "languages": languages,
                "language_names": {code: language_name(code) for code in languages}}
