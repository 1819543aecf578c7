"""One organization's history for staff: every assessment it has, oldest first, with its scores,
stage, trust and the change since its previous submitted assessment, and per questionnaire version
the dimension scores side by side.

Changes follow the report's rule (app.domain.crosswalk): the overall score is compared only within
one questionnaire version (two versions sum different questions), dimensions across versions only
where the newer version's crosswalk pairs them.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort

from app.domain.crosswalk import comparable_scores
from app.domain.questionnaire import Dimension, Questionnaire
from app.extensions import db
from app.models import Assessment, AssessmentRound, Organization
from app.questionnaires import Library
from app.staff import queries


@dataclass(frozen=True)
class Entry:
    """One assessment of the organization, as its history shows it."""

    assessment: Assessment
    questionnaire: Questionnaire | None  # None when that version is no longer served
    compared_with: Assessment | None  # the previous submitted assessment of the same version
    change: float | None  # overall score since `compared_with`
    round: AssessmentRound | None = None  # the programme round whose invitation opened it

    @property
    def stage_name(self):
        stage = self.questionnaire.stage(self.assessment.stage) if self.questionnaire else None
        return stage.name if stage else None


@dataclass(frozen=True)
class Cell:
    score: float | None
    change: float | None  # since the previous column's assessment (None: nothing to compare)


@dataclass(frozen=True)
class VersionTable:
    """The submitted assessments of one questionnaire version, dimension by dimension."""

    questionnaire: Questionnaire
    assessments: list[Assessment]
    rows: list[tuple[Dimension, list[Cell]]]


@dataclass(frozen=True)
class History:
    organization: Organization
    entries: list[Entry]
    tables: list[VersionTable]


def organization_history(organization_id: int, library: Library) -> History:
    organization = db.get_or_404(Organization, organization_id)
    assessments = queries.history(organization_id)
    if not assessments:
        abort(404)
    entries, last_of_version = [], {}
    rounds = queries.rounds_of([a.id for a in assessments])
    for assessment in assessments:
        questionnaire = library.get(assessment.questionnaire_id, assessment.questionnaire_version)
        previous = last_of_version.get(_version(assessment)) if assessment.is_submitted else None
        change = (_difference(assessment.overall_score, previous.overall_score)
                  if previous is not None else None)
        entries.append(Entry(assessment, questionnaire, previous, change, rounds.get(assessment.id)))
        if assessment.is_submitted:
            last_of_version[_version(assessment)] = assessment
    return History(organization, entries, _tables(assessments, library))


def _version(assessment: Assessment) -> tuple[str, int]:
    return assessment.questionnaire_id, assessment.questionnaire_version


def _difference(now: float | None, before: float | None) -> float | None:
    return None if now is None or before is None else now - before


def _tables(assessments: list[Assessment], library: Library) -> list[VersionTable]:
    """Per version (in the order first used), its submitted assessments' dimension scores; the
    first column of a version is compared with the organization's previous submitted assessment
    of another version through the crosswalk."""
    tables: list[VersionTable] = []
    previous: Assessment | None = None
    by_version: dict[tuple[str, int], list[Assessment]] = {}
    first_previous: dict[tuple[str, int], Assessment | None] = {}
    for assessment in assessments:
        if not assessment.is_submitted:
            continue
        key = _version(assessment)
        if key not in by_version:
            by_version[key] = []
            first_previous[key] = previous
        by_version[key].append(assessment)
        previous = assessment
    for key, members in by_version.items():
        questionnaire = library.get(*key)
        if questionnaire is None:
            continue
        rows = []
        for dimension in questionnaire.dimensions:
            cells, before = [], _comparable(questionnaire, first_previous[key], dimension.id)
            for assessment in members:
                score = assessment.score_snapshot().dimensions.get(dimension.id)
                cells.append(Cell(score, _difference(score, before)))
                before = score
            rows.append((dimension, cells))
        tables.append(VersionTable(questionnaire, members, rows))
    return tables


def _comparable(questionnaire: Questionnaire, older: Assessment | None,
                dimension_id: str) -> float | None:
    """An older version's score of the dimension this version pairs with it, if any."""
    if older is None:
        return None
    older_key = f"{older.questionnaire_id}-v{older.questionnaire_version}"
    found = comparable_scores(questionnaire, older_key, older.score_snapshot())
    return found.dimensions.get(dimension_id)
