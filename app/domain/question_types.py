"""Question types: each one class that checks its definition, builds its form field, validates an
answer and normalises it to 0..1. `REGISTRY` maps the `type:` names of the questionnaire file to them.

Validation errors carry a code (see `AnswerError`); the web layer turns codes into messages in the
respondent's language, so this module stays free of Flask.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from itertools import pairwise
from typing import Any

from wtforms import fields
from wtforms.form import BaseForm

from app.domain.questionnaire import NOT_APPLICABLE, Question

MAX_TEXT_LENGTH = 300


class AnswerError(ValueError):
    """An answer a question cannot take. `code` is one of: required, invalid, unknown_option,
    exclusive, incomplete, too_long."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class QuestionType:
    name: str = ""
    scored: bool = True
    scale: str | None = None  # the shared scale (scales.<name> in the file) its answers are steps of
    scale_steps: int | None = None  # how many steps that scale must have

    # -- definition -------------------------------------------------------------------------------
    def check_definition(self, raw: Mapping[str, Any], report: Callable[[str, str], None]) -> None:
        """Report problems specific to this type in a question's raw definition."""

    # -- answers ----------------------------------------------------------------------------------
    def is_answered(self, question: Question, value: Any) -> bool:
        return value not in (None, "", [], {})

    def validate(self, question: Question, value: Any) -> Any:
        """Return the answer as stored, or raise AnswerError. None means "not answered"."""
        if not self.is_answered(question, value):
            return None
        if value == NOT_APPLICABLE:
            if not question.not_applicable:
                raise AnswerError("invalid")
            return NOT_APPLICABLE
        return self.validate_value(question, value)

    def validate_value(self, question: Question, value: Any) -> Any:
        raise NotImplementedError

    def normalise(self, question: Question, value: Any) -> float:
        """The answer's share of the question's best answer, 0..1 (never called for N/A or blank)."""
        raise NotImplementedError

    def lowest(self, question: Question) -> Any:
        raise NotImplementedError

    def highest(self, question: Question) -> Any:
        raise NotImplementedError

    # -- forms ------------------------------------------------------------------------------------
    def form_field(self, question: Question) -> fields.Field:
        """An unbound WTForms field that parses this question's posted value (choices are checked
        by `validate`, not by WTForms, so every error speaks the respondent's language)."""
        return fields.StringField(filters=[_strip])

    def from_form(self, question: Question, data: Any) -> Any:
        return data or None


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _option_ids(question: Question) -> set[str]:
    return {o.id for o in question.options}


class SingleChoice(QuestionType):
    """One option among several; the base of level, tristate and profile choices."""

    def validate_value(self, question: Question, value: Any) -> Any:
        if not isinstance(value, str):
            raise AnswerError("invalid")
        if value not in _option_ids(question):
            raise AnswerError("unknown_option")
        return value

    def normalise(self, question: Question, value: Any) -> float:
        points = [o.points for o in question.options]
        low, high = min(points), max(points)
        return (question.option(value).points - low) / (high - low)

    def lowest(self, question: Question) -> Any:
        return question.options[0].id

    def highest(self, question: Question) -> Any:
        return question.options[-1].id

    def form_field(self, question: Question) -> fields.Field:
        return fields.RadioField(choices=[], validate_choice=False)


def _check_ascending(raw: Mapping[str, Any], key: str, report: Callable[[str, str], None]) -> None:
    points = [o.get("points") for o in raw.get(key) or []]
    if None in points:
        report(key, "every option needs points")
    elif any(b <= a for a, b in pairwise(points)):
        report(key, f"option points must be strictly ascending, got {points}")


class LevelType(SingleChoice):
    name = "level"

    def check_definition(self, raw, report):
        options = raw.get("options") or []
        if len(options) != 5:
            report("options", f"a level question needs exactly five options, not {len(options)}")
        _check_ascending(raw, "options", report)


class TristateType(SingleChoice):
    name = "tristate"
    scale = "tristate"
    scale_steps = 3

    def normalise(self, question: Question, value: Any) -> float:
        return question.option(value).points / question.options[-1].points


