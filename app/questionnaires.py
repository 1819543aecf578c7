"""The questionnaires and regions an app serves, loaded once at start-up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app

from app.domain.loader import QuestionnaireError, load_questionnaire
from app.domain.questionnaire import Questionnaire
from app.domain.regions import Regions, load_regions

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


def questionnaire_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob("*.yaml") if FILE_PATTERN.match(p.name))


def load_library(directory: str | Path, active_key: str = "") -> Library:
    """Load every version; raise QuestionnaireError naming every problem of every file."""
    directory = Path(directory)
    versions, problems = {}, []
    for path in questionnaire_files(directory):
        try:
            questionnaire = load_questionnaire(path)
        except QuestionnaireError as error:
            problems.extend(error.problems)
            continue
        versions[(questionnaire.id, questionnaire.version)] = questionnaire
    if problems:
        raise QuestionnaireError(problems)
    if active_key:
        match = re.fullmatch(r"(.+)-v(\d+)", active_key)
        active = versions.get((match[1], int(match[2]))) if match else None
    else:
        candidates = [k for k in versions if k[0] == DEFAULT_ID] or list(versions)
        active = versions[max(candidates, key=lambda k: k[1])] if candidates else None
    if active is None:
        raise RuntimeError(f"No active questionnaire {active_key or DEFAULT_ID!r} in {directory}")
    regions = load_regions(directory / "regions.yaml", active.languages)
    return Library(versions, active, regions)


def init_app(app: Flask) -> None:
    """Refuse to start when the active questionnaire is invalid, printing every problem."""
    app.extensions["questionnaires"] = load_library(app.config["QUESTIONNAIRE_DIR"],
                                                    app.config["ACTIVE_QUESTIONNAIRE"])


def library() -> Library:
    return current_app.extensions["questionnaires"]


def active_questionnaire() -> Questionnaire:
    return library().active
