"""The respondent's path through a questionnaire: profile, one page per dimension, review."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from flask_babel import gettext, ngettext

from app.domain.questionnaire import Question, Questionnaire
from app.survey.forms import PROFILE, REVIEW


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
    state: str = ""  # "3 to answer", "done"; none for the review


@cache
def _state_words(locale: str, missing: int) -> str:
    """A step's state in words, kept per language and count (`locale` is the request's)."""
    if missing:
        return ngettext("%(num)d to answer", "%(num)d to answer", missing)
    return gettext("done")


def step_states(questionnaire: Questionnaire, answers: Mapping[str, Any],
                titles: Mapping[str, Any], locale: str) -> list[StepState]:
    """Every step with its title in `locale` and how many required answers it still lacks."""
    missing = questionnaire.missing_required(answers)
    per_page = Counter(PROFILE if q.dimension is None else q.dimension for q in missing)
    per_page[REVIEW] = len(missing)
    states = []
    for number, step in enumerate(step_ids(questionnaire), start=1):
        if step in (PROFILE, REVIEW):
            title = str(titles[step])
        else:
            title = questionnaire.dimension(step).title(locale)
        state = "" if step == REVIEW else _state_words(locale, per_page[step])
        states.append(StepState(step, number, title, per_page[step], state))
    return states


def missing_on_page(questionnaire: Questionnaire, step: str,
                    answers: Mapping[str, Any]) -> tuple[Question, ...]:
    """The page's required questions without an answer (the profile page holds the questions of
    no dimension)."""
    return questionnaire.missing_required(answers, None if step == PROFILE else step)


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.answered / self.total) if self.total else 100


def progress(questionnaire: Questionnaire, answers: Mapping[str, Any]) -> Progress:
    """Required questions answered out of all required questions."""
    total = sum(1 for q in questionnaire.questions if q.required)
    return Progress(total - len(questionnaire.missing_required(answers)), total)
