"""The questionnaires and regions an app serves, loaded once at start-up.

`load_library` reads every questionnaire version in the folder, checks each version's crosswalk
against the older version it names (the checks one file cannot make alone), and reads the regions
with the active version's languages: every problem of every file is reported at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from app.domain.datafile import DataFileError, Problem, where
from app.domain.loader import QuestionnaireError, load_questionnaire
from app.domain.questionnaire import Crosswalk, CrosswalkQuestion, Question, Questionnaire
from app.domain.regions import Regions, RegionsError, load_regions

FILE_PATTERN = re.compile(r"^(?P<id>[a-z][a-z0-9-]*)-v(?P<version>\d+)\.yaml$")
DEFAULT_ID = "digital-maturity"


@dataclass(frozen=True)
class Library:
    """Every questionnaire version on disk, the active one, and the regions."""

    versions: dict[tuple[str, int], Questionnaire]
    active: Questionnaire
    regions: Regions

    def get(self, questionnaire_id: str, version: int) -> Questionnaire | None:
        return self.versions.get((questionnaire_id, version))

    def by_key(self, key: str | None) -> Questionnaire | None:
        """The version a key names ("digital-maturity-v1"), if served."""
        return next((q for q in self.versions.values() if q.key == key), None)


def questionnaire_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if FILE_PATTERN.match(p.name))


def load_library(directory: str | Path, active_key: str = "") -> Library:
    """Load every version, its crosswalk and the regions; raise DataFileError naming every problem
    of every file."""
    directory = Path(directory)
    versions, problems, broken = {}, [], set()
    for path in questionnaire_files(directory):
        try:
            questionnaire = load_questionnaire(path)
        except QuestionnaireError as error:
            problems.extend(error.problems)
            broken.add(path.stem)
            continue
        versions[(questionnaire.id, questionnaire.version)] = questionnaire
    by_key = {q.key: q for q in versions.values()}
    for questionnaire in versions.values():
        if questionnaire.crosswalk and questionnaire.crosswalk.older not in broken:
            problems.extend(crosswalk_problems(questionnaire, by_key.get(questionnaire.crosswalk.older)))
    active = _active(versions, active_key)
    try:
        regions = load_regions(directory / "regions.yaml", active.languages if active else ())
    except RegionsError as error:
        problems.extend(error.problems)
    if problems:
        raise DataFileError(problems)
    if active is None:
        raise RuntimeError(f"No active questionnaire {active_key or DEFAULT_ID!r} in {directory}")
    return Library(versions, active, regions)


def _active(versions: dict[tuple[str, int], Questionnaire], active_key: str) -> Questionnaire | None:
    if active_key:
        match = re.fullmatch(r"(.+)-v(\d+)", active_key)
        return versions.get((match[1], int(match[2]))) if match else None
    candidates = [k for k in versions if k[0] == DEFAULT_ID] or list(versions)
    return versions[max(candidates, key=lambda k: k[1])] if candidates else None


# -- crosswalks: what one file cannot check alone ---------------------------------------------------

def crosswalk_problems(newer: Questionnaire, older: Questionnaire | None) -> list[Problem]:
    """Problems of `newer`'s crosswalk against the older version it names (None: not served).
    The ids of `newer` itself were checked when it was loaded."""
    crosswalk: Crosswalk = newer.crosswalk
    problems: list[Problem] = []

    def report(path: tuple, line: int | None, message: str) -> None:
        problems.append(Problem(newer.source, line, where(("crosswalk", *path)), message))

    if older is None:
        report(("from",), crosswalk.line, f"version {crosswalk.older!r} is not served (no file "
                                          f"{crosswalk.older}.yaml beside this one)")
        return problems
    for index, link in enumerate(crosswalk.dimensions):
        if older.dimension(link.older_dimension) is None:
            report(("dimensions", index, "from"), link.line, f"{older.key} has no dimension "
                                                             f"{link.older_dimension!r}")
    for index, link in enumerate(crosswalk.questions):
        path = ("questions", index)
        before, now = older.question(link.older_question), newer.question(link.question)
        if before is None:
            report((*path, "from"), link.line, f"{older.key} has no question {link.older_question!r}")
        elif before.kind is not now.kind or before.input != now.input:
            report(path, link.line, f"a {_kind(before)} question cannot carry over to a {_kind(now)} "
                                    "question")
        else:
            _check_carried(link, before, now, older.key, path, report)
    return problems


def _kind(question: Question) -> str:
    return question.kind.name + (f" ({question.input})" if question.input else "")


def _check_carried(link: CrosswalkQuestion, before: Question, now: Question, older_key: str,
                   path: tuple, report: Callable[[tuple, int | None, str], None]) -> None:
    """Every option and row of the older question has a place in the newer one (or is mapped to
    null), and the crosswalk lists only ids the older question has."""
    for what, mapping, older_ids, newer_ids, carry in (
            ("option", link.options, [o.id for o in before.options], [o.id for o in now.options],
             link.option),
            ("row", link.rows, [r.id for r in before.rows], [r.id for r in now.rows], link.row)):
        for older_id in mapping:
            if older_id not in older_ids:
                report((*path, f"{what}s", older_id), link.line,
                       f"question {link.older_question!r} of {older_key} has no {what} {older_id!r}")
        for older_id in older_ids:
            if older_id not in mapping and carry(older_id) not in newer_ids:
                report((*path, f"{what}s"), link.line,
                       f"{what} {older_id!r} of {older_key}'s {link.older_question!r} is not in "
                       f"{link.question!r}: map it to one of {', '.join(newer_ids) or 'none'}, or to "
                       "null to carry nothing")


def init_app(app: Flask) -> None:
    """Refuse to start when a questionnaire or the regions file is invalid, printing every problem."""
    app.extensions["questionnaires"] = load_library(app.config["QUESTIONNAIRE_DIR"],
                                                    app.config["ACTIVE_QUESTIONNAIRE"])


def library() -> Library:
    return current_app.extensions["questionnaires"]


def active_questionnaire() -> Questionnaire:
    return library().active
