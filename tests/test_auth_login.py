"""Staff sign-in: generic errors, deactivated accounts, safe redirects, sign-out, cookies."""

import re

import pytest

from app import create_app
from config import ProductionConfig
from tests.conftest import EXAMPLE_DIR
from tests.factories import PASSWORD, make_user, sign_in


def _without(page: bytes, email: str) -> bytes:
    return re.sub(rb'name="csrf_token" value="[^"]*"', b"", page.replace(email.encode(), b""))


@pytest.fixture
def analyst(app):
    make_user(app, "ana@example.org", "analyst")
    return "ana@example.org"


def test_sign_in_opens_the_dashboard(client, analyst):
    response = sign_in(client, "ANA@example.org ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_wrong_password_and_unknown_email_get_the_same_answer(client, analyst):
    wrong = sign_in(client, analyst, "not the password")
    unknown = sign_in(client, "nobody@example.org", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    # The pages differ only in the address typed back into the form (and the CSRF token).
    assert _without(wrong.data, analyst) == _without(unknown.data, "nobody@example.org")
    assert b"Wrong e-mail or password" in wrong.data or b"incorrectos" in wrong.data
    assert client.get("/staff/").status_code == 302


def test_deactivated_account_cannot_sign_in(app, client):
    make_user(app, "gone@example.org", active=False)
    response = sign_in(client, "gone@example.org")
    assert response.status_code == 401
    assert client.get("/staff/").status_code == 302


def test_deactivating_ends_an_open_session(app, client, analyst):
    sign_in(client, analyst)
    with app.app_context():
        from app.operations.accounts import deactivate, find_account

        deactivate(find_account(analyst))
    assert client.get("/staff/").status_code == 302


def test_protected_page_sends_to_sign_in_and_back(client, analyst):
    response = client.get("/staff/assessments?region=andean")
    assert response.status_code == 302
    assert "/staff/login?next=" in response.headers["Location"]
    response = client.post("/staff/login?next=/staff/assessments",
                           data={"email": analyst, "password": PASSWORD})
    assert response.headers["Location"] == "/staff/assessments"


@pytest.mark.parametrize("target", [
    "//evil.com/", "/\\evil.com", "\\\\evil.com", "https://evil.com/staff/", "http:evil.com",
    "javascript:alert(1)", "/\t/evil.com", "staff/", "//\\evil.com", "/%0a/evil.com\n",
])
def test_next_never_leaves_the_site(client, analyst, target):
    response = client.post("/staff/login", query_string={"next": target},
                           data={"email": analyst, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/staff/"


def test_sign_out_is_a_post_and_ends_the_session(client, analyst):
    sign_in(client, analyst)
    assert client.get("/staff/logout").status_code == 405
    assert client.get("/staff/").status_code == 200
    response = client.post("/staff/logout")
    assert response.status_code == 302
    assert client.get("/staff/").status_code == 302


def test_session_cookie_is_httponly_and_lax(client, analyst):
    response = sign_in(client, analyst)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_session_cookie_is_secure(tmp_path):
    class Production(ProductionConfig):
        SECRET_KEY = "x" * 32
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.db'}"
        QUESTIONNAIRE_DIR = str(EXAMPLE_DIR)
        TRUSTED_HOSTS = ["localhost"]
        RATELIMIT_STORAGE_URI = "memory://"
        WTF_CSRF_ENABLED = False  # only the cookie flags are under test

    app = create_app(Production)
    with app.app_context():
        from app.extensions import db

        db.create_all()
    make_user(app, "p@example.org")
    response = app.test_client().post("/staff/login", base_url="https://localhost",
                                      data={"email": "p@example.org", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_chosen_language_is_kept_on_the_account(app, client, analyst):
    sign_in(client, analyst)
    client.post("/staff/language", data={"locale": "en", "next": "/staff/assessments"})
    client.post("/staff/logout")
    sign_in(client, analyst)
    assert b"Assessments" in client.get("/staff/assessments").data