class ProfileType(SingleChoice):
    """Unscored facts about the organization: a choice, or free text with `input: text`."""

    name = "profile"
    scored = False

    def check_definition(self, raw, report):
        if raw.get("input") not in (None, "text"):
            report("input", "input must be 'text' or absent")
        if raw.get("input") is None and not raw.get("options"):
            report("options", "a profile question needs options or input: text")
        if "critical" in raw:
            report("critical", "a profile question is not scored, so no answer to it is critical")

    def validate_value(self, question: Question, value: Any) -> Any:
        if question.input == "text":
            if not isinstance(value, str):
                raise AnswerError("invalid")
            value = " ".join(value.split())
            if "\x00" in value:
                raise AnswerError("invalid")
            if len(value) > MAX_TEXT_LENGTH:
                raise AnswerError("too_long")
            return value or None
        return super().validate_value(question, value)

    def normalise(self, question: Question, value: Any) -> float:
        raise TypeError("profile questions are not scored")

    def form_field(self, question: Question) -> fields.Field:
        if question.input == "text":
            return fields.StringField(filters=[_strip])
        return fields.SelectField(choices=[], validate_choice=False)


class MultiType(QuestionType):
    """Checkboxes scored by the share of points chosen; an `exclusive` option means "none of these"."""

    name = "multi"

    def check_definition(self, raw, report):
        options = raw.get("options") or []
        if len(options) < 2:
            report("options", "a multi question needs at least two options")
        exclusive = [o for o in options if o.get("exclusive")]
        if len(exclusive) > 1:
            report("options", "at most one option may be exclusive")
        if any(o.get("points", 1) for o in exclusive):
            report("options", "the exclusive option must have points: 0")
        if any(o.get("points", 1) < 0 for o in options):
            report("options", "points must be numbers >= 0")
        if not sum(o.get("points", 1) for o in options if not o.get("exclusive")):
            report("options", "the options' points must not all be zero")

    def is_answered(self, question: Question, value: Any) -> bool:
        return value is not None and value != ""

    def validate_value(self, question: Question, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AnswerError("invalid")
        if NOT_APPLICABLE in value:
            if len(value) > 1 or not question.not_applicable:
                raise AnswerError("exclusive" if question.not_applicable else "invalid")
            return NOT_APPLICABLE
        known = _option_ids(question)
        if any(v not in known for v in value):
            raise AnswerError("unknown_option")
        exclusive = {o.id for o in question.options if o.exclusive}
        if exclusive & set(value) and len(value) > 1:
            raise AnswerError("exclusive")
        return [o.id for o in question.options if o.id in value]

    def normalise(self, question: Question, value: Any) -> float:
        total = sum(o.points for o in question.options if not o.exclusive)
        return sum(o.points for o in question.options if o.id in value) / total

    def lowest(self, question: Question) -> Any:
        exclusive = [o.id for o in question.options if o.exclusive]
        return exclusive or []

    def highest(self, question: Question) -> Any:
        return [o.id for o in question.options if not o.exclusive]

    def form_field(self, question: Question) -> fields.Field:
        return fields.SelectMultipleField(choices=[], validate_choice=False)

    def from_form(self, question: Question, data: Any) -> Any:
        return list(data or [])


class AdoptionType(QuestionType):
    """Rows of tools or services, each rated on the adoption scale."""

    name = "adoption"
    scale = "adoption"
    scale_steps = 4

    def check_definition(self, raw, report):
        if not raw.get("rows"):
            report("rows", "an adoption question needs rows")
        if "critical" in raw:
            report("critical", "an adoption question rates many rows, so it cannot mark one answer "
                               "critical")

    def is_answered(self, question: Question, value: Any) -> bool:
        if isinstance(value, dict):
            return any(v not in (None, "") for v in value.values())
        return value not in (None, "")

    def validate_value(self, question: Question, value: Any) -> Any:
        if not isinstance(value, dict):
            raise AnswerError("invalid")
        steps = _option_ids(question)
        rows = {r.id for r in question.rows}
        answered = {k: v for k, v in value.items() if v not in (None, "")}
        if set(answered) - rows or not all(isinstance(v, str) for v in answered.values()):
            raise AnswerError("invalid")
        if any(v not in steps for v in answered.values()):
            raise AnswerError("unknown_option")
        if set(answered) != rows:
            raise AnswerError("incomplete")
        return {r.id: answered[r.id] for r in question.rows}

    def normalise(self, question: Question, value: Any) -> float:
        top = question.options[-1].points
        return sum(question.option(v).points for v in value.values()) / (top * len(value))

    def lowest(self, question: Question) -> Any:
        return {r.id: question.options[0].id for r in question.rows}

    def highest(self, question: Question) -> Any:
        return {r.id: question.options[-1].id for r in question.rows}

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


REGISTRY: dict[str, QuestionType] = {}


def register(question_type: QuestionType) -> None:
    if question_type.name in REGISTRY:
        raise ValueError(f"question type {question_type.name!r} is registered twice")
    REGISTRY[question_type.name] = question_type


for _type in (LevelType(), MultiType(), AdoptionType(), TristateType(), ProfileType()):
    register(_type)
