"""Sign-in attempts are rate limited per account and address, and per address."""

import pytest

from tests.factories import PASSWORD, make_user, sign_in


@pytest.fixture
def app_config():
    return {"RATELIMIT_ENABLED": True}


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


def test_twenty_failures_an_hour_lock_the_address(app, client):
    make_user(app, "ana@example.org")
    for index in range(20):
        assert sign_in(client, f"guess{index}@example.org", "x").status_code == 401
    assert sign_in(client, "ana@example.org").status_code == 429
