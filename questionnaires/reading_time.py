"""Estimate how long one careful person takes to answer a questionnaire file.

    python questionnaires/reading_time.py questionnaires/digital-maturity-v2.yaml [--lang es]

The estimate is reading time plus decision time, from the file alone (PyYAML only, no application):

- Words read: for every question, its text, its help and the labels of its options; for an adoption
  question, the labels of its rows and, once, the labels of the shared adoption scale (the column
  headings); for a tristate question, the labels of the shared tristate scale. The intro is read once.
  A list of more than LONGEST_READ_LIST options (the country list) is scanned for one's own entry, not
  read, so its labels are not counted. Stage texts, recommendations and the scoring explanation are
  shown after the questionnaire and are not counted.
- Words are runs of letters or digits (so «Sí», "e-mail" and "2" are one word each).
- Reading speed: WORDS_PER_MINUTE for careful reading of instructions (the middle of the usual
  150-200 words per minute for careful reading).
- Decisions: one per single-choice question (level, tristate, profile), one per adoption row, one per
  option of a multiple-choice question (tick it or not), each SECONDS_PER_DECISION seconds.

It prints the words and decisions per dimension (profile questions and the intro apart) and the total
in minutes, and for comparison the totals at 150 and 200 words per minute; with --markdown, the table
of questionnaires/README.md (words in every language of the file).

These are the application's rules too (it counts the loaded questionnaire with `question_tally` and
`estimate`), and `stated` is how the application words the total: "about 40 minutes", the estimate
rounded to STATED_STEP minutes, the precision an estimate from text deserves. A questionnaire's intro
that names a duration must name that figure (tests/test_questionnaire_content.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

WORDS_PER_MINUTE = 175
SECONDS_PER_DECISION = 5
LONGEST_READ_LIST = 12
STATED_STEP = 5
WORD = re.compile(r"\w+", re.UNICODE)


def count_words(text: str) -> int:
    return len(WORD.findall(text or ""))


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


def _texts(texts: Iterable[dict | None], lang: str) -> int:
    return sum(count_words((t or {}).get(lang, "")) for t in texts)


def question_tally(question: dict, scales: dict, lang: str) -> Tally:
    """Words a respondent reads for one question, and the decisions it asks for."""
    kind = question["type"]
    words = _texts([question.get("text"), question.get("help")], lang)
    options = question.get("options") or []
    if kind == "adoption":
        rows = question.get("rows") or []
        words += _texts([r.get("label") for r in rows], lang)
        words += _texts([s.get("label") for s in scales.get("adoption", [])], lang)
        decisions = len(rows)
    elif kind == "tristate":
        words += _texts([s.get("label") for s in scales.get("tristate", [])], lang)
        decisions = 1
    elif kind == "multi":
        words += _texts([o.get("label") for o in options], lang)
        decisions = len(options)
    else:  # level and profile: one choice
        if len(options) <= LONGEST_READ_LIST:
            words += _texts([o.get("label") for o in options], lang)
        decisions = 1
    return Tally(words, decisions, 1)


def estimate(raw: dict, lang: str) -> dict[str, Tally]:
    """Tallies keyed by "intro", "profile" and each dimension id, in the file's order."""
    scales = raw.get("scales") or {}
    tallies: dict[str, Tally] = {"intro": Tally(_texts([raw.get("title"), raw.get("intro")], lang))}
    tallies["profile"] = Tally()
    for dimension in raw.get("dimensions") or []:
        tallies[dimension["id"]] = Tally()
    for question in raw.get("questions") or []:
        key = question.get("dimension") or "profile"
        tallies.setdefault(key, Tally()).add(question_tally(question, scales, lang))
    return tallies


def whole(raw: dict, lang: str) -> Tally:
    """The tallies of every part added up."""
    found = Tally()
    for tally in estimate(raw, lang).values():
        found.add(tally)
    return found


def stated(minutes: float) -> int:
    """An estimate in minutes as the application states it: rounded to STATED_STEP (half up)."""
    return max(STATED_STEP, STATED_STEP * int(minutes / STATED_STEP + 0.5))


def stated_minutes(raw: dict, lang: str) -> int:
    return stated(whole(raw, lang).minutes())


def report(raw: dict, lang: str) -> str:
    tallies = estimate(raw, lang)
    total = Tally()
    lines = [f"{'part':<18}{'questions':>10}{'words':>8}{'decisions':>11}{'minutes':>9}"]
    for key, tally in tallies.items():
        total.add(tally)
        lines.append(f"{key:<18}{tally.questions:>10}{tally.words:>8}{tally.decisions:>11}"
                     f"{tally.minutes():>9.1f}")
    lines.append(f"{'total':<18}{total.questions:>10}{total.words:>8}{total.decisions:>11}"
                 f"{total.minutes():>9.1f}")
    lines.append(f"({lang}: {WORDS_PER_MINUTE} words/min and {SECONDS_PER_DECISION} s per decision; "
                 f"at 150 words/min {total.minutes(150):.1f} min, at 200 words/min "
                 f"{total.minutes(200):.1f} min; stated as about {stated(total.minutes())} minutes)")
    return "\n".join(lines)


def markdown(raw: dict) -> str:
    """The README's table: words per part in every language, decisions and minutes in the first."""
    languages = raw["languages"]
    tallies = {lang: estimate(raw, lang) for lang in languages}
    first = languages[0]
    totals = {lang: Tally() for lang in languages}
    head = "| part | questions | " + " | ".join(f"words ({lang})" for lang in languages)
    lines = [head + f" | decisions | minutes ({first}) |",
             "|---|---|" + "---|" * len(languages) + "---|---|"]
    for key, tally in tallies[first].items():
        for lang in languages:
            totals[lang].add(tallies[lang][key])
        words = " | ".join(f"{tallies[lang][key].words:,}" for lang in languages)
        label = "intro (read once)" if key == "intro" else key
        lines.append(f"| {label} | {tally.questions or '—'} | {words} | {tally.decisions} | "
                     f"{tally.minutes():.1f} |")
    words = " | ".join(f"**{totals[lang].words:,}**" for lang in languages)
    total = totals[first]
    lines.append(f"| **total** | **{total.questions}** | {words} | **{total.decisions}** | "
                 f"**{total.minutes():.1f}** |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--lang", default=None, help="language code (default: the file's first)")
    parser.add_argument("--markdown", action="store_true",
                        help="print the table of questionnaires/README.md (every language)")
    args = parser.parse_args(argv)
    raw = yaml.safe_load(args.path.read_text(encoding="utf-8"))
    if args.markdown:
        print(markdown(raw))
        return 0
    lang = args.lang or raw["languages"][0]
    print(report(raw, lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
