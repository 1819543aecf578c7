"""Staff sessions live on the server: a copied cookie stops working when its session is signed out,
and a password change or a deactivation ends every other session of the account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask_login.utils import encode_cookie
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import StaffSession
from app.models.time import utcnow
from app.operations.accounts import find_account
from tests.factories import PASSWORD, make_user, sign_in

EMAIL = "ana@example.org"
NEW_PASSWORD = "a completely new passphrase"


@pytest.fixture
def analyst(app):
    make_user(app, EMAIL, "analyst")
    return EMAIL


def signed_in(app):
    client = app.test_client()
    assert sign_in(client, EMAIL).status_code == 302
    return client


def copy_of(app, client):
    """Another browser holding a copy of `client`'s session cookie (stolen, or synced)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def can_open_the_dashboard(client) -> bool:
    response = client.get("/staff/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def sessions(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StaffSession))


def test_a_copied_cookie_stops_working_when_its_session_signs_out(app, analyst):
    browser = signed_in(app)
    thief = copy_of(app, browser)
    assert can_open_the_dashboard(thief), "the copy works while the session is open"
    assert browser.post("/staff/logout").status_code == 302
    assert not can_open_the_dashboard(browser)
    assert not can_open_the_dashboard(thief)
    assert sessions(app) == 0


def test_signing_out_ends_only_that_session(app, analyst):
    laptop, phone = signed_in(app), signed_in(app)
    laptop.post("/staff/logout")
    assert not can_open_the_dashboard(laptop)
    assert can_open_the_dashboard(phone)


def test_the_remember_cookie_holds_the_session_and_dies_with_it(app, analyst):
    browser = signed_in(app)
    with browser.session_transaction() as session:
        token = session["_user_id"]
    with app.test_request_context():
        remembered = encode_cookie(token)
    thief = app.test_client()
    thief.set_cookie("remember_token", remembered)
    assert can_open_the_dashboard(thief), "a remember cookie of a live session signs in"
    browser.post("/staff/logout")
    stale = app.test_client()
    stale.set_cookie("remember_token", remembered)
    assert not can_open_the_dashboard(stale)


def test_the_session_cookie_holds_no_account_number(app, analyst):
    browser = signed_in(app)
    with browser.session_transaction() as session:
        token = session["_user_id"]
    with app.app_context():
        assert token != str(find_account(EMAIL).id) and len(token) >= 40
    forged = app.test_client()
    with forged.session_transaction() as session:
        session["_user_id"] = str(1)
    assert not can_open_the_dashboard(forged)


@pytest.mark.parametrize("language", ["en", "es"])
def test_changing_the_password_ends_every_other_session(app, analyst, language):
    here, elsewhere = signed_in(app), signed_in(app)
    copy_here = copy_of(app, here)
    response = here.post("/staff/password", headers={"Accept-Language": language}, data={
        "current": PASSWORD, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        follow_redirects=True)
    assert response.status_code == 200
    expected = {"en": "Your other sessions have been signed out",
                "es": "Se cerraron sus otras sesiones"}[language]
    assert expected in response.get_data(as_text=True)
    assert can_open_the_dashboard(here) and can_open_the_dashboard(copy_here)
    assert not can_open_the_dashboard(elsewhere)
    assert sign_in(app.test_client(), EMAIL).status_code == 401
    assert sign_in(app.test_client(), EMAIL, NEW_PASSWORD).status_code == 302


@pytest.mark.parametrize(("language", "message"), [
    ("en", "This is not your current password."), ("es", "Esta no es su contraseña actual.")])
def test_a_wrong_current_password_changes_nothing(app, analyst, language, message):
    here, elsewhere = signed_in(app), signed_in(app)
    response = here.post("/staff/password", headers={"Accept-Language": language}, data={
        "current": "not my password at all", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert can_open_the_dashboard(elsewhere)
    with app.app_context():
        assert find_account(EMAIL).check_password(PASSWORD)


def test_the_password_page_needs_a_signed_in_session(client):
    assert client.get("/staff/password").status_code == 302


def test_a_password_set_by_command_ends_every_session(app, analyst, runner):
    first, second = signed_in(app), signed_in(app)
    result = runner.invoke(args=["users", "set-password", EMAIL],
                           env={"STAFF_PASSWORD": NEW_PASSWORD})
    assert result.exit_code == 0, result.output
    assert not can_open_the_dashboard(first) and not can_open_the_dashboard(second)


def test_deactivating_ends_every_session_even_copied_ones(app, analyst):
    make_user(app, "boss@example.org", "admin")
    admin = app.test_client()
    sign_in(admin, "boss@example.org")
    first, second = signed_in(app), signed_in(app)
    thief = copy_of(app, first)
    with app.app_context():
        user_id = find_account(EMAIL).id
    assert admin.post(f"/staff/admin/users/{user_id}/deactivate").status_code == 302
    for client in (first, second, thief):
        assert not can_open_the_dashboard(client)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffSession).where(
            StaffSession.user_id == user_id)) == 0


def test_a_session_ends_after_its_lifetime(app, analyst):
    browser = signed_in(app)
    assert can_open_the_dashboard(browser)
    hours = app.config["STAFF_SESSION_HOURS"]
    with app.app_context():
        db.session.execute(update(StaffSession).values(
            created_at=utcnow() - timedelta(hours=hours, minutes=1)))
        db.session.commit()
    assert not can_open_the_dashboard(browser)
    signed_in(app)  # signing in again clears the expired row
    assert sessions(app) == 1
