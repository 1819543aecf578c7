"""The writes of a respondent's assessment: start, save answers, submit, start again.

Views call these and never write models themselves, so every page, command and test saves and
scores the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.domain.answers import CheckedAnswers, check_answers
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import Score, score_assessment
from app.extensions import db
from app.models import Answer, Assessment, AssessmentStatus, Organization, Source
from app.models.assessment import hash_token
from app.models.time import as_utc, utcnow
from app.operations.scores import record_score


class AssessmentLocked(Exception):
    """A submitted assessment is read-only."""


class IncompleteAssessment(Exception):
    def __init__(self, missing: tuple[str, ...]):
        super().__init__(", ".join(missing))
        self.missing = missing


def start_assessment(questionnaire: Questionnaire, locale: str,
                     organization: Organization | None = None,
                     source: Source = Source.RESPONDENT,
                     previous: Assessment | None = None) -> tuple[Assessment, str]:
    """Create a draft and return it with its private resume token (shown once, stored hashed)."""
    assessment = Assessment(
        organization=organization or Organization(),
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        locale=locale,
        source=source.value,
        previous=previous,
    )
    token = assessment.issue_token()
    db.session.add(assessment)
    db.session.commit()
    return assessment, token


def find_by_token(token: str | None, draft_lifetime_days: int | None = None) -> Assessment | None:
    """The assessment a resume token opens, or None for a wrong token or an expired draft."""
    if not token or len(token) > 200:
        return None
    assessment = db.session.scalar(select(Assessment).filter_by(token_hash=hash_token(token)))
    if assessment is None:
        return None
    if (draft_lifetime_days and not assessment.is_submitted
            and as_utc(assessment.updated_at) < utcnow() - timedelta(days=draft_lifetime_days)):
        return None
    return assessment


def _upsert(assessment_id: int, values: Mapping[str, Any]) -> None:
    """Insert or replace answers in one statement, so two tabs saving at once never collide."""
    if not values:
        return
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    statement = insert(Answer).values([
        {"assessment_id": assessment_id, "question_id": qid, "value": value, "updated_at": now}
        for qid, value in values.items()])
    statement = statement.on_conflict_do_update(
        index_elements=["assessment_id", "question_id"],
        set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at})
    db.session.execute(statement)


def save_answers(assessment: Assessment, questionnaire: Questionnaire,
                 answers: Mapping[str, Any] | CheckedAnswers,
                 step: str | None = None) -> dict[str, str]:
    """Save every valid answer and return {question_id: error code} for the rest. `answers` are
    raw values by question id, or already checked (a view that had to check them first).

    An invalid answer leaves what was stored before untouched; a blank answer clears it. Profile
    answers with an `organization_field` are copied onto the organization.
    """
    if assessment.is_submitted:
        raise AssessmentLocked()
    if not isinstance(answers, CheckedAnswers):
        answers = check_answers(questionnaire, answers)
    valid = {qid: value for qid, value in answers.values.items() if value is not None}
    cleared = [qid for qid, value in answers.values.items() if value is None]
    for name, value in questionnaire.organization_fields(answers.values).items():
        setattr(assessment.organization, name, value)
    _upsert(assessment.id, valid)
    if cleared:
        db.session.execute(Answer.__table__.delete().where(
            Answer.assessment_id == assessment.id, Answer.question_id.in_(cleared)))
    if step is not None:
        assessment.current_step = step
    assessment.updated_at = utcnow()
    db.session.commit()
    db.session.expire(assessment, ["answers"])
    return dict(answers.errors)


def set_locale(assessment: Assessment, locale: str) -> None:
    """The language a draft is answered in (a submitted assessment keeps the one it had)."""
    if not assessment.is_submitted and assessment.locale != locale:
        assessment.locale = locale
        db.session.commit()


def submit_assessment(assessment: Assessment, questionnaire: Questionnaire) -> Score:
    """Score and lock the assessment once: a second call (double click, resent form) changes
    nothing and returns the same score."""
    answers = assessment.answer_values()
    score = score_assessment(questionnaire, answers)
    if assessment.is_submitted:
        return score
    missing = questionnaire.missing_required(answers)
    if missing:
        raise IncompleteAssessment(tuple(q.id for q in missing))
    claimed = db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id, Assessment.status == AssessmentStatus.DRAFT.value)
        .values(status=AssessmentStatus.SUBMITTED.value, submitted_at=utcnow()))
    if claimed.rowcount != 1:
        db.session.rollback()
        db.session.refresh(assessment)
        return score
    record_score(assessment, score)
    db.session.commit()
    db.session.refresh(assessment)
    return score


def store_submitted(organization: Organization, questionnaire: Questionnaire,
                    answers: Mapping[str, Any], source: Source, submitted_at=None,
                    locale: str | None = None) -> Assessment:
    """A submitted assessment with its answers and score snapshot, made the organization's latest
    (the caller commits)."""
    now = utcnow()
    assessment = Assessment(organization=organization, questionnaire_id=questionnaire.id,
                            questionnaire_version=questionnaire.version,
                            locale=locale or questionnaire.languages[0],
                            status=AssessmentStatus.SUBMITTED.value, source=source.value,
                            submitted_at=submitted_at or now)
    assessment.answers = [Answer(question_id=k, value=v) for k, v in answers.items()]
    db.session.add(assessment)
    db.session.flush()
    record_score(assessment, score_assessment(questionnaire, answers))
    return assessment


def start_reassessment(previous: Assessment, questionnaire: Questionnaire,
                       locale: str) -> tuple[Assessment, str]:
    """A new draft for the same organization, prefilled with the previous answers that the
    current questionnaire still accepts."""
    if not previous.is_submitted:
        raise ValueError("only a submitted assessment can be taken again")
    assessment, token = start_assessment(questionnaire, locale, previous.organization,
                                         Source(previous.source), previous)
    carried = check_answers(questionnaire, previous.answer_values()).values
    _upsert(assessment.id, {k: v for k, v in carried.items() if v is not None})
    db.session.commit()
    return assessment, token
