"""The long export: one row per assessment and answer. A multi-select answer gives one row per
chosen option and an adoption answer one row per tool (`item`); "not applicable" is one row with
an empty item.

With `individual` (off by default) two columns are added, `answers` ("agreed" for the
organization's own answers, the ones that count, "individual" for one team member's) and `role`,
and after the selected assessments come the submitted individual answers of the team members of
those of them answered as a team (app/models/team.py), each row under the agreed assessment's
number. The wide export never has them."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, select

from app.domain.questionnaire import NOT_APPLICABLE, Question, Questionnaire
from app.domain.regions import Regions
from app.export.columns import Column, Vocabulary, in_languages, timestamp
from app.export.records import records
from app.extensions import db
from app.models import Assessment, AssessmentStatus, Team, TeamMember

LONG_COLUMNS = (
    ("assessment_id", "integer", _l("Assessment number")),
    ("organization_id", "integer", _l("Organization number")),
    ("organization_name", "text", _l("Name of the organization")),
    ("source", "code", _l("Where the answers come from")),
    ("status", "code", _l("Status")),
    ("submitted_at", "datetime", _l("Submitted (UTC)")),
    ("questionnaire_id", "code", _l("Questionnaire")),
    ("questionnaire_version", "integer", _l("Questionnaire version")),
    ("question_id", "code", _l("Question (see the wide columns of the same name)")),
    ("dimension", "code", _l("Dimension of the question (empty for profile questions)")),
    ("item", "code", _l("Option of a multi-select or row of an adoption question")),
    ("value", "code", _l("The answer: an option code, or its label when exported with labels")),
    ("round_id", "integer", _l("Programme round whose invitation opened the assessment (empty for "
                               "an open one)")),
)


TEAM_COLUMNS = (
    ("answers", "code", _l("Whose answers: agreed (the organization's, which count) or individual "
                           "(one team member's own)")),
    ("role", "text", _l("The team member's role (individual answers only)")),
)
AGREED, INDIVIDUAL = "agreed", "individual"


def long_columns(questionnaire: Questionnaire, individual: bool = False) -> list[Column]:
    return [Column(name, kind, in_languages(text, questionnaire.languages))
            for name, kind, text in LONG_COLUMNS + (TEAM_COLUMNS if individual else ())]


def team_members_of(conditions: Sequence[ColumnElement[bool]]) -> dict[int, tuple[int, str]]:
    """The submitted team members' own assessments of the selected assessments:
    {member assessment id: (agreed assessment id, role)}."""
    selected = select(Assessment.id).where(*conditions)
    rows = db.session.execute(
        select(TeamMember.assessment_id, Team.assessment_id, TeamMember.role)
        .join(Team, Team.id == TeamMember.team_id)
        .join(Assessment, Assessment.id == TeamMember.assessment_id)
        .where(Team.assessment_id.in_(selected),
               Assessment.status == AssessmentStatus.SUBMITTED.value)).all()
    return {member: (agreed, role) for member, agreed, role in rows}


def answer_items(question: Question, value: Any, vocabulary: Vocabulary
                 ) -> list[tuple[str, Any]]:
    """(item, value) pairs of one answer: the pieces its type words it in, as codes or labels."""
    if value == NOT_APPLICABLE:
        return [("", vocabulary.not_applicable)]
    if vocabulary.labels:
        return [(item.key, item.label(vocabulary.locale))
                for item in question.kind.answer_items(question, value)]
    return [(item.key, item.code) for item in question.kind.answer_items(question, value)]


def long_rows(conditions: Sequence[ColumnElement[bool]], questionnaire: Questionnaire,
              regions: Regions, labels: bool, locale: str,
              individual: bool = False) -> Iterator[list[Any]]:
    vocabulary = Vocabulary(questionnaire, regions, labels, locale)
    header = [name for name, _kind, _text in LONG_COLUMNS + (TEAM_COLUMNS if individual else ())]

    def rows_of(record, assessment_id: int, round_id: int | None,
                extra: list[Any]) -> Iterator[list[Any]]:
        r = record.row
        lead = [assessment_id, r.organization_id,
                vocabulary.organization_name(r.name, r.sample_key),
                vocabulary.code(vocabulary.sources, r.source),
                vocabulary.code(vocabulary.statuses, r.status), timestamp(r.submitted_at),
                r.questionnaire_id, r.questionnaire_version]
        for question in questionnaire.questions:
            value = record.answers.get(question.id)
            if value is None:
                continue
            for item, cell in answer_items(question, value, vocabulary):
                yield [*lead, question.id, question.dimension or "", item, cell, round_id, *extra]

    def generate() -> Iterator[list[Any]]:
        yield header
        rounds: dict[int, int | None] = {}  # agreed assessment id -> its round, for its members' rows
        for record in records(conditions, with_scores=False):
            rounds[record.row.id] = record.row.round_id
            yield from rows_of(record, record.row.id, record.row.round_id,
                               [AGREED, ""] if individual else [])
        if not individual:
            return
        members = team_members_of(conditions)
        if not members:
            return
        for record in records([Assessment.id.in_(list(members))], with_scores=False):
            agreed_id, role = members[record.row.id]
            yield from rows_of(record, agreed_id, rounds.get(agreed_id), [INDIVIDUAL, role])

    return generate()
