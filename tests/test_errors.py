"""Error pages: the right status, in the user's language, revealing nothing internal."""

from __future__ import annotations

import pytest
from flask import abort, g
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from app.extensions import db, limiter

# A detail only the server knows; it must never reach the page.
SECRET_DETAIL = "/srv/app/secret_module.py line 42 SELECT password_hash FROM staff_user"

TITLES = {
    400: {"en": "Bad request", "es": "Solicitud incorrecta"},
    403: {"en": "Forbidden", "es": "Acceso denegado"},
    404: {"en": "Page not found", "es": "Página no encontrada"},
    405: {"en": "Not allowed", "es": "Operación no permitida"},
    413: {"en": "Too much data", "es": "Demasiados datos"},
    429: {"en": "Too many attempts", "es": "Demasiados intentos"},
    500: {"en": "Something went wrong", "es": "Algo salió mal"},
    503: {"en": "Temporarily unavailable", "es": "Servicio no disponible por el momento"},
}
INTERNALS = ("Traceback", "secret_module", "SELECT", "password_hash", "/srv/", "sqlalchemy",
             "psycopg", "sqlite3", "OperationalError", "Werkzeug", "File \"")


@pytest.fixture
def app_config():
    return {"PROPAGATE_EXCEPTIONS": False, "RATELIMIT_ENABLED": True, "MAX_CONTENT_LENGTH": 64 * 1024}


@pytest.fixture
def app(app):
    """The app with a few routes that fail in each way a real page can."""

    def fail_with(code):
        abort(code)

    def crash():
        raise RuntimeError(SECRET_DETAIL)

    def database_down():
        raise OperationalError(SECRET_DETAIL, {}, ConnectionRefusedError(SECRET_DETAIL))

    def limited():
        return "ok"

    def upload():
        from flask import request

        return str(len(request.form))

    app.add_url_rule("/_test/abort/<int:code>", "fail_with", fail_with)
    app.add_url_rule("/_test/crash", "crash", crash)
    app.add_url_rule("/_test/database-down", "database_down", database_down)
    app.add_url_rule("/_test/limited", "limited", limiter.limit("1 per minute")(limited))
    app.add_url_rule("/_test/upload", "upload", upload, methods=["POST"])
    return app


def trigger(client, code: int, language: str):
    headers = {"Accept-Language": language}
    if code == 404:
        return client.get("/no/such/page", headers=headers)
    if code == 405:
        return client.delete("/", headers=headers)
    if code == 413:
        return client.post("/_test/upload", data={"text": "x" * 70 * 1024}, headers=headers)
    if code == 429:
        client.get("/_test/limited", headers=headers)
        return client.get("/_test/limited", headers=headers)
    if code == 500:
        return client.get("/_test/crash", headers=headers)
    if code == 503:
        return client.get("/_test/database-down", headers=headers)
    return client.get(f"/_test/abort/{code}", headers=headers)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("code", sorted(TITLES))
def test_error_page_in_the_users_language(client, code, language):
    response = trigger(client, code, language)
    assert response.status_code == code
    assert response.mimetype == "text/html"
    page = response.text
    assert TITLES[code][language] in page
    assert f'<html lang="{language}">' in page
    other = "es" if language == "en" else "en"
    assert TITLES[code][other] not in page
    for internal in INTERNALS:
        assert internal not in page, internal
    assert "Content-Security-Policy" in response.headers


def test_the_chosen_language_wins_over_the_browser(client):
    with client.session_transaction() as session:
        session["locale"] = "en"
    response = client.get("/no/such/page", headers={"Accept-Language": "es"})
    assert "Page not found" in response.text


def test_service_unavailable_asks_to_retry_later(client):
    response = client.get("/_test/database-down")
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0


def test_not_allowed_says_which_methods_are(client):
    assert "GET" in client.delete("/").headers["Allow"]


def test_rate_limit_page_says_when_to_retry(client):
    client.get("/_test/limited")
    response = client.get("/_test/limited")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True, "PROPAGATE_EXCEPTIONS": False}])
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_form_without_its_csrf_token_is_refused_with_an_explanation(client, language):
    response = client.post("/_test/upload", data={"a": "b"}, headers={"Accept-Language": language})
    assert response.status_code == 400
    expected = {"en": "This form has expired", "es": "Este formulario ha vencido"}[language]
    assert expected in response.text


def test_an_unusual_client_error_gets_a_generic_page(client):
    response = client.get("/_test/abort/418", headers={"Accept-Language": "en"})
    assert response.status_code == 418
    assert "Bad request" in response.text


def test_the_page_renders_even_when_the_layout_fails(app, client):
    """A navigation bar that needs the database must not turn a 503 into a bare 500."""

    @app.context_processor
    def layout_needs_the_database():
        if g.get("break_layout"):
            raise OperationalError("SELECT 1", {}, ConnectionRefusedError("down"))
        return {}

    @app.before_request
    def break_layout():
        g.break_layout = True

    response = client.get("/_test/database-down", headers={"Accept-Language": "es"})
    assert response.status_code == 503
    assert "Servicio no disponible por el momento" in response.text
    assert '<html lang="es">' in response.text
    assert "Ir a la página de inicio" in response.text


def test_a_failed_request_leaves_the_session_usable(app, client):
    client.get("/_test/database-down")
    with app.app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1
