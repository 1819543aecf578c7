"""The review page's summary: every answer in words, grouped by page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.domain.answers import describe_answer
from app.domain.questionnaire import Question, Questionnaire
from app.survey.forms import PROFILE

NOT_APPLICABLE_TEXT = _l("Not applicable")


@dataclass(frozen=True)
class ReviewItem:
    question: Question
    lines: tuple[str, ...]  # the answer in words; empty when not answered
    missing: bool  # required and not answered


@dataclass(frozen=True)
class ReviewSection:
    step: str
    title: str
    items: tuple[ReviewItem, ...]


def answer_lines(question: Question, value: Any, locale: str) -> tuple[str, ...]:
    """The chosen options' labels in `locale`, "not applicable", or () when not answered."""
    if not question.is_answered(value):
        return ()
    return describe_answer(question, value).lines(locale, str(NOT_APPLICABLE_TEXT))


def review_sections(questionnaire: Questionnaire, answers: Mapping[str, Any], profile_title: Any,
                    locale: str) -> list[ReviewSection]:
    def items(questions):
        return tuple(ReviewItem(q, answer_lines(q, answers.get(q.id), locale),
                                q.required and not q.is_answered(answers.get(q.id)))
                     for q in questions)

    sections = [ReviewSection(PROFILE, str(profile_title), items(questionnaire.profile_questions))]
    sections.extend(ReviewSection(d.id, d.title(locale), items(questionnaire.questions_in(d.id)))
                    for d in questionnaire.dimensions)
    return sections
