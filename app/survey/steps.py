"""The respondent's path through a questionnaire: profile, one page per dimension, review."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app
from markupsafe import Markup

from app.domain.questionnaire import Questionnaire
from app.survey.forms import PROFILE, REVIEW, page_questions


def step_ids(questionnaire: Questionnaire) -> list[str]:
    return [PROFILE, *(d.id for d in questionnaire.dimensions), REVIEW]


def neighbour(questionnaire: Questionnaire, step: str, offset: int) -> str:
    steps = step_ids(questionnaire)
    index = min(max(steps.index(step) + offset, 0), len(steps) - 1)
    return steps[index]


@dataclass(frozen=True)
class StepState:
    id: str
    number: int
    title: str
    missing: int  # required questions without an answer


def step_states(questionnaire: Questionnaire, answers: Mapping[str, Any],
                titles: Mapping[str, Any], locale: str) -> list[StepState]:
    """Every step with its title in `locale` and how many required answers it still lacks."""
    states = []
    for number, step in enumerate(step_ids(questionnaire), start=1):
        if step == REVIEW:
            missing = len(questionnaire.missing_required(answers))
            title = str(titles[REVIEW])
        else:
            missing = sum(1 for q in page_questions(questionnaire, step)
                          if q.required and not q.is_answered(answers.get(q.id)))
            title = (str(titles[PROFILE]) if step == PROFILE
                     else questionnaire.dimension(step).title(locale))
        states.append(StepState(step, number, title, missing))
    return states


def step_item(questionnaire: Questionnaire, state: StepState, current: str, assessment: Any,
              in_form: bool, locale: str) -> Markup:
    """One step of the list of steps (macro `step_item` in survey/_step.html), rendered once per
    language and what it shows, since every page lists every step. A link to another step is
    rendered each time: its address is the request's."""
    macro = current_app.jinja_env.get_template("survey/_step.html").module.step_item
    has_assessment = bool(assessment)
    if state.id != current and has_assessment and not in_form:
        return macro(state, current, has_assessment, in_form)
    cache = current_app.extensions.setdefault("survey_step_items", {})
    key = (questionnaire.key, locale, state, state.id == current, has_assessment, in_form)
    if key not in cache:
        cache[key] = macro(state, current, has_assessment, in_form)
    return cache[key]


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def progress(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Progress:
    """Required questions answered out of all required questions."""
    required = [q for q in questionnaire.questions if q.required]
    answered = sum(1 for q in required if q.is_answered(answers.get(q.id)))
    return Progress(answered, len(required))


def minutes_estimate(questionnaire: Questionnaire) -> tuple[int, int]:
    """A range of minutes to fill the questionnaire: 30 to 45 seconds a question, rounded up to
    five minutes."""
    count = len(questionnaire.questions)
    low = max(5, 5 * math.ceil(count * 0.5 / 5))
    high = max(low + 5, 5 * math.ceil(count * 0.75 / 5))
    return low, high
