"""The writes of a respondent's assessment: start, save answers, submit, start again.

Views call these and never write models themselves, so every page, command and test saves and
scores the same way.

A submitted assessment never changes. A save writes only while the assessment is still a draft,
checked by the database in the same transaction as the write (the draft's row is updated WHERE
status = 'draft' first, and the answers are written only when it matched). A submit locks the
assessment (`app.database.begin_locked`: a row lock on PostgreSQL, an immediate transaction on
SQLite) before it reads the answers it scores, so a save either commits before the submit reads or
finds the assessment submitted; its answers are never newer than `submitted_at`.

Each assessment keeps its own profile (Assessment.name, .country, ...): a draft's follows its
profile answers as they are saved, and the submit freezes it from the answers it scores. A draft
never writes the Organization row (app.operations.scores keeps that at the latest submitted
profile).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.database import begin_locked
from app.domain.answers import CheckedAnswers, check_answers
from app.domain.crosswalk import carried_answers
from app.domain.provenance import trust_on_arrival
from app.domain.questionnaire import Questionnaire
from app.domain.scoring import Score, score_assessment
from app.extensions import db
from app.models import Answer, Assessment, AssessmentStatus, Organization, Source, Trust
from app.models.assessment import hash_token
from app.models.time import as_utc, utcnow
from app.operations.scores import lock_organization, record_score


class AssessmentLocked(Exception):
    """A submitted assessment is read-only."""


class IncompleteAssessment(Exception):
    def __init__(self, missing: tuple[str, ...]):
        super().__init__(", ".join(missing))
        self.missing = missing


def origin_digest(address: str | None) -> str | None:
    """A keyed hash of a client's address: equal for equal addresses, useless without the
    server's secret key, and never the address itself."""
    if not address:
        return None
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, address.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def start_assessment(questionnaire: Questionnaire, locale: str,
                     organization: Organization | None = None,
                     source: Source = Source.RESPONDENT,
                     previous: Assessment | None = None,
                     address: str | None = None) -> tuple[Assessment, str]:
    """Create a draft and return it with its private resume token (shown once, stored hashed).
    `address` is the client's, kept only as `origin_digest` for the staff queue's signs."""
    assessment = Assessment(
        organization=organization or Organization(),
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        locale=locale,
        source=source.value,
        previous=previous,
        origin=origin_digest(address),
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


def _upsert(assessment_id: int, values: Mapping[str, Any], now: datetime) -> None:
    """Insert or replace answers in one statement, so two tabs saving at once never collide."""
    if not values:
        return
    insert = postgresql_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
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
    answers with an `organization_field` set the draft's own profile. Raises AssessmentLocked,
    writing nothing, once the assessment is submitted (whatever the caller's copy says).
    """
    if not isinstance(answers, CheckedAnswers):
        answers = check_answers(questionnaire, answers)
    valid = {qid: value for qid, value in answers.values.items() if value is not None}
    cleared = [qid for qid, value in answers.values.items() if value is None]
    now = utcnow()
    values: dict[str, Any] = {name: value or None for name, value
                              in questionnaire.organization_fields(answers.values).items()}
    values["updated_at"] = now
    if step is not None:
        values["current_step"] = step
    claimed = db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id, Assessment.status == AssessmentStatus.DRAFT.value)
        .values(**values).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise AssessmentLocked()
    _upsert(assessment.id, valid, now)
    if cleared:
        db.session.execute(Answer.__table__.delete().where(
            Answer.assessment_id == assessment.id, Answer.question_id.in_(cleared)))
    db.session.commit()
    db.session.expire(assessment)
    return dict(answers.errors)


def set_locale(assessment: Assessment, locale: str) -> None:
    """The language a draft is answered in (a submitted assessment keeps the one it had)."""
    if assessment.locale == locale:
        return
    db.session.execute(update(Assessment).where(
        Assessment.id == assessment.id, Assessment.status == AssessmentStatus.DRAFT.value)
        .values(locale=locale).execution_options(synchronize_session=False))
    db.session.commit()
    db.session.expire(assessment)


def _stored_answers(assessment_id: int) -> dict[str, Any]:
    return dict(db.session.execute(select(Answer.question_id, Answer.value)
                                   .where(Answer.assessment_id == assessment_id)).all())


def submit_assessment(assessment: Assessment, questionnaire: Questionnaire,
                      trust: Trust | None = None) -> Score:
    """Score and lock the assessment once: a second call (double click, resent form) changes
    nothing and returns the same score.

    The assessment is locked before its answers are read, so the score is the score of the
    answers stored with it. `trust` is what the caller's context grants the result (an invitation
    of a programme round passes Trust.TRUSTED); without it an open submission is pending until
    staff verify it (app.domain.provenance.trust_on_arrival).
    """
    assessment_id = assessment.id
    begin_locked(db.session)
    status, source, organization_id = db.session.execute(
        select(Assessment.status, Assessment.source, Assessment.organization_id)
        .where(Assessment.id == assessment_id).with_for_update()).one()
    lock_organization(organization_id)  # before writing any of its assessments (see scores.py)
    answers = _stored_answers(assessment_id)
    score = score_assessment(questionnaire, answers)
    if status == AssessmentStatus.SUBMITTED:
        db.session.rollback()
        return score
    missing = questionnaire.missing_required(answers)
    if missing:
        db.session.rollback()
        raise IncompleteAssessment(tuple(q.id for q in missing))
    db.session.execute(
        update(Assessment).where(Assessment.id == assessment_id)
        .values(status=AssessmentStatus.SUBMITTED.value, submitted_at=utcnow(),
                trust=trust_on_arrival(source, trust).value, **questionnaire.profile(answers))
        .execution_options(synchronize_session=False))
    record_score(assessment, score)
    db.session.commit()
    db.session.expire(assessment)
    return score


def store_submitted(organization: Organization, questionnaire: Questionnaire,
                    answers: Mapping[str, Any], source: Source, submitted_at=None,
                    locale: str | None = None, trust: Trust | None = None) -> Assessment:
    """A submitted assessment with its answers, its profile (from the answers, as a submission
    keeps it), its trust (app.domain.provenance.trust_on_arrival: a staff import is trusted) and
    its score snapshot, made the organization's latest if it is (the caller commits)."""
    now = utcnow()
    lock_organization(organization.id)  # an organization stored before: siblings take turns
    assessment = Assessment(organization=organization, questionnaire_id=questionnaire.id,
                            questionnaire_version=questionnaire.version,
                            locale=locale or questionnaire.languages[0],
                            status=AssessmentStatus.SUBMITTED.value, source=source.value,
                            submitted_at=submitted_at or now,
                            trust=trust_on_arrival(source, trust).value,
                            **questionnaire.profile(answers))
    assessment.answers = [Answer(question_id=k, value=v) for k, v in answers.items()]
    db.session.add(assessment)
    db.session.flush()
    record_score(assessment, score_assessment(questionnaire, answers))
    return assessment


def start_reassessment(previous: Assessment, questionnaire: Questionnaire,
                       locale: str, address: str | None = None) -> tuple[Assessment, str]:
    """A new draft for the same organization, prefilled with the previous answers (and so the
    previous profile) that `questionnaire` accepts: as they are on the same version, through
    its crosswalk from an older one (app.domain.crosswalk). What does not validate is left to
    answer."""
    if not previous.is_submitted:
        raise ValueError("only a submitted assessment can be taken again")
    if previous.source == Source.TEAM_MEMBER.value:
        raise ValueError("a team member's own answers are never taken again")
    assessment, token = start_assessment(questionnaire, locale, previous.organization,
                                         Source(previous.source), previous, address)
    raw = carried_answers(questionnaire, previous.questionnaire_key, previous.answer_values())
    kept = check_answers(questionnaire, raw).for_draft()  # a grid with new rows keeps its carried ones
    carried = {k: v for k, v in kept.values.items() if v is not None}
    _upsert(assessment.id, carried, utcnow())
    for name, value in questionnaire.profile(carried).items():
        setattr(assessment, name, value)
    db.session.commit()
    return assessment, token
