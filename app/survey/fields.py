"""How each question type is asked on a survey page: one form adapter per type (a WTForms field that
parses the posted value, and the template that shows the inputs), registered by the type's name.

The adapter only turns posted form data into the raw answer the question type validates
(app/domain/question_types.py); choices are never checked by WTForms, so every error speaks the
respondent's language. Its template, `questions/<type>.html`, is included once per question with
`q` (a `PageQuestion`: the question and its texts in the page's language), `value` (the answer
shown) and `error` (a message, or None) in its context.
"""

from __future__ import annotations

from typing import Any

from wtforms import fields
from wtforms.form import BaseForm

from app.domain.questionnaire import NOT_APPLICABLE, Question


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class FieldAdapter:
    """A one-value answer typed or chosen in one input (text, radio group or select). `numbered`
    options are shown with their position in words ("Level 2")."""

    def __init__(self, template: str, numbered: bool = False):
        self.template = template
        self.numbered = numbered

    def form_field(self, question: Question) -> fields.Field:
        """An unbound field that parses the question's posted value."""
        return fields.StringField(filters=[_strip])

    def from_form(self, question: Question, data: Any) -> Any:
        return data or None

    def posted(self, question: Question, name: str, value: Any) -> dict[str, Any]:
        """What a browser sends for the stored `value` (the inverse of `from_form`), by input
        name; `name` is the question's field name."""
        return {} if value is None else {name: value}


class ChoiceAdapter(FieldAdapter):
    def form_field(self, question: Question) -> fields.Field:
        return fields.RadioField(choices=[], validate_choice=False)


class ProfileAdapter(FieldAdapter):
    def form_field(self, question: Question) -> fields.Field:
        if question.input == "text":
            return fields.StringField(filters=[_strip])
        return fields.SelectField(choices=[], validate_choice=False)


class CheckboxesAdapter(FieldAdapter):
    def form_field(self, question: Question) -> fields.Field:
        return fields.SelectMultipleField(choices=[], validate_choice=False)

    def from_form(self, question: Question, data: Any) -> Any:
        return list(data or [])


class GridAdapter(FieldAdapter):
    """One radio group per row, and a "not applicable" box (posted as `<name>-na`)."""

    def form_field(self, question: Question) -> fields.Field:
        row_fields = {r.id: fields.RadioField(choices=[], validate_choice=False)
                      for r in question.rows}
        row_fields["na"] = fields.BooleanField()

        class RowsForm(BaseForm):
            def __init__(self, formdata=None, obj=None, prefix="", **kwargs):
                super().__init__(row_fields, prefix=prefix)
                self.process(formdata, obj, **kwargs)

        return fields.FormField(RowsForm)

    def from_form(self, question: Question, data: Any) -> Any:
        data = dict(data or {})
        if data.pop("na", False):
            return NOT_APPLICABLE
        return {k: v for k, v in data.items() if v}

    def posted(self, question: Question, name: str, value: Any) -> dict[str, Any]:
        if value == NOT_APPLICABLE:
            return {f"{name}-na": "y"}
        return {f"{name}-{row}": step for row, step in (value or {}).items()}


FIELDS: dict[str, FieldAdapter] = {}


def register_field(type_name: str, adapter: FieldAdapter) -> None:
    """Say how questions of the domain type `type_name` are asked (a test adds a toy type so)."""
    if type_name in FIELDS:
        raise ValueError(f"a form adapter for {type_name!r} is registered twice")
    FIELDS[type_name] = adapter


def field_for(question: Question) -> FieldAdapter:
    return FIELDS[question.kind.name]


def missing_adapters(questions) -> list[str]:
    """Question types used by `questions` that no form adapter knows (checked at start-up)."""
    return sorted({q.kind.name for q in questions if q.kind.name not in FIELDS})


for _name, _adapter in (("level", ChoiceAdapter("questions/choice.html", numbered=True)),
                        ("tristate", ChoiceAdapter("questions/choice.html")),
                        ("multi", CheckboxesAdapter("questions/multi.html")),
                        ("adoption", GridAdapter("questions/adoption.html")),
                        ("profile", ProfileAdapter("questions/profile.html"))):
    register_field(_name, _adapter)
