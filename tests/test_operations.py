"""The writes behind the respondent journey, on both databases."""

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Answer, Assessment, DimensionScore
from app.operations.assessment import (
    AssessmentLocked,
    IncompleteAssessment,
    find_by_token,
    save_answers,
    start_assessment,
    start_reassessment,
    submit_assessment,
)
from app.questionnaires import active_questionnaire

COMPLETE = {"org_name": "Cámara de Prueba", "country": "CL", "strategy_plan": "l3",
            "strategy_budget": "partial", "services_online": ["training"]}


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield active_questionnaire()


def test_save_keeps_valid_answers_and_reports_invalid_ones(ctx):
    assessment, token = start_assessment(ctx, "es")
    errors = save_answers(assessment, ctx, {"strategy_plan": "l2", "country": "ZZ"})
    assert errors == {"country": "unknown_option"}
    save_answers(assessment, ctx, {"strategy_plan": "l9"})
    assert find_by_token(token).answer_values() == {"strategy_plan": "l2"}


def test_profile_answers_fill_the_drafts_own_profile_not_the_organization(ctx):
    assessment, _ = start_assessment(ctx, "en")
    save_answers(assessment, ctx, {"org_name": "  UIA  ", "country": "AR"})
    assert (assessment.name, assessment.country) == ("UIA", "AR")
    assert (assessment.organization.name, assessment.organization.country) == ("", None)
    save_answers(assessment, ctx, {"org_name": "", "country": ""})
    assert (assessment.name, assessment.country) == (None, None)


def test_submit_freezes_the_profile_and_gives_it_to_the_organization(ctx):
    assessment, _ = start_assessment(ctx, "en")
    save_answers(assessment, ctx, {**COMPLETE, "org_type": "sectoral"})
    submit_assessment(assessment, ctx)
    assert assessment.profile == {"name": "Cámara de Prueba", "country": "CL",
                                  "org_type": "sectoral", "scope": None, "members_band": None,
                                  "staff_band": None, "sme_share_band": None}
    assert (assessment.organization.name, assessment.organization.org_type) == (
        "Cámara de Prueba", "sectoral")


def test_an_open_submission_is_pending_unless_its_caller_grants_trust(ctx):
    from app.models import Trust

    open_one, _ = start_assessment(ctx, "en")
    save_answers(open_one, ctx, COMPLETE)
    submit_assessment(open_one, ctx)
    invited, _ = start_assessment(ctx, "en")
    save_answers(invited, ctx, COMPLETE)
    submit_assessment(invited, ctx, Trust.TRUSTED)
    assert (open_one.trust, invited.trust) == ("pending", "trusted")
    assert start_assessment(ctx, "en")[0].trust is None  # a draft has no trust yet


def test_blank_answer_clears_a_saved_one(ctx):
    assessment, _ = start_assessment(ctx, "es")
    save_answers(assessment, ctx, {"strategy_plan": "l2"})
    save_answers(assessment, ctx, {"strategy_plan": ""})
    assert assessment.answer_values() == {}


def test_wrong_token_finds_nothing(ctx):
    start_assessment(ctx, "es")
    assert find_by_token("not-a-token") is None
    assert find_by_token("") is None


def test_submit_requires_every_required_answer(ctx):
    assessment, _ = start_assessment(ctx, "es")
    save_answers(assessment, ctx, {"strategy_plan": "l3"})
    with pytest.raises(IncompleteAssessment) as caught:
        submit_assessment(assessment, ctx)
    assert "country" in caught.value.missing and "services_online" in caught.value.missing
    assert not assessment.is_submitted


def test_submit_twice_gives_one_snapshot_and_locks(ctx):
    assessment, _ = start_assessment(ctx, "es")
    save_answers(assessment, ctx, COMPLETE)
    first = submit_assessment(assessment, ctx)
    second = submit_assessment(assessment, ctx)
    assert first == second
    assert assessment.is_submitted and assessment.is_latest
    assert assessment.overall_score == pytest.approx(first.overall)
    rows = db.session.scalar(select(func.count()).select_from(DimensionScore).where(
        DimensionScore.assessment_id == assessment.id))
    assert rows == 2
    with pytest.raises(AssessmentLocked):
        save_answers(assessment, ctx, {"strategy_plan": "l5"})


def test_reassessment_is_prefilled_and_becomes_the_latest(ctx):
    first, _ = start_assessment(ctx, "es")
    save_answers(first, ctx, COMPLETE)
    submit_assessment(first, ctx)
    second, token = start_reassessment(first, ctx, "en")
    assert second.answer_values() == first.answer_values()
    assert second.organization_id == first.organization_id and second.previous_id == first.id
    save_answers(second, ctx, {"strategy_plan": "l5"})
    submit_assessment(second, ctx)
    db.session.refresh(first)
    assert second.is_latest and not first.is_latest
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 2 * len(COMPLETE)
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 2
