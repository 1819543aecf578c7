"""200 respondents at once against gunicorn (3 workers x 4 threads, CSRF on), on SQLite and on
PostgreSQL: every answer and every submission is stored exactly once and no request fails."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from sqlalchemy import func, select

from app import create_app
from app.database import RetryingConnection
from app.extensions import db
from app.models import Answer, Assessment, DimensionScore, Organization
from app.questionnaires import active_questionnaire
from config import TestConfig
from tests.conftest import EXAMPLE_DIR
from tests.servers import Respondent, prepare_database, running, server_config

RESPONDENTS = 200
NAME = "Concurrent organization {:03d}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'concurrency.db'}"
    return request.getfixturevalue("postgres_schema_url")


def run_respondents(base_url: str) -> tuple[list[Respondent], list[str]]:
    """Every respondent's whole journey, all started at the same moment."""
    respondents = [Respondent(base_url, NAME.format(n)) for n in range(RESPONDENTS)]
    start = threading.Barrier(RESPONDENTS, timeout=60)
    failures = []

    def journey(respondent: Respondent) -> None:
        start.wait()
        try:
            respondent.complete()
        except (AssertionError, requests.RequestException) as error:
            failures.append(f"{respondent.name}: {error.__class__.__name__}: {error}")
        finally:
            respondent.session.close()

    with ThreadPoolExecutor(max_workers=RESPONDENTS) as pool:
        list(pool.map(journey, respondents))
    return respondents, failures


def stored_state(database_url: str):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     QUESTIONNAIRE_DIR=str(EXAMPLE_DIR))
    with app.app_context():
        questionnaire = active_questionnaire()
        assessments = db.session.scalars(
            select(Assessment).join(Organization).where(
                Organization.name.like("Concurrent organization %"))).all()
        state = {
            "names": Counter(a.organization.name for a in assessments),
            "statuses": Counter(a.status for a in assessments),
            "scored": sum(a.overall_score is not None for a in assessments),
            "answers": {a.organization.name: {x.question_id: x.value for x in a.answers}
                        for a in assessments},
            "answer_rows": db.session.scalar(select(func.count(Answer.id))),
            "dimension_rows": Counter(s.assessment_id for s in db.session.scalars(
                select(DimensionScore))),
            "questions": {q.id for q in questionnaire.questions},
            "dimensions": len(questionnaire.dimensions),
        }
        db.engine.dispose()
    return state


@pytest.mark.slow
def test_two_hundred_respondents_at_once_lose_nothing(database_url, tmp_path):
    prepare_database(database_url)
    # One address sends every request here, so the per-address rate limits are off.
    config = server_config(database_url, RATELIMIT_ENABLED=False, WTF_CSRF_ENABLED=True)
    with running(config, tmp_path, workers=3, threads=4) as server:
        respondents, failures = run_respondents(server.url)
        log = server.log_text()

    server_errors = [entry for r in respondents for entry in r.server_errors()]
    assert not failures, f"{len(failures)} journeys failed, e.g. {failures[:3]}"
    assert not server_errors, server_errors[:5]
    assert all(r.results_url and "/results/" in r.results_url for r in respondents)
    assert "Traceback" not in log
    tokens = [r.results_url.rstrip("/").rsplit("/", 1)[1] for r in respondents]
    assert not [t for t in tokens if t in log], "a private results token reached the access log"

    state = stored_state(database_url)
    expected_names = {NAME.format(n) for n in range(RESPONDENTS)}
    assert set(state["names"]) == expected_names
    assert set(state["names"].values()) == {1}, "an organization was stored twice"
    assert state["statuses"] == {"submitted": RESPONDENTS}
    assert state["scored"] == RESPONDENTS
    for name, answers in state["answers"].items():
        assert set(answers) == state["questions"], f"{name} lost answers"
        assert answers["org_name"] == name
    assert state["answer_rows"] == RESPONDENTS * len(state["questions"])
    assert len(state["dimension_rows"]) == RESPONDENTS
    assert set(state["dimension_rows"].values()) == {state["dimensions"]}


# -- the retried commit, without a server ---------------------------------------------------------
def locked_commit_setup(path):
    """A reader holding a SHARED lock on a rollback-journal database, and a writer (with no busy
    timeout) whose COMMIT therefore finds the database locked."""
    sqlite3.connect(path).execute("CREATE TABLE answer (value TEXT)").connection.commit()
    reader = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM answer").fetchall()
    writer = sqlite3.connect(path, timeout=0, factory=RetryingConnection)
    writer.execute("INSERT INTO answer VALUES ('kept')")
    return reader, writer


def test_a_locked_commit_is_retried_until_it_goes_through(tmp_path):
    path = tmp_path / "locked.db"
    reader, writer = locked_commit_setup(path)
    threading.Timer(0.1, lambda: reader.execute("COMMIT")).start()
    writer.commit()
    assert sqlite3.connect(path).execute("SELECT value FROM answer").fetchall() == [("kept",)]


def test_a_commit_locked_for_too_long_fails_without_losing_the_transaction(tmp_path):
    path = tmp_path / "locked.db"
    reader, writer = locked_commit_setup(path)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        writer.commit()
    reader.execute("COMMIT")
    writer.commit()  # the transaction was still whole: the write goes through now
    assert sqlite3.connect(path).execute("SELECT count(*) FROM answer").fetchone() == (1,)


def test_the_app_uses_the_retrying_connection_on_sqlite(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'a.db'}",
                     QUESTIONNAIRE_DIR=str(EXAMPLE_DIR))
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            assert isinstance(connection.driver_connection, RetryingConnection)
            assert connection.driver_connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
            assert connection.driver_connection.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        finally:
            connection.close()
        db.engine.dispose()
