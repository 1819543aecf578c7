"""How long one careful person takes to answer a questionnaire: reading time plus decision time,
computed from the questionnaire alone. The landing page states it and
`questionnaires/reading_time.py` prints it (questionnaires/README.md shows the figures).

- Words read: for every question, its text, its help, its grid rows' labels and the labels of its
  options (for a grid or yes/partly/no question, the steps of its shared scale: the column
  headings). A list of more than LONGEST_READ_LIST options (the country list) is scanned for one's
  own entry, not read, so its labels are not counted. The title and intro are read once. Stage
  texts, recommendations and the scoring explanation come after the questionnaire and are not
  counted.
- Words are runs of letters or digits (so «Sí», "e-mail" and "2" are one word each).
- Reading speed: WORDS_PER_MINUTE for careful reading of instructions (the middle of the usual
  150-200 words per minute).
- Decisions: as many as the question's type says (`QuestionType.decisions`: one per choice, one per
  grid row, one per option of a multiple choice), SECONDS_PER_DECISION seconds each.

What the app says ("about 40 minutes") is `stated_minutes`: the estimate rounded to STATED_STEP
minutes, the precision an estimate from text deserves; the questionnaire's intro must say the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.domain.questionnaire import LocalizedText, Question, Questionnaire

WORDS_PER_MINUTE = 175
SECONDS_PER_DECISION = 5
LONGEST_READ_LIST = 12
STATED_STEP = 5
WORD = re.compile(r"\w+", re.UNICODE)


def count_words(text: str | None) -> int:
    return len(WORD.findall(text or ""))


def _words(texts, lang: str) -> int:
    return sum(count_words(text(lang)) for text in texts if isinstance(text, LocalizedText))


@dataclass
class Tally:
    words: int = 0
    decisions: int = 0
    questions: int = 0

    def add(self, other: Tally) -> None:
        self.words += other.words
        self.decisions += other.decisions
        self.questions += other.questions

    def minutes(self, words_per_minute: float = WORDS_PER_MINUTE) -> float:
        return self.words / words_per_minute + self.decisions * SECONDS_PER_DECISION / 60


def question_tally(question: Question, lang: str) -> Tally:
    """Words a respondent reads for one question, and the decisions it asks for."""
    texts = [question.text, question.help, *(row.label for row in question.rows)]
    if len(question.options) <= LONGEST_READ_LIST:
        texts += [option.label for option in question.options]
    return Tally(_words(texts, lang), question.kind.decisions(question), 1)


def estimate(questionnaire: Questionnaire, lang: str) -> dict[str, Tally]:
    """Tallies keyed by "intro", "profile" and each dimension id, in the questionnaire's order."""
    tallies = {"intro": Tally(_words([questionnaire.title, questionnaire.intro], lang)),
               "profile": Tally()}
    tallies.update((dimension.id, Tally()) for dimension in questionnaire.dimensions)
    for question in questionnaire.questions:
        tallies[question.dimension or "profile"].add(question_tally(question, lang))
    return tallies


def total(questionnaire: Questionnaire, lang: str) -> Tally:
    found = Tally()
    for tally in estimate(questionnaire, lang).values():
        found.add(tally)
    return found


def minutes(questionnaire: Questionnaire, lang: str) -> float:
    return total(questionnaire, lang).minutes()


def stated_minutes(questionnaire: Questionnaire, lang: str | None = None) -> int:
    """The estimate as the app states it, in whole minutes rounded to STATED_STEP (in `lang`, or
    the questionnaire's first language when it has no text in `lang`)."""
    if lang not in questionnaire.languages:
        lang = questionnaire.languages[0]
    return max(STATED_STEP, STATED_STEP * int(minutes(questionnaire, lang) / STATED_STEP + 0.5))
