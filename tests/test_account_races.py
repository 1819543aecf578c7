"""Account rules that must hold whatever runs at the same time, tested with parallel requests on
both databases: at least one active admin always remains, and the per-account sign-in limit lets
no more password checks through than it allows, from any number of addresses at once."""

from __future__ import annotations

import threading
import uuid

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import StaffUser
from app.models.staff import Role
from app.operations.accounts import find_account
from tests.factories import PASSWORD, make_user, sign_in

TRIALS = 8


def at_once(*actions) -> list:
    """Run the actions in parallel threads, released together; their results in order."""
    barrier = threading.Barrier(len(actions))
    results: list = [None] * len(actions)

    def run(index, action):
        barrier.wait()
        results[index] = action()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def active_admins(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(StaffUser).where(
            StaffUser.role == Role.ADMIN.value, StaffUser.active))


def restore_admins(app, *emails) -> None:
    with app.app_context():
        db.session.execute(update(StaffUser).where(StaffUser.email.in_(emails))
                           .values(role=Role.ADMIN.value, active=True))
        db.session.commit()


@pytest.mark.parametrize("change", ["demote", "deactivate"])
def test_two_admins_removing_each_other_at_once_leave_one(app, change):
    make_user(app, "ana@example.org", "admin")
    make_user(app, "ben@example.org", "admin")
    with app.app_context():
        ids = {email: find_account(email).id for email in ("ana@example.org", "ben@example.org")}
    outcomes = []
    for _ in range(TRIALS):
        restore_admins(app, *ids)
        ana, ben = app.test_client(), app.test_client()
        assert sign_in(ana, "ana@example.org").status_code == 302
        assert sign_in(ben, "ben@example.org").status_code == 302

        def remove(client, target):
            if change == "demote":
                return client.post(f"/staff/admin/users/{target}/role", data={"role": "analyst"},
                                   headers={"Accept-Language": "en"}, follow_redirects=True)
            return client.post(f"/staff/admin/users/{target}/deactivate",
                               headers={"Accept-Language": "en"}, follow_redirects=True)

        answers = at_once(lambda a=ana: remove(a, ids["ben@example.org"]),
                          lambda b=ben: remove(b, ids["ana@example.org"]))
        assert all(answer.status_code < 500 for answer in answers)
        assert active_admins(app) == 1, "both changes went through: no admin is left"
        # The loser was told why, or had already lost the right (demoted: 403; deactivated:
        # signed out, so sent to the sign-in page).
        refused = [a for a in answers if b"at least one active admin" in a.data]
        overtaken = [a for a in answers if a.status_code == 403
                     or a.request.path == "/staff/login"]
        assert len(refused) + len(overtaken) >= 1
        outcomes.append(len(refused))
    assert any(outcomes), "the refusal message was never shown"


def test_the_last_admin_cannot_be_demoted_or_deactivated(app):
    make_user(app, "ana@example.org", "admin")
    make_user(app, "ben@example.org", "admin")
    ana = app.test_client()
    sign_in(ana, "ana@example.org")
    with app.app_context():
        ben_id = find_account("ben@example.org").id
    ana.post(f"/staff/admin/users/{ben_id}/role", data={"role": "analyst"})
    with app.app_context():
        from app.operations.accounts import AccountError, deactivate, set_role

        ana_user = find_account("ana@example.org")
        for change in (lambda: set_role(ana_user, "analyst"), lambda: deactivate(ana_user)):
            with pytest.raises(AccountError) as refused:
                change()
            assert refused.value.code == "last_admin"
    assert active_admins(app) == 1


# -- sign-in limits under a burst ---------------------------------------------------------------
REDIS_URL = "redis://127.0.0.1:6379/0"
LIMITED = [{"RATELIMIT_ENABLED": True},
           {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": REDIS_URL,
            "RATELIMIT_KEY_PREFIX": f"test-{uuid.uuid4().hex}"}]


def redis_reachable_or_skip(config: dict) -> None:
    if "RATELIMIT_STORAGE_URI" not in config:
        return
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis not reachable at {REDIS_URL}: {error.__class__.__name__}")


@pytest.fixture
def password_checks(monkeypatch):
    """Counts every real password check (the hash compared), whichever account it is for."""
    import app.auth.routes as routes
    import app.models.staff as staff

    counted = {"n": 0}
    lock = threading.Lock()
    original = staff.check_password_hash

    def counting(*args, **kwargs):
        with lock:
            counted["n"] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(staff, "check_password_hash", counting)
    monkeypatch.setattr(routes, "check_password_hash", counting)
    return counted


@pytest.mark.parametrize("app_config", LIMITED, ids=["memory", "redis"])
def test_a_parallel_burst_from_many_addresses_gets_only_the_accounts_allowance(app, app_config,
                                                                              password_checks):
    from app.auth.routes import ACCOUNT_LIMIT

    redis_reachable_or_skip(app_config)
    allowed = int(ACCOUNT_LIMIT.split("/")[0])
    make_user(app, "ana@example.org", "admin")
    password_checks["n"] = 0

    def attempt(index: int):
        client = app.test_client()
        return client.post("/staff/login", environ_base={"REMOTE_ADDR": f"10.0.{index % 10}.1"},
                           data={"email": "ana@example.org", "password": f"guess {index}"})

    answers = at_once(*[lambda index=index: attempt(index) for index in range(60)])
    statuses = sorted(answer.status_code for answer in answers)
    assert set(statuses) <= {401, 429}
    assert password_checks["n"] <= allowed, f"{password_checks['n']} password checks got through"
    assert statuses.count(401) == password_checks["n"] and statuses.count(429) >= 60 - allowed
    # Even the right password, from an address never seen, waits for the limit.
    late = app.test_client().post("/staff/login", environ_base={"REMOTE_ADDR": "10.9.9.9"},
                                  data={"email": "ana@example.org", "password": PASSWORD})
    assert late.status_code == 429 and "Retry-After" in late.headers
