"""Estimate how long one careful person takes to answer a questionnaire file.

    .venv/bin/python questionnaires/reading_time.py questionnaires/digital-maturity-v2.yaml [--lang es]

The rules (words read, reading speed, decisions) are the application's own, in
app/domain/reading_time.py, so the figure printed here is the one the landing page states (rounded
to five minutes there). The file is loaded and checked by the application's loader first.

It prints the words and decisions per dimension (profile questions and the intro apart) and the total
in minutes, and for comparison the totals at 150 and 200 words per minute; with --markdown, the table
of questionnaires/README.md (words in every language of the file).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.domain.loader import QuestionnaireError, load_questionnaire  # noqa: E402
from app.domain.questionnaire import Questionnaire  # noqa: E402
from app.domain.reading_time import (  # noqa: E402
    SECONDS_PER_DECISION,
    WORDS_PER_MINUTE,
    Tally,
    estimate,
    stated_minutes,
)


def report(questionnaire: Questionnaire, lang: str) -> str:
    tallies = estimate(questionnaire, lang)
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
                 f"{total.minutes(200):.1f} min; the app states about "
                 f"{stated_minutes(questionnaire, lang)} minutes)")
    return "\n".join(lines)


def markdown(questionnaire: Questionnaire) -> str:
    """The README's table: words per part in every language, decisions and minutes in the first."""
    languages = questionnaire.languages
    tallies = {lang: estimate(questionnaire, lang) for lang in languages}
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
    try:
        questionnaire = load_questionnaire(args.path)
    except QuestionnaireError as error:
        print("\n".join(str(problem) for problem in error.problems), file=sys.stderr)
        return 1
    if args.markdown:
        print(markdown(questionnaire))
        return 0
    lang = args.lang or questionnaire.languages[0]
    if lang not in questionnaire.languages:
        print(f"{args.path.name} has no texts in {lang!r} (it has {', '.join(questionnaire.languages)})",
              file=sys.stderr)
        return 2
    print(report(questionnaire, lang))
    return 0


if __name__ == "__main__":
    sys.exit(main())
