"""What the respondent reads about an answer that could not be saved, by AnswerError code."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import lazy_gettext as _l

from app.domain.question_types import MAX_TEXT_LENGTH
from app.domain.questionnaire import Question, Questionnaire

ANSWER_ERRORS = {
    "required": _l("Please answer this question."),
    "invalid": _l("This answer could not be accepted. Please choose again."),
    "unknown_option": _l("Please choose one of the options shown."),
    "exclusive": _l("“%(option)s” cannot be combined with other options."),
    "incomplete": _l("Please choose an answer in every row, or leave them all blank."),
    "too_long": _l("Please shorten this answer to at most %(limit)d characters."),
}


def answer_error(question: Question, code: str, locale: str) -> str:
    exclusive = next((o for o in question.options if o.exclusive), None)
    option = exclusive.label(locale) if exclusive else _l("Not applicable")
    return ANSWER_ERRORS.get(code, ANSWER_ERRORS["invalid"]) % {
        "option": option, "limit": MAX_TEXT_LENGTH}


def answer_messages(questionnaire: Questionnaire, codes: Mapping[str, str],
                    locale: str) -> dict[str, str]:
    """{question id: message} for {question id: AnswerError code}."""
    return {qid: answer_error(questionnaire.question(qid), code, locale)
            for qid, code in codes.items()}
