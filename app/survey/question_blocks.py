"""The questions of a page as HTML, rendered once per (questionnaire, page, language) and kept.

Rendering the question macros (templates/macros/questions.html) costs most of a page: every
question text, help text, option label and "Level n" is looked up in the language for every
request. So each question is rendered once by those macros with an `AnswerSlots` stand-in for the
answer: where the answer would add " checked", " selected" or a typed text, the stand-in leaves a
numbered slot. A request fills only the slots from the respondent's answer (`AnswerState`), so the
page is the same HTML the macros would give.

The kept HTML holds questionnaire content only, escaped by Jinja's autoescape; a typed text is
escaped as it fills its slot. A question with an error message is rendered by the macros on each
request (that is the uncommon path: a page sent back with answers to check).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from markupsafe import Markup, escape

from app.domain.questionnaire import Question, Questionnaire
from app.survey.forms import InputName, page_inputs, page_questions

SLOT = "\x00"


class AnswerState:
    """What one answer checks, selects or types in its question's inputs (the macros' `state`)."""

    def __init__(self, question: Question, value: Any):
        self.multi = question.kind.name == "multi"
        self.value = value

    def chosen(self, option_id: str) -> bool:
        if self.multi:
            value = self.value
            return option_id in ([value] if isinstance(value, str) else (value or []))
        return self.value == option_id

    def mark(self, option_id: str, word: str) -> str:
        """`word` (" checked", " selected") when the answer is `option_id` or includes it."""
        return word if self.chosen(option_id) else ""

    def row_mark(self, row_id: str, step_id: str, word: str) -> str:
        """`word` when an adoption answer puts `row_id` at `step_id`."""
        rows = self.value if isinstance(self.value, Mapping) else {}
        return word if rows.get(row_id) == step_id else ""

    def text(self) -> str:
        return self.value if isinstance(self.value, str) else ""


class AnswerSlots:
    """The stand-in answer of a kept rendering: each call leaves a numbered slot and notes it."""

    def __init__(self):
        self.slots: list[tuple] = []

    def _slot(self, *spec) -> Markup:
        self.slots.append(spec)
        return Markup(f"{SLOT}{len(self.slots) - 1}{SLOT}")  # noqa: S704 - a number only

    def mark(self, option_id: str, word: str) -> Markup:
        return self._slot("mark", option_id, word)

    def row_mark(self, row_id: str, step_id: str, word: str) -> Markup:
        return self._slot("row_mark", row_id, step_id, word)

    def text(self) -> Markup:
        return self._slot("text")


@dataclass(frozen=True)
class QuestionBlock:
    """A question's kept HTML: `pieces` around `slots` (one more piece than slots)."""

    pieces: tuple[str, ...]
    slots: tuple[tuple, ...]

    def html(self, state: AnswerState) -> Markup:
        out = [self.pieces[0]]
        for spec, piece in zip(self.slots, self.pieces[1:], strict=True):
            kind = spec[0]
            if kind == "mark":
                out.append(state.mark(spec[1], spec[2]))
            elif kind == "row_mark":
                out.append(state.row_mark(spec[1], spec[2], spec[3]))
            else:
                out.append(escape(state.text()))
            out.append(piece)
        # Pieces come from autoescaped macros, slots are fixed words or an escaped text.
        return Markup("".join(out))  # noqa: S704


def question_blocks(questionnaire: Questionnaire, step: str, locale: str,
                    values: Mapping[str, Any], errors: Mapping[str, str]) -> dict[str, Markup]:
    """{question id: HTML} of the page's questions without an error, for `values`. `locale` must
    be the language the request renders in (the kept HTML is per language)."""
    kept = _kept_blocks(questionnaire, step, locale)
    return {question.id: kept[question.id].html(AnswerState(question, values.get(question.id)))
            for question in page_questions(questionnaire, step)
            if not errors.get(question.id) and kept.get(question.id) is not None}


def _kept_blocks(questionnaire: Questionnaire, step: str,
                 locale: str) -> dict[str, QuestionBlock | None]:
    cache = current_app.extensions.setdefault("survey_question_blocks", {})
    key = (questionnaire.key, step, locale)
    if key not in cache:
        macros = current_app.jinja_env.get_template("macros/questions.html").module
        inputs = page_inputs(questionnaire, step)
        cache[key] = {question.id: _block(macros, question, inputs[question.id])
                      for question in page_questions(questionnaire, step)}
    return cache[key]


def _block(macros, question: Question, field: InputName) -> QuestionBlock | None:
    """None when the rendering cannot be split safely (a questionnaire text holding the slot
    character): that question is then rendered on every request."""
    slots = AnswerSlots()
    parts = str(macros.question(question, field, slots, None)).split(SLOT)
    if len(parts) != 2 * len(slots.slots) + 1 or any(
            parts[i] != str(i // 2) for i in range(1, len(parts), 2)):
        return None
    return QuestionBlock(tuple(parts[0::2]), tuple(slots.slots))
