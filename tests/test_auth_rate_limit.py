"""Sign-in attempts are rate limited per account (from every address together) and per address."""

import pytest

from tests.factories import PASSWORD, make_user, sign_in


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_five_failures_a_minute_lock_the_account_from_that_address(app, client):
    make_user(app, "ana@example.org")
    for _ in range(5):
        assert sign_in(client, "ana@example.org", "wrong password!").status_code == 401
    blocked = sign_in(client, "ana@example.org", PASSWORD)
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers
    # Another account from the same address is not locked by those failures.
    make_user(app, "ben@example.org")
    assert sign_in(client, "ben@example.org").status_code == 302


def test_guesses_from_many_addresses_share_the_accounts_limit(app):
    make_user(app, "ana@example.org")
    for index in range(5):
        guesser = from_address(app, f"203.0.113.{index}")
        assert sign_in(guesser, "ana@example.org", "wrong password!").status_code == 401
    for index in range(5, 10):
        guesser = from_address(app, f"203.0.113.{index}")
        assert sign_in(guesser, "ana@example.org", "wrong password!").status_code == 429
    # The owner, from an address of their own, waits too; the account is what is protected.
    assert sign_in(from_address(app, "198.51.100.7"), "ana@example.org").status_code == 429


@pytest.mark.parametrize("language,title", [("en", "Too many attempts"),
                                            ("es", "Demasiados intentos")])
def test_the_limit_page_is_in_the_users_language(app, client, language, title):
    make_user(app, "ana@example.org")
    for _ in range(6):
        response = client.post("/staff/login", headers={"Accept-Language": language},
                               data={"email": "ana@example.org", "password": "wrong password!"})
    assert response.status_code == 429 and title in response.get_data(as_text=True)


def test_twenty_failures_an_hour_lock_the_address(app, client):
    make_user(app, "ana@example.org")
    for index in range(20):
        assert sign_in(client, f"guess{index}@example.org", "x").status_code == 401
    assert sign_in(client, "ana@example.org").status_code == 429
