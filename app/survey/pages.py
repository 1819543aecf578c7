"""What a survey page shows of its questions, in the page's language: immutable data, built once per
(questionnaire, page, language) and kept, so a request looks up no questionnaire text and no
interface word of the question templates; the templates render it with the respondent's answers on
every request.

Each question is rendered by the `question(q, value, error)` macro of its type's template
(`questions/<type>.html`, named by the type's form adapter)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup

from app.domain.questionnaire import Question, Questionnaire
from app.survey.fields import field_for
from app.survey.forms import InputName, page_inputs, page_questions

LEVELS = 9  # "Level n" words kept per language; a longer ladder would be looked up as it renders


@dataclass(frozen=True)
class Words:
    """The interface words the question templates use, in one language."""

    optional: str
    error: str
    not_applicable: str
    not_applicable_here: str
    choose: str
    levels: tuple[str, ...]

    def level(self, number: int) -> str:
        return self.levels[number - 1] if 0 < number <= len(self.levels) else _(
            "Level %(number)d", number=number)


@dataclass(frozen=True)
class Choice:
    """An option: its input's id on the page, and its position in words ("Level 2") where its
    question numbers its options."""

    id: str
    label: str
    input_id: str
    ordinal: str
    exclusive: bool = False


@dataclass(frozen=True)
class GridRow:
    id: str
    label: str
    field: InputName


@dataclass(frozen=True)
class PageQuestion:
    """A question as its template (`template`, from the type's form adapter) shows it."""

    question: Question
    field: InputName
    template: str
    text: str
    help: str
    choices: tuple[Choice, ...]
    rows: tuple[GridRow, ...]
    words: Words

    @property
    def id(self) -> str:
        return self.question.id


def page_view(questionnaire: Questionnaire, step: str, locale: str) -> tuple[PageQuestion, ...]:
    """The page's questions with their texts in `locale` (the language the request renders in)."""
    cache = current_app.extensions.setdefault("survey_page_views", {})
    key = (questionnaire.key, step, locale)
    if key not in cache:
        inputs = page_inputs(questionnaire, step)
        words = _words()
        cache[key] = tuple(_localized(q, inputs[q.id], locale, words)
                           for q in page_questions(questionnaire, step))
    return cache[key]


def _words() -> Words:
    """The words in the request's language (which the page view is kept for)."""
    return Words(optional=_("optional"), error=_("Error:"), not_applicable=_("Not applicable"),
                 not_applicable_here=_("Not applicable to our organization"), choose=_("Choose…"),
                 levels=tuple(_("Level %(number)d", number=n) for n in range(1, LEVELS + 1)))


def _localized(question: Question, field: InputName, locale: str, words: Words) -> PageQuestion:
    adapter = field_for(question)
    return PageQuestion(
        question=question, field=field, template=adapter.template,
        text=question.text(locale), help=question.help(locale) if question.help else "",
        choices=tuple(Choice(o.id, o.label(locale), f"{field.id}-{o.id}",
                             words.level(number) if adapter.numbered else "", o.exclusive)
                      for number, o in enumerate(question.options, start=1)),
        rows=tuple(GridRow(r.id, r.label(locale), field[r.id]) for r in question.rows),
        words=words)


@dataclass(frozen=True)
class PageWords:
    """The interface words of a survey page around its questions (saving, progress, steps), in
    one language: looked up once per language, not on every page."""

    saving: str
    saved: str
    offline: str
    retrying: str
    failed: str
    restore_note: str
    restore: str
    discard: str
    saved_by_buttons: str
    saved_on_start: str
    saved_as_given: str
    later: str
    progress: str
    steps: str
    in_all: str
    save_and_continue: str
    save_and_return: str
    previous: str


def page_words(locale: str) -> PageWords:
    """The words in `locale` (the language the request renders in)."""
    cache = current_app.extensions.setdefault("survey_page_words", {})
    if locale not in cache:
        cache[locale] = PageWords(
            saving=_("Saving…"), saved=_("Answers saved"),
            offline=_("Not saved yet: no connection. Kept in this browser; sent when the "
                      "connection returns."),
            retrying=_("Not saved yet, retrying…"), failed=_("Not saved. Please reload the page."),
            restore_note=_("Some answers given earlier in this browser may not have reached the "
                           "server."),
            restore=_("Restore and save them"), discard=_("Discard them"),
            saved_by_buttons=_("Your answers are saved when you press one of the buttons below or "
                               "a step in the list of steps."),
            saved_on_start=_("Your answers are saved, and your assessment created, when you press "
                             "“Save and continue”."),
            saved_as_given=_("Each answer is saved as soon as you give it; if the connection drops, "
                             "it is kept in this browser and sent when the connection returns."),
            later=_("Required questions can be left for later: they must all be answered before "
                    "you submit."),
            progress=_("Progress"), steps=_("Steps"), in_all=_("in all"),
            save_and_continue=_("Save and continue"),
            save_and_return=_("Save and return to the review"), previous=_("Previous"))
    return cache[locale]


def rendered_questions(page: tuple[PageQuestion, ...], values: Mapping[str, Any],
                       errors: Mapping[str, str]) -> list[Markup]:
    """Each question of the page as HTML, showing `values` and `errors`."""
    environment = current_app.jinja_env
    return [environment.get_template(q.template).module.question(
        q, values.get(q.id), errors.get(q.id)) for q in page]
