"""How much work the questionnaire is, question by question, from what a respondent reads and
decides: the landing page's time estimate, every page's progress and the minutes left all come
from here, so they always agree.

The counting rules are those of questionnaires/reading_time.py (words of the question, its help and
its options, the scales of tables and yes/partly/no questions read once per question, long lists
scanned rather than read, seconds per decision); that script prints the same totals from the file
alone. Here they are applied to the loaded questionnaire, once per (version, language), and kept.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from flask import current_app
from flask_babel import gettext, ngettext

from app.domain.questionnaire import Question, Questionnaire
from app.results.format import format_share
from questionnaires.reading_time import (
    WORDS_PER_MINUTE,
    Tally,
    estimate,
    question_tally,
    stated,
)


@dataclass(frozen=True)
class Effort:
    """The work of one questionnaire version in one language."""

    seconds: Mapping[str, float]  # per question id, at the middle reading speed
    total: Tally  # words and decisions of the whole questionnaire, the intro included

    @property
    def questions(self) -> int:
        return self.total.questions

    def minutes(self) -> int:
        """The estimate shown to respondents (and stated by version 2's intro): one careful
        reader's minutes, rounded as questionnaires/reading_time.py `stated` rounds them."""
        return stated(self.total.minutes())


def _localized(text) -> Mapping[str, str] | None:
    return None if text is None else text.texts


def _raw_question(question: Question) -> dict[str, Any]:
    """The question in the shape of the questionnaire file, which reading_time.py counts."""
    return {"type": question.kind.name, "text": _localized(question.text),
            "help": _localized(question.help),
            "options": [{"label": _localized(o.label)} for o in question.options],
            "rows": [{"label": _localized(r.label)} for r in question.rows]}


def measure(questionnaire: Questionnaire, language: str) -> Effort:
    """The questionnaire's work in `language` (one it has texts in), counted as
    questionnaires/reading_time.py counts its file."""
    scales = {name: [{"label": _localized(o.label)} for o in options]
              for name, options in questionnaire.scales.items()}
    total = estimate({"title": _localized(questionnaire.title),
                      "intro": _localized(questionnaire.intro)}, language)["intro"]
    seconds = {}
    for question in questionnaire.questions:
        tally = question_tally(_raw_question(question), scales, language)
        total.add(tally)
        seconds[question.id] = tally.minutes(WORDS_PER_MINUTE) * 60
    return Effort(seconds, total)


def effort(questionnaire: Questionnaire, locale: str) -> Effort:
    """The questionnaire's work in `locale` (its first language when it has no text in it)."""
    language = locale if locale in questionnaire.languages else questionnaire.languages[0]
    cache = current_app.extensions.setdefault("survey_effort", {})
    key = (questionnaire.key, language)
    if key not in cache:
        cache[key] = measure(questionnaire, language)
    return cache[key]


def summary(questionnaire: Questionnaire, locale: str) -> str:
    """"47 questions · about 40 minutes": the same words on the landing page and every page
    (worded once per version and language)."""
    cache = current_app.extensions.setdefault("survey_effort_summary", {})
    key = (questionnaire.key, locale)
    if key not in cache:
        work = effort(questionnaire, locale)
        cache[key] = " · ".join((
            ngettext("%(num)d question", "%(num)d questions", work.questions),
            ngettext("about %(num)d minute", "about %(num)d minutes", work.minutes())))
    return cache[key]


@dataclass(frozen=True)
class Progress:
    """Work done, in seconds of the estimate: a six-row table weighs six decisions and its text,
    a profile dropdown one decision and a line."""

    done: float
    total: float

    @property
    def share(self) -> float:
        """Done so far, 0..1, rounded down so that only a finished questionnaire shows 100%."""
        if not self.total:
            return 1.0
        return math.floor(100 * self.done / self.total) / 100

    @property
    def minutes_left(self) -> int:
        return math.ceil(max(self.total - self.done, 0) / 60)

    @cached_property
    def percent(self) -> str:
        """"45 %" in Spanish, "45%" in English."""
        return format_share(self.share)

    @property
    def left(self) -> str:
        if self.done >= self.total:
            return gettext("everything answered")
        return ngettext("about %(num)d minute left", "about %(num)d minutes left",
                        max(self.minutes_left, 1))


def progress(questionnaire: Questionnaire, answers: Mapping[str, Any], locale: str) -> Progress:
    """How much of the work these answers have done (a grid counts its answered rows)."""
    seconds = effort(questionnaire, locale).seconds
    done = sum(seconds[q.id] * q.answered_share(answers[q.id])
               for q in questionnaire.questions if q.id in answers)
    return Progress(done, sum(seconds.values()))

