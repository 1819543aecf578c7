"""Fixtures in the flaskr style. Every test that takes `app` runs on SQLite and again on PostgreSQL
(skipped, with the reason shown, when no PostgreSQL server answers)."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db
from config import TestConfig, database_url

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = Path(__file__).resolve().parent / "data"
REAL_DIR = ROOT / "questionnaires"


def postgres_url() -> str:
    url = os.environ.get("TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        url = "postgresql://postgres@127.0.0.1:5432/test"
    return database_url(url)


def postgres_unreachable_reason() -> str | None:
    try:
        engine = create_engine(postgres_url(), connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
    except Exception as error:  # noqa: BLE001 - any failure means "skip, and say why"
        return f"PostgreSQL not reachable at {make_url(postgres_url()).render_as_string()}: " \
               f"{error.__class__.__name__}"
    return None


@pytest.fixture(scope="session")
def postgres_schema_url():
    """A schema of its own for this test run, so parallel runs on one server never collide."""
    reason = postgres_unreachable_reason()
    if reason and os.environ.get("REQUIRE_POSTGRES"):
        pytest.fail(f"REQUIRE_POSTGRES is set but {reason}")
    if reason:
        pytest.skip(reason)
    schema = f"test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(postgres_url())
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(postgres_url()).update_query_dict({"options": f"-csearch_path={schema}"})
    yield url.render_as_string(hide_password=False)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    """The database URL for one test, on each engine in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    return request.getfixturevalue("postgres_schema_url")


@pytest.fixture
def questionnaire_dir() -> Path:
    """Which questionnaires the app under test serves; override in a module to change it."""
    return EXAMPLE_DIR


@pytest.fixture
def app_config() -> dict:
    """Extra config for the app under test; override in a module or test to change it."""
    return {}


def drop_everything() -> None:
    """Every table, the migrations' version table too (a test that ran `db upgrade` leaves it)."""
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))


@pytest.fixture
def app(database, questionnaire_dir, app_config, tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database,
                     QUESTIONNAIRE_DIR=str(questionnaire_dir), **app_config)
    with app.app_context():
        drop_everything()
        db.create_all()
    yield app
    with app.app_context():
        db.session.remove()
        drop_everything()
        db.engine.dispose()


@pytest.fixture
def questionnaire(app):
    """The questionnaire the app under test serves to new respondents."""
    from app.questionnaires import active_questionnaire

    with app.app_context():
        yield active_questionnaire()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def mailbox():
    """A real SMTP server (tests/mailbox.py); give the app `mailbox.config()` to send to it."""
    from tests.mailbox import running_mailbox

    with running_mailbox() as box:
        yield box


@pytest.fixture
def detached_questionnaire(app):
    """The served questionnaire, loaded without keeping an app context open (the `questionnaire`
    fixture keeps one, and a request reuses a pushed app context, so `g` would be shared by every
    browser of the test)."""
    from app.questionnaires import active_questionnaire

    with app.app_context():
        return active_questionnaire()


# -- the job queue: the Redis server at TEST_REDIS_URL and a queue of the test's own -----------
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(scope="module")
def redis_url():
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError as error:
        reason = f"Redis not reachable at {REDIS_URL}: {error.__class__.__name__}"
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"REQUIRE_REDIS is set but {reason}")
        pytest.skip(reason)
    return REDIS_URL


@pytest.fixture
def queue_name(redis_url):
    name = f"test-{uuid.uuid4().hex[:12]}"
    yield name
    queue = Queue(name, connection=Redis.from_url(redis_url))
    for registry in (queue.finished_job_registry, queue.failed_job_registry,
                     queue.scheduled_job_registry, queue.started_job_registry):
        for job_id in registry.get_job_ids():
            registry.remove(job_id, delete_job=True)
    queue.delete(delete_jobs=True)
