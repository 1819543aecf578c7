"""The database connection lost in the middle of a request, on PostgreSQL: between two statements,
in the commit, after the view has answered, in an after-request hook, and (under gunicorn, through
a forwarder the test cuts) at random moments of many respondents' requests. Every answer is the
503 page with Retry-After and the security headers, or the page itself when the view had already
answered; never a 500, never gunicorn's bare error page."""

from __future__ import annotations

import contextlib
import random
import threading
import time
from urllib.parse import urlsplit

import pytest
import requests
from flask import g
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.extensions import db
from tests.servers import Respondent, TcpProxy, prepare_database, running, server_config

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options")
UNAVAILABLE = {"es": "Servicio no disponible por el momento", "en": "Temporarily unavailable"}


@pytest.fixture
def database(postgres_schema_url):
    """PostgreSQL only: the backend of a connection can be ended from outside."""
    return postgres_schema_url


@pytest.fixture
def app_config():
    return {"PROPAGATE_EXCEPTIONS": False}


@pytest.fixture
def killer(database):
    """Ends the server process behind one of the app's connections, as a crash would."""
    engine = create_engine(database)

    def kill(pid: int) -> None:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            connection.commit()
        time.sleep(0.05)

    yield kill
    engine.dispose()


def own_backend() -> int:
    return db.session.execute(text("SELECT pg_backend_pid()")).scalar()


@pytest.fixture
def app(app, killer):
    def between_statements():
        killer(own_backend())
        db.session.execute(text("SELECT 1"))
        return "not reached"

    def in_the_commit():
        db.session.execute(text("CREATE TEMPORARY TABLE scratch (n integer)"))
        db.session.execute(text("INSERT INTO scratch VALUES (1)"))
        killer(own_backend())
        db.session.commit()
        return "not reached"

    def after_the_view():
        killer(own_backend())  # the transaction is still open: the request's end must cope
        return "answered"

    def in_a_hook():
        g.query_after = True
        killer(own_backend())
        return "answered"

    @app.after_request
    def hook(response):
        if g.get("query_after"):
            db.session.execute(text("SELECT 1"))
        return response

    for function in (between_statements, in_the_commit, after_the_view, in_a_hook):
        app.add_url_rule(f"/_test/{function.__name__}", function.__name__, function)
    return app


def assert_unavailable_page(response, language="es") -> None:
    assert response.status_code == 503, response.status_code
    assert int(response.headers["Retry-After"]) > 0
    for header in SECURITY_HEADERS:
        assert header in response.headers, header
    assert UNAVAILABLE[language] in response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("where", ["between_statements", "in_the_commit", "in_a_hook"])
def test_a_connection_lost_mid_request_answers_503(app, client, where, language):
    response = client.get(f"/_test/{where}", headers={"Accept-Language": language})
    assert_unavailable_page(response, language)
    with app.app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1, "the next request must work"


def test_a_connection_lost_after_the_view_answered_keeps_the_answer(app, client):
    response = client.get("/_test/after_the_view")
    assert response.status_code == 200 and response.get_data(as_text=True) == "answered"
    for header in SECURITY_HEADERS:
        assert header in response.headers
    assert client.get("/_test/after_the_view").status_code == 200


# -- under gunicorn, many respondents, the connection cut at random moments ------------------------
def through_proxy(url: str, proxy: TcpProxy) -> str:
    return make_url(url).set(host="127.0.0.1", port=proxy.port).render_as_string(
        hide_password=False)


@pytest.mark.slow
def test_cutting_the_database_under_load_never_gives_a_500(postgres_schema_url, tmp_path):
    prepare_database(postgres_schema_url)
    direct = make_url(postgres_schema_url)
    proxy = TcpProxy(direct.host or "127.0.0.1", direct.port or 5432)
    proxy.start()
    config = server_config(through_proxy(postgres_schema_url, proxy), RATELIMIT_ENABLED=False)
    answers: list[tuple[int, dict, str]] = []
    lock = threading.Lock()
    stop = threading.Event()
    try:
        with running(config, tmp_path, workers=2, threads=4) as server:
            respondents = [Respondent(server.url, f"Cut organization {n}", timeout=30)
                           for n in range(12)]
            pages = [r.answer_page(r.start()) for r in respondents]

            def work(respondent: Respondent, page) -> None:
                path = urlsplit(page.url).path
                form = respondent.page_form(page).filled(respondent.name)
                while not stop.is_set():
                    for method in ("GET", "POST", "GET"):
                        with contextlib.suppress(requests.RequestException):
                            response = respondent.session.request(
                                method, server.url + path, data=form if method == "POST" else None,
                                allow_redirects=False, timeout=30)
                            with lock:
                                answers.append((response.status_code, dict(response.headers),
                                                response.text[:3000]))

            workers = [threading.Thread(target=work, args=pair)
                       for pair in zip(respondents, pages, strict=True)]
            for worker in workers:
                worker.start()
            rng = random.Random(12)
            cuts = 0
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                time.sleep(rng.uniform(0.05, 0.3))
                if rng.random() < 0.15:
                    proxy.stop()
                    time.sleep(rng.uniform(0.05, 0.4))
                    proxy.start()
                else:
                    proxy.cut()
                cuts += 1
            stop.set()
            for worker in workers:
                worker.join(timeout=60)

            # Once the connection stays up, everyone carries on.
            for respondent in respondents:
                assert respondent.session.get(server.url + "/survey/profile",
                                              timeout=30).status_code == 200
    finally:
        proxy.stop()

    statuses = [status for status, _headers, _body in answers]
    assert len(answers) > 200, f"too few requests to say anything: {len(answers)}"
    assert statuses.count(503) > 0, f"no cut hit a request in {cuts} cuts"
    assert not [s for s in statuses if s >= 500 and s != 503], sorted(set(statuses))
    for status, headers, body in answers:
        if status == 503:
            assert int(headers["Retry-After"]) > 0
            assert all(header in headers for header in SECURITY_HEADERS), headers
            assert UNAVAILABLE["es"] in body
            assert "Traceback" not in body and "psycopg" not in body
