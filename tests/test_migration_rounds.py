"""The rounds migration (d15a0c3b7e21) upgrades the previous head with data in it, on SQLite and
PostgreSQL, keeps every row, and its constraints hold: an invitation opens one assessment, a
link hash is unique, an organization is invited to a round once."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from app.extensions import db

PREVIOUS = "5e8d2b7c4a61"


def test_the_rounds_migration_upgrades_the_previous_head_and_enforces_once(app, runner):
    with app.app_context():
        db.drop_all()
    assert runner.invoke(args=["db", "upgrade", PREVIOUS]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organization (id, name, created_at) VALUES (1, 'Cámara', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO assessment (id, organization_id, questionnaire_id, questionnaire_version, "
            "locale, status, source, is_latest, created_at, updated_at) VALUES (1, 1, 'example', 1, "
            "'es', 'draft', 'respondent', :no, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"no": False})
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.begin() as connection:
        assert {"assessment_round", "invitation"} <= set(inspect(connection).get_table_names())
        assert connection.execute(text("SELECT count(*) FROM assessment")).scalar() == 1
        connection.execute(text(
            "INSERT INTO assessment_round (id, name, questionnaire_id, questionnaire_version, "
            "opens_on, sample, created_at, updated_at) VALUES (1, 'Ronda', 'example', 1, "
            "'2026-06-01', :no, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"), {"no": False})
        connection.execute(text(
            "INSERT INTO invitation (id, round_id, organization_id, name, locale, token_hash, "
            "assessment_id, created_at) VALUES (1, 1, 1, 'Cámara', 'es', 'h1', 1, CURRENT_TIMESTAMP)"))
        connection.execute(text("INSERT INTO organization (id, name, created_at) "
                                "VALUES (2, 'Otra', CURRENT_TIMESTAMP)"))
    insert = text("INSERT INTO invitation (id, round_id, organization_id, name, locale, token_hash, "
                  "assessment_id, created_at) VALUES (:id, 1, :org, 'Cámara', 'es', :token, :a, "
                  "CURRENT_TIMESTAMP)")
    for values in ({"id": 2, "org": 1, "token": "h2", "a": None},  # the same organization twice
                   {"id": 3, "org": 2, "token": "h1", "a": None},  # the same link hash
                   {"id": 4, "org": 2, "token": "h4", "a": 1}):  # the same assessment
        with pytest.raises(IntegrityError), app.app_context(), db.engine.begin() as connection:
            connection.execute(insert, values)
    result = runner.invoke(args=["db", "downgrade", PREVIOUS])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.connect() as connection:
        assert "invitation" not in inspect(connection).get_table_names()
        assert connection.execute(text("SELECT count(*) FROM assessment")).scalar() == 1
