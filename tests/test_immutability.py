"""A submitted assessment never changes (issue 11), under real concurrency on both databases: page
saves racing the submit, and re-assessments of one organization submitted at once. Each thread
has its own app context, so its own session and database connection."""

from __future__ import annotations

import contextlib
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.domain.scoring import score_assessment
from app.extensions import db
from app.models import Answer, Assessment, AssessmentStatus
from app.models.time import as_utc
from app.operations.assessment import (
    AssessmentLocked,
    save_answers,
    start_assessment,
    start_reassessment,
    submit_assessment,
)
from app.questionnaires import active_questionnaire

TRIALS = 24
SAVERS = 3
COMPLETE = {"org_name": "Cámara de Prueba", "country": "CL", "strategy_plan": "l1",
            "strategy_budget": "no", "services_online": ["none"]}
LATER = ({"strategy_plan": "l5", "strategy_budget": "yes", "services_online": ["training"]},
         {"strategy_plan": "l3", "services_online": ["advice", "events"],
          "services_tools": {"crm": "in_use", "esign": "in_use"}},
         {"strategy_budget": "_na", "services_tools": "_na", "country": "HN"})


def run_together(*targets) -> list[BaseException]:
    """Start every target at the same moment in its own thread; the errors they raised."""
    barrier = threading.Barrier(len(targets), timeout=30)
    errors: list[BaseException] = []

    def run(target):
        try:
            target(barrier)
        except BaseException as error:  # noqa: BLE001 - collected and reported by the test
            errors.append(error)

    threads = [threading.Thread(target=run, args=(t,)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung (a lock never released)"
    return errors


def stored_result(assessment_id: int):
    assessment = db.session.get(Assessment, assessment_id)
    answers = dict(db.session.execute(select(Answer.question_id, Answer.value).where(
        Answer.assessment_id == assessment_id)).all())
    newest = db.session.scalar(select(func.max(Answer.updated_at)).where(
        Answer.assessment_id == assessment_id))
    return assessment, answers, newest


def test_saves_racing_the_submit_never_change_the_submitted_result(app):
    for trial in range(TRIALS):
        with app.app_context():
            questionnaire = active_questionnaire()
            draft, _token = start_assessment(questionnaire, "es")
            save_answers(draft, questionnaire, COMPLETE)
            draft_id = draft.id

        def submitter(barrier, draft_id=draft_id):
            with app.app_context():
                questionnaire = active_questionnaire()
                assessment = db.session.get(Assessment, draft_id)
                assessment.answer_values()  # the request has read the answers before it submits
                barrier.wait()
                submit_assessment(assessment, questionnaire)

        def saver(later, draft_id=draft_id):
            def save(barrier):
                with app.app_context():
                    questionnaire = active_questionnaire()
                    assessment = db.session.get(Assessment, draft_id)
                    assert not assessment.is_submitted  # loaded while it was still a draft
                    barrier.wait()
                    with contextlib.suppress(AssessmentLocked):
                        save_answers(assessment, questionnaire, later)
            return save

        errors = run_together(submitter, *(saver(LATER[i % len(LATER)]) for i in range(SAVERS)))
        assert not errors, f"trial {trial}: {errors!r}"
        with app.app_context():
            assessment, answers, newest = stored_result(draft_id)
            assert assessment.status == AssessmentStatus.SUBMITTED
            expected = score_assessment(active_questionnaire(), answers)
            assert assessment.overall_score == pytest.approx(expected.overall), f"trial {trial}"
            assert assessment.score_snapshot().dimensions == pytest.approx(
                {d.dimension_id: d.score for d in expected.dimensions})
            assert as_utc(newest) <= as_utc(assessment.submitted_at), (
                f"trial {trial}: an answer was written after the submission")
            assert assessment.country == answers["country"]


def test_reassessments_submitted_at_once_never_deadlock_and_the_last_is_latest(app):
    for trial in range(TRIALS // 2):
        with app.app_context():
            questionnaire = active_questionnaire()
            first, _token = start_assessment(questionnaire, "es")
            save_answers(first, questionnaire, COMPLETE)
            submit_assessment(first, questionnaire)
            drafts = []
            for later in LATER:
                draft, _token = start_reassessment(first, questionnaire, "es")
                save_answers(draft, questionnaire, later)
                drafts.append(draft.id)
            organization_id = first.organization_id

        def submitter(draft_id):
            def submit(barrier):
                with app.app_context():
                    questionnaire = active_questionnaire()
                    assessment = db.session.get(Assessment, draft_id)
                    barrier.wait()
                    submit_assessment(assessment, questionnaire)
            return submit

        errors = run_together(*(submitter(d) for d in drafts))
        assert not errors, f"trial {trial}: {errors!r}"
        with app.app_context():
            rows = db.session.execute(select(Assessment.id, Assessment.submitted_at,
                                             Assessment.is_latest)
                                      .where(Assessment.organization_id == organization_id)).all()
            assert len(rows) == 1 + len(LATER)
            latest = [r.id for r in rows if r.is_latest]
            newest = max(rows, key=lambda r: (as_utc(r.submitted_at), r.id))
            assert latest == [newest.id], f"trial {trial}: latest {latest}, newest {newest.id}"


def test_the_latest_is_the_latest_submission_even_when_an_older_one_is_stored_later(app):
    """An import of an older result never takes `is_latest` from a newer one."""
    from app.models import Source
    from app.operations.assessment import store_submitted
    from tests.factories import submitted

    with app.app_context():
        questionnaire = active_questionnaire()
        first = submitted(COMPLETE)
        older = store_submitted(first.organization, questionnaire, COMPLETE, Source.VERIFIED,
                                submitted_at=first.submitted_at - timedelta(days=30))
        db.session.commit()
        db.session.refresh(first)
        assert first.is_latest and not older.is_latest
