"""The review page's summary: every answer in words, grouped by page, and the questions still to
finish before the assessment can be submitted (each named, with a link to it)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from app.domain.answers import describe_answer
from app.domain.questionnaire import Question, Questionnaire
from app.survey.forms import PROFILE, field_name

NOT_APPLICABLE_TEXT = _l("Not applicable")


@dataclass(frozen=True)
class ReviewItem:
    question: Question
    step: str  # the page the question is on
    lines: tuple[str, ...]  # the answer in words (a begun table: its answered rows); () if none
    missing: bool  # required and not answered
    partial: bool  # begun but not finished (a table with some rows answered)

    @property
    def anchor(self) -> str:
        """The id of the question's inputs on its page."""
        return field_name(self.question)

    @property
    def to_finish(self) -> bool:
        return self.missing or self.partial


@dataclass(frozen=True)
class ReviewSection:
    step: str
    title: str
    items: tuple[ReviewItem, ...]


def answer_lines(question: Question, value: Any, locale: str) -> tuple[str, ...]:
    """The chosen options' labels in `locale`, "not applicable", or () when nothing is answered."""
    if value is None or question.kind.is_blank(question, value):
        return ()
    return describe_answer(question, value).lines(locale, str(NOT_APPLICABLE_TEXT))


def review_sections(questionnaire: Questionnaire, answers: Mapping[str, Any], profile_title: Any,
                    locale: str) -> list[ReviewSection]:
    def items(step, questions):
        return tuple(ReviewItem(q, step, answer_lines(q, answers.get(q.id), locale),
                                q.required and not q.is_answered(answers.get(q.id)),
                                q.is_partial(answers.get(q.id)))
                     for q in questions)

    sections = [ReviewSection(PROFILE, str(profile_title),
                              items(PROFILE, questionnaire.profile_questions))]
    sections.extend(ReviewSection(d.id, d.title(locale), items(d.id, questionnaire.questions_in(d.id)))
                    for d in questionnaire.dimensions)
    return sections


def to_finish(sections: list[ReviewSection]) -> list[tuple[ReviewSection, tuple[ReviewItem, ...]]]:
    """The questions that stop the submission, page by page, in the questionnaire's order."""
    found = [(section, tuple(item for item in section.items if item.to_finish))
             for section in sections]
    return [(section, items) for section, items in found if items]
