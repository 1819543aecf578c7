"""The migrations build exactly the schema the models describe, on both databases."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from app.extensions import db


def test_upgrade_builds_the_models_schema(app, runner):
    with app.app_context():
        db.drop_all()
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        assert {"organization", "assessment", "answer", "dimension_score", "staff_user"} <= tables
        differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
    assert differences == []
    result = runner.invoke(args=["db", "downgrade", "base"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as connection:
        assert "assessment" not in inspect(connection).get_table_names()


def test_upgrading_from_the_first_schema_keeps_every_answer_and_score(app, runner):
    """Every migration since the first keeps existing rows (on SQLite a rebuilt table must not
    take the rows pointing at it along)."""
    with app.app_context():
        db.drop_all()
    assert runner.invoke(args=["db", "upgrade", "c7c7d6eebbe9"]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organization (id, name, created_at) VALUES (1, 'Cámara', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO assessment (id, organization_id, questionnaire_id, questionnaire_version, "
            "locale, status, source, is_latest, overall_score, stage, created_at, updated_at, "
            "submitted_at) VALUES (1, 1, 'example', 1, 'es', 'submitted', 'verified', :yes, 50.0, "
            "'mid', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"yes": True})
        connection.execute(text("INSERT INTO answer (assessment_id, question_id, value, updated_at) "
                                "VALUES (1, 'strategy_plan', '\"l3\"', CURRENT_TIMESTAMP)"))
        connection.execute(text("INSERT INTO dimension_score (assessment_id, dimension_id, score) "
                                "VALUES (1, 'strategy', 50.0)"))
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM answer")).scalar() == 1
        assert connection.execute(text("SELECT score FROM dimension_score")).scalar() == 50.0
        assert connection.execute(text("SELECT overall_score FROM assessment")).scalar() == 50.0
