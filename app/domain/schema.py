"""Building blocks of the data files' pydantic schemas: the strict base `Entry`, localized texts,
numbers and ids, each failing with a message an editor understands.

Validation is strict: YAML already gives each value its type, so "2" is not a number and an unquoted
`no` is not a text (YAML reads it as false). Texts are checked against the languages passed in the
validation context (`text_context`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, PlainValidator, ValidationError, ValidationInfo
from pydantic_core import InitErrorDetails, PydanticCustomError

from app.domain.datafile import BOOLEAN_HINT, describe, repeats


class Entry(BaseModel):
    """One mapping of a data file: only the keys the format knows, each of the right type."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def broken(message: str) -> PydanticCustomError:
    """An error of our own, whose message is shown as it is."""
    return PydanticCustomError("data_file", "{message}", {"message": message})


def fail(problems: list[tuple[tuple, str]], value: Any) -> None:
    """Raise one error per (path inside the value, message)."""
    raise ValidationError.from_exception_data("data file", [
        InitErrorDetails(type=broken(message), loc=path, input=value) for path, message in problems])


def number(what: str, accept: Callable[[float], bool] = lambda value: True, whole: bool = False) -> Any:
    """A number type: `what` says which numbers it takes ("a positive number")."""
    kinds = (int,) if whole else (int, float)

    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, kinds) or not math.isfinite(value) \
                or not accept(value):
            quoted = isinstance(value, str) and re.fullmatch(r"\s*-?\d+(\.\d+)?\s*", value)
            raise broken(f"must be {what}, not {describe(value)}" + (" (write it without quotes)"
                                                                      if quoted else ""))
        return value

    return Annotated[int if whole else float, PlainValidator(check)]


Number = number("a number")
Positive = number("a positive number", lambda value: value > 0)
Percent = number("a number from 0 to 100", lambda value: 0 <= value <= 100)
WholeNumber = number("a whole number", whole=True)
PositiveWhole = number("a whole number from 1 up", lambda value: value >= 1, whole=True)


def identifier(pattern: str, form: str) -> Any:
    """A text that must match `pattern`; `form` says what that means in words."""
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.fullmatch(value):
            raise broken(f"{value!r} must be {form}")
        return value

    return Annotated[str, AfterValidator(check)]


Id = identifier(r"[a-z][a-z0-9_]*", "lowercase letters, digits and underscores, starting with a letter")
OptionId = identifier(r"[A-Za-z0-9][A-Za-z0-9_-]*", "letters, digits, '-' and '_', starting with a letter "
                                                   "or digit")
LanguageCode = identifier(r"[a-z]{2,3}", "a language code such as es, en or pt")
CountryCode = identifier(r"[A-Z]{2}", "a two-letter country code (ISO 3166-1) such as AR")


def _no_repeats(values: list) -> list:
    repeated = repeats(values)
    if repeated:
        fail([((index,), f"{values[index]!r} is listed twice") for index in repeated], values)
    return values


Languages = Annotated[list[LanguageCode], AfterValidator(_no_repeats)]


def text_context(languages: tuple[str, ...] | None, others: bool = False) -> dict:
    """The validation context for texts: the languages each must have (None: not known, as when the
    file's own list is broken), and whether a text may also carry other languages."""
    return {"languages": languages, "other_languages": others}


def _localized(value: Any, info: ValidationInfo) -> dict[str, str]:
    context = info.context or {}
    languages = context.get("languages") or ()
    if not isinstance(value, dict):
        example = ", ".join(f"{lang}: ..." for lang in languages) or "es: ..., en: ..."
        raise broken(f"must give the text in each language, as in {{{example}}}, not {describe(value)}")
    if not value:
        raise broken("must give the text in at least one language")
    problems = []
    for lang, text in value.items():
        if languages and not context.get("other_languages") and lang not in languages:
            problems.append(((lang,), f"language {lang!r} is not declared in languages "
                                      f"({', '.join(languages)})"))
        elif text is not None and not isinstance(text, str):
            problems.append(((lang,), f"must be a text, not {describe(text)}"
                                      + (BOOLEAN_HINT if isinstance(text, bool) else "")))
    for lang in languages:
        text = value.get(lang)
        if text is None or (isinstance(text, str) and not text.strip()):
            problems.append(((lang,), f"missing translation for {lang!r}"))
    if problems:
        fail(problems, value)
    return value


Text = Annotated[dict[str, str], PlainValidator(_localized)]
"""One text in every language, e.g. {es: Estrategia, en: Strategy}."""
