"""Starting assessments is rate limited per address (issue 11): ten new drafts an hour from one
address, never a limit on continuing one; the 429 page speaks the visitor's language."""

import pytest

from app.questionnaires import active_questionnaire
from tests.factories import complete_answers, fill_profile, html, page_data

STARTS = 10


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def start(app, language="es", address="127.0.0.1"):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    client.environ_base["REMOTE_ADDR"] = address
    with app.app_context():
        questionnaire = active_questionnaire()
    return client, fill_profile(client, questionnaire, complete_answers(questionnaire)), questionnaire


def test_the_eleventh_start_in_an_hour_from_one_address_is_refused_in_the_visitors_language(app):
    clients = []
    for _ in range(STARTS):
        client, response, questionnaire = start(app)
        assert response.status_code == 303
        clients.append(client)
    _client, refused, _questionnaire = start(app)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert "Demasiados intentos" in html(refused)
    _client, refused, _questionnaire = start(app, "en")
    assert refused.status_code == 429 and "Too many attempts" in html(refused)
    # Those who started keep working: saving and moving on is never limited.
    client = clients[0]
    answers = complete_answers(questionnaire)
    for _ in range(3):
        assert fill_profile(client, questionnaire, answers).status_code == 303
    dimension = questionnaire.dimensions[0].id
    assert client.post(f"/survey/{dimension}", data=page_data(
        questionnaire, dimension, answers, direction="next")).status_code == 303


def test_a_profile_sent_back_with_errors_is_no_start(app):
    client = app.test_client()
    for _ in range(STARTS + 2):
        response = client.post("/survey/profile", data={"q_org_name": "", "direction": "next"})
        assert response.status_code == 422  # nothing created, nothing counted
    _client, response, _questionnaire = start(app)
    assert response.status_code == 303


def test_with_redis_the_count_lives_in_redis_for_every_worker(database, questionnaire_dir):
    """With REDIS_URL (config.py makes it RATELIMIT_STORAGE_URI) the starts are counted in Redis,
    where every worker and instance reads the same count."""
    import uuid

    import redis

    from app import create_app
    from app.extensions import db
    from config import TestConfig

    url = "redis://127.0.0.1:6379/15"
    server = redis.Redis.from_url(url, socket_connect_timeout=2)
    try:
        server.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {url}: {error.__class__.__name__}")
    # An address of this run only (documentation range), so parallel runs never share a count.
    address = f"192.0.2.{uuid.uuid4().int % 250 + 1}-{uuid.uuid4().hex[:8]}"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database,
                     QUESTIONNAIRE_DIR=str(questionnaire_dir), RATELIMIT_ENABLED=True,
                     RATELIMIT_STORAGE_URI=url)
    with app.app_context():
        db.drop_all()
        db.create_all()
    try:
        statuses = [start(app, address=address)[1].status_code for _ in range(STARTS)]
        assert statuses == [303] * STARTS
        keys = [k.decode() for k in server.scan_iter(f"*{address}*")]
        assert keys and all("start-assessment" in k for k in keys), keys
        assert start(app, address=address)[1].status_code == 429
    finally:
        for key in server.scan_iter(f"*{address}*"):
            server.delete(key)
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
