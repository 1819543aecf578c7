"""Faults a real deployment meets: a worker killed in the middle of a submission, and a database
that goes away and comes back. Nothing saved is lost, nothing is half done, and the service heals
without a restart."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from app.models import Assessment, DimensionScore
from app.questionnaires import active_questionnaire
from config import TestConfig
from tests.conftest import EXAMPLE_DIR
from tests.servers import Respondent, TcpProxy, prepare_database, running, server_config

pytestmark = pytest.mark.slow


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'faults.db'}"
    return request.getfixturevalue("postgres_schema_url")


def stored(database_url: str, name: str) -> dict:
    return stored_many(database_url, [name])[name]


def stored_many(database_url: str, names: list[str]) -> dict[str, dict]:
    """What the database holds for each organization named."""
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     QUESTIONNAIRE_DIR=str(EXAMPLE_DIR))
    found = {}
    with app.app_context():
        questionnaire = active_questionnaire()
        for assessment in db.session.scalars(select(Assessment).where(
                Assessment.name.in_(names))):  # the assessment's own profile, draft or submitted
            found[assessment.name] = {
                "status": assessment.status, "overall": assessment.overall_score,
                "stage": assessment.stage,
                "submitted_at": assessment.submitted_at, "is_latest": assessment.is_latest,
                "answers": assessment.answer_values(),
                "dimension_scores": len(db.session.scalars(select(DimensionScore).where(
                    DimensionScore.assessment_id == assessment.id)).all()),
                "questions": {q.id for q in questionnaire.questions},
                "dimensions": len(questionnaire.dimensions),
            }
        db.engine.dispose()
    assert set(found) == set(names), "an organization is missing or stored twice"
    return found


def assert_whole_or_draft(state: dict) -> str:
    """Submitted with its whole snapshot, or a draft with none of it: never half."""
    if state["status"] == "submitted":
        assert state["overall"] is not None and state["stage"]
        assert state["submitted_at"] is not None and state["is_latest"]
        assert state["dimension_scores"] == state["dimensions"]
    else:
        assert state["status"] == "draft"
        assert state["overall"] is None and state["stage"] is None
        assert state["submitted_at"] is None and not state["is_latest"]
        assert state["dimension_scores"] == 0
    return state["status"]


@contextlib.contextmanager
def submission_held_midway(database_url: str):
    """Hold a lock that a submission needs part-way through its transaction, so a submission
    sent now stops in the middle (after it has read the answers; on PostgreSQL after it has
    marked the assessment submitted, before its scores are written) until the lock is let go."""
    if database_url.startswith("sqlite"):
        connection = sqlite3.connect(make_url(database_url).database, isolation_level=None)
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield lambda: time.sleep(0.8)
        finally:
            connection.execute("ROLLBACK")
            connection.close()
        return
    engine = create_engine(database_url)
    with engine.connect() as connection:
        transaction = connection.begin()
        connection.execute(text("LOCK TABLE dimension_score IN EXCLUSIVE MODE"))

        def wait_until_blocked():
            with engine.connect() as observer:
                for _ in range(100):
                    waiting = observer.execute(text(
                        "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
                        "WHERE NOT l.granted AND c.relname = 'dimension_score'")).scalar()
                    if waiting:
                        return
                    time.sleep(0.05)
            raise AssertionError("the submission never reached the score insert")

        try:
            yield wait_until_blocked
        finally:
            transaction.rollback()
    engine.dispose()


def kill_workers(server) -> list[int]:
    pids = server.worker_pids()
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
    return pids


def wait_for_new_workers(server, killed: list[int], timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = server.worker_pids()
        if alive and not set(alive) & set(killed):
            with contextlib.suppress(requests.RequestException):
                if requests.get(server.url + "/", timeout=5).status_code == 200:
                    return
        time.sleep(0.1)
    raise AssertionError("gunicorn did not replace the killed worker")


def test_a_worker_killed_mid_submission_loses_nothing(database_url, tmp_path):
    prepare_database(database_url)
    config = server_config(database_url, RATELIMIT_ENABLED=False)
    name = "Killed in the middle of submitting"
    with running(config, tmp_path, workers=1, threads=4) as server:
        respondent = Respondent(server.url, name, timeout=45)
        review = respondent.answer_all()
        before = stored(database_url, name)
        assert set(before["answers"]) == before["questions"]

        outcome = {}
        with submission_held_midway(database_url) as wait_until_blocked:
            def submit():
                try:
                    outcome["response"] = respondent.submit(review)
                except requests.RequestException as error:
                    outcome["error"] = error

            sender = threading.Thread(target=submit)
            sender.start()
            wait_until_blocked()
            killed = kill_workers(server)
            sender.join(timeout=30)
        assert killed and "error" in outcome, f"the submission was not cut off: {outcome}"

        after = stored(database_url, name)
        assert after["answers"] == before["answers"], "answers saved before the kill were lost"
        assert assert_whole_or_draft(after) == "draft"

        wait_for_new_workers(server, killed)
        again = respondent.submit(respondent.request("GET", "/survey/review"))
        assert again.status_code == 200 and "/results/" in again.url

    final = stored(database_url, name)
    assert assert_whole_or_draft(final) == "submitted"
    assert final["answers"] == before["answers"]


def test_workers_killed_during_many_submissions_leave_each_whole_or_draft(database_url, tmp_path):
    prepare_database(database_url)
    config = server_config(database_url, RATELIMIT_ENABLED=False)
    names = [f"Submitting while killed {n:02d}" for n in range(16)]
    with running(config, tmp_path, workers=2, threads=4) as server:
        respondents = [Respondent(server.url, name, timeout=45) for name in names]
        reviews = [r.answer_all() for r in respondents]
        saved = {name: state["answers"] for name, state in stored_many(database_url, names).items()}

        start = threading.Barrier(len(respondents) + 1)

        def submit(respondent, review):
            start.wait()
            with contextlib.suppress(requests.RequestException, AssertionError):
                respondent.submit(review)

        senders = [threading.Thread(target=submit, args=pair) for pair in zip(respondents, reviews,
                                                                               strict=True)]
        for sender in senders:
            sender.start()
        start.wait()
        time.sleep(0.02)
        killed = kill_workers(server)
        for sender in senders:
            sender.join(timeout=60)
        assert killed

        outcomes = {}
        for name, state in stored_many(database_url, names).items():
            assert state["answers"] == saved[name], f"{name} lost answers"
            outcomes[name] = assert_whole_or_draft(state)

        wait_for_new_workers(server, killed)
        for respondent in respondents:
            if outcomes[respondent.name] == "draft":
                respondent.submit(respondent.request("GET", "/survey/review"))
    for state in stored_many(database_url, names).values():
        assert assert_whole_or_draft(state) == "submitted"


UNAVAILABLE = {"es": "Servicio no disponible por el momento", "en": "Temporarily unavailable"}


def test_database_outage_gives_503_and_the_app_recovers_without_restart(postgres_schema_url,
                                                                       tmp_path):
    """The app reaches PostgreSQL through a proxy that the test cuts (refusing connections and
    breaking the open ones) and then restores."""
    prepare_database(postgres_schema_url)
    direct = make_url(postgres_schema_url)
    proxy = TcpProxy(direct.host or "127.0.0.1", direct.port or 5432)
    proxy.start()
    through_proxy = direct.set(host="127.0.0.1", port=proxy.port).render_as_string(
        hide_password=False)
    name = "Outage organization"
    try:
        with running(server_config(through_proxy, RATELIMIT_ENABLED=False), tmp_path,
                     workers=2, threads=2) as server:
            respondent = Respondent(server.url, name, timeout=30)
            page = respondent.answer_page(respondent.start())
            path = urlsplit(page.url).path
            form = respondent.page_form(page).filled(name)
            saved = stored(postgres_schema_url, name)["answers"]

            proxy.stop()
            for language in UNAVAILABLE:
                started = time.monotonic()
                response = respondent.session.get(server.url + path, timeout=30,
                                                  headers={"Accept-Language": language})
                assert response.status_code == 503
                assert time.monotonic() - started < 10, "a dead database must fail fast"
                # In the language of the respondent's (Spanish) draft, whatever the browser asks.
                assert UNAVAILABLE["es"] in response.text
                assert int(response.headers["Retry-After"]) > 0
                for internal in ("Traceback", "psycopg", "OperationalError", "connection",
                                 str(proxy.port)):
                    assert internal not in response.text
            posted = respondent.session.post(server.url + path, data=form, timeout=30,
                                             allow_redirects=False)
            assert posted.status_code == 503

            proxy.start()
            first = respondent.session.get(server.url + path, timeout=30)
            assert first.status_code == 200, "the first request after the outage must work"
            assert all(respondent.session.get(server.url + path, timeout=30).status_code == 200
                       for _ in range(6))
            results = respondent.submit(respondent.answer_all(first))
            assert results.status_code == 200 and "/results/" in results.url
    finally:
        proxy.stop()
    state = stored(postgres_schema_url, name)
    assert all(state["answers"][qid] == value for qid, value in saved.items())
    assert assert_whole_or_draft(state) == "submitted"
