import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Answer, Assessment, DimensionScore, Organization
from app.models.assessment import hash_token


def make_assessment() -> Assessment:
    organization = Organization(name="Cámara de prueba", country="AR")
    assessment = Assessment(organization=organization, questionnaire_id="example",
                            questionnaire_version=1, locale="es")
    db.session.add(assessment)
    return assessment


def test_token_is_stored_only_as_a_hash(app):
    with app.app_context():
        assessment = make_assessment()
        token = assessment.issue_token()
        db.session.commit()
        assert len(token) >= 40
        assert assessment.token_hash == hash_token(token) != token
        found = db.session.scalar(select(Assessment).filter_by(token_hash=hash_token(token)))
        assert found.id == assessment.id


def test_one_answer_per_assessment_and_question(app):
    with app.app_context():
        assessment = make_assessment()
        db.session.add(Answer(assessment=assessment, question_id="q1", value=["a", "b"]))
        db.session.commit()
        db.session.add(Answer(assessment=assessment, question_id="q1", value="c"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()


def test_json_values_round_trip_with_accents(app):
    with app.app_context():
        assessment = make_assessment()
        value = {"crm": "in_use", "nota": "ñandú «ü»"}
        db.session.add(Answer(assessment=assessment, question_id="q", value=value))
        db.session.commit()
        db.session.expire_all()
        assert db.session.scalar(select(Answer.value)) == value


def test_dimension_scores_aggregate_in_sql(app):
    with app.app_context():
        for score in (20.0, 40.0, 90.0):
            assessment = make_assessment()
            assessment.dimension_scores.append(DimensionScore(dimension_id="strategy", score=score))
        db.session.commit()
        mean = db.session.scalar(select(func.avg(DimensionScore.score)).where(
            DimensionScore.dimension_id == "strategy"))
        assert mean == pytest.approx(50.0)


def test_times_are_stored_in_utc(app):
    with app.app_context():
        assessment = make_assessment()
        db.session.commit()
        db.session.expire_all()
        created = db.session.get(Assessment, assessment.id).created_at
        assert created.utcoffset() is None or created.utcoffset().total_seconds() == 0
