"""The respondent's forms: one WTForms class per questionnaire page, built from the questionnaire.

The classes only parse posted values and carry the CSRF token; the inputs are rendered by the
macros in templates/macros/questions.html, and answers are validated by the question types (so
every message speaks the respondent's language). Views pass `formdata=request.form` explicitly:
left to itself Flask-WTF would read a JSON body instead.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask_wtf import FlaskForm

from app.domain.questionnaire import Question, Questionnaire

PROFILE = "profile"
REVIEW = "review"


class SubmitForm(FlaskForm):
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
    class PageForm(FlaskForm):
        pass

    for question in page_questions(questionnaire, step):
        setattr(PageForm, field_name(question), question.kind.form_field(question))
    PageForm.__name__ = f"PageForm_{questionnaire.key}_{step}".replace("-", "_")
    return PageForm


def posted_answers(form: FlaskForm, questions: tuple[Question, ...]) -> dict[str, Any]:
    """{question id: raw answer} from a processed page form, in the shapes save_answers takes.

    An empty set of checkboxes is "not answered" here, not "none of these": a page left untouched
    must not record answers the respondent never gave.
    """
    answers = {}
    for question in questions:
        value = question.kind.from_form(question, form[field_name(question)].data)
        answers[question.id] = None if value in ([], {}, "") else value
    return answers
