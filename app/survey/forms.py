"""The respondent's forms: one WTForms class per questionnaire page, built from the questionnaire.

The classes only parse posted values and carry the CSRF token; each question's field comes from its
type's form adapter (app/survey/fields.py), whose template shows the inputs, and answers are
validated by the question types (so every message speaks the respondent's language). Views pass
`formdata=request.form` explicitly: left to itself Flask-WTF would read a JSON body instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import FormField

from app.domain.questionnaire import Question, Questionnaire
from app.survey.fields import field_for

PROFILE = "profile"
REVIEW = "review"


class SurveyForm(FlaskForm):
    class Meta:
        def get_translations(self, form):
            """None: WTForms' own messages are never shown here (answers are checked by the
            question types, messages in app/survey/messages.py; a failed CSRF check is a view's
            CSRFError), so Flask-WTF need not load and parse wtforms.mo on every request."""
            return None


class SubmitForm(SurveyForm):
    """The review page's submit button: no fields, only the CSRF token."""


def field_name(question: Question) -> str:
    """The form field of a question; the prefix keeps question ids clear of Form attributes."""
    return f"q_{question.id}"


def page_questions(questionnaire: Questionnaire, step: str) -> tuple[Question, ...]:
    if step == PROFILE:
        return questionnaire.profile_questions
    return questionnaire.questions_in(step)


def page_form_class(questionnaire: Questionnaire, step: str) -> type[FlaskForm]:
    """The form class of one page, built once per (questionnaire, page) and kept on the app."""
    cache = current_app.extensions.setdefault("survey_page_forms", {})
    key = (questionnaire.key, step)
    if key not in cache:
        cache[key] = _build_page_form(questionnaire, step)
    return cache[key]


def _build_page_form(questionnaire: Questionnaire, step: str) -> type[FlaskForm]:
    class PageForm(SurveyForm):
        pass

    for question in page_questions(questionnaire, step):
        setattr(PageForm, field_name(question), field_for(question).form_field(question))
    PageForm.__name__ = f"PageForm_{questionnaire.key}_{step}".replace("-", "_")
    return PageForm


@dataclass(frozen=True)
class InputName:
    """The id and name of a question's input as its page form names it; an adoption question's
    row inputs (and its "na" box) by key, as `form[name][row]` would give them."""

    id: str
    name: str
    parts: Mapping[str, InputName] = field(default_factory=dict)

    def __getitem__(self, key: str) -> InputName:
        return self.parts[key]


def page_inputs(questionnaire: Questionnaire, step: str) -> dict[str, InputName]:
    """{question id: InputName} of one page, read once from its form class and kept on the app, so
    showing a page builds no form."""
    cache = current_app.extensions.setdefault("survey_page_inputs", {})
    key = (questionnaire.key, step)
    if key not in cache:
        form = page_form_class(questionnaire, step)(formdata=None, meta={"csrf": False})
        cache[key] = {question.id: _input_name(form[field_name(question)])
                      for question in page_questions(questionnaire, step)}
    return cache[key]


def _input_name(bound) -> InputName:
    if not isinstance(bound, FormField):
        return InputName(bound.id, bound.name)
    return InputName(bound.id, bound.name, {sub.short_name: InputName(sub.id, sub.name)
                                            for sub in bound})


def posted_answers(form: FlaskForm, questions: tuple[Question, ...]) -> dict[str, Any]:
    """{question id: raw answer} from a processed page form, in the shapes save_answers takes.

    An empty set of checkboxes is "not answered" here, not "none of these": a page left untouched
    must not record answers the respondent never gave.
    """
    answers = {}
    for question in questions:
        value = field_for(question).from_form(question, form[field_name(question)].data)
        answers[question.id] = None if value in ([], {}, "") else value
    return answers
