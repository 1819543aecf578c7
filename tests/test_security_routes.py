"""Access to every staff route, generated from the app's URL map: a new route under /staff (or in
the staff or auth blueprints) without a line in EXPECTED fails here. Plus CSRF on every POST, and
hostile organization names that stay inert in pages and exports."""

import csv
import io
import re

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Assessment, Organization, StaffUser
from tests.factories import PASSWORD, make_user, staff_client, submitted

ANON, ANALYST, ADMIN = "anonymous", "analyst", "admin"
SIGN_IN = "sign-in"  # a redirect to the sign-in page

# (endpoint, method) -> expected status for (anonymous, analyst, admin).
EXPECTED = {
    ("auth.login", "GET"): (200, 302, 302),
    ("auth.login", "POST"): (200, 302, 302),
    ("auth.logout", "POST"): (302, 302, 302),
    ("auth.language", "POST"): (SIGN_IN, 302, 302),
    ("auth.password", "GET"): (SIGN_IN, 200, 200),
    ("auth.password", "POST"): (SIGN_IN, 400, 400),
    ("staff.dashboard", "GET"): (SIGN_IN, 200, 200),
    ("staff.chart", "GET"): (SIGN_IN, 200, 200),
    ("staff.assessments", "GET"): (SIGN_IN, 200, 200),
    ("staff.assessment", "GET"): (SIGN_IN, 200, 200),
    ("staff.export", "GET"): (SIGN_IN, 200, 200),
    ("staff.downloads", "GET"): (SIGN_IN, 200, 200),
    ("staff.organization", "GET"): (SIGN_IN, 200, 200),
    ("staff.trust_queue", "GET"): (SIGN_IN, 200, 200),
    ("staff.verify", "POST"): (SIGN_IN, 303, 303),
    ("staff.exclude", "POST"): (SIGN_IN, 303, 303),
    ("staff.admin", "GET"): (SIGN_IN, 403, 200),
    ("staff.users", "GET"): (SIGN_IN, 403, 200),
    ("staff.users", "POST"): (SIGN_IN, 403, 400),
    ("staff.user_role", "POST"): (SIGN_IN, 403, 302),
    ("staff.user_deactivate", "POST"): (SIGN_IN, 403, 302),
    ("staff.peers", "GET"): (SIGN_IN, 403, 200),
    ("staff.peers", "POST"): (SIGN_IN, 403, 400),
    ("staff.peers_import", "POST"): (SIGN_IN, 403, 302),
    ("staff.outbox", "GET"): (SIGN_IN, 403, 200),
    ("staff.fresh_link", "POST"): (SIGN_IN, 403, 200),
    ("staff.fresh_link_email", "POST"): (SIGN_IN, 403, 409),  # no token: not the current link
    # Rounds: every signed-in staff member runs them (analysts are programme staff too).
    ("staff.rounds", "GET"): (SIGN_IN, 200, 200),
    ("staff.new_round", "GET"): (SIGN_IN, 200, 200),
    ("staff.new_round", "POST"): (SIGN_IN, 422, 422),  # an empty form
    ("staff.round_page", "GET"): (SIGN_IN, 200, 200),
    ("staff.edit_round", "GET"): (SIGN_IN, 200, 200),
    ("staff.edit_round", "POST"): (SIGN_IN, 303, 303),  # nothing posted: the round as it is
    ("staff.add_organization", "POST"): (SIGN_IN, 422, 422),
    ("staff.upload_list", "POST"): (SIGN_IN, 400, 400),  # no file
    ("staff.send_all", "POST"): (SIGN_IN, 400, 400),  # no message kind
    ("staff.send_one", "POST"): (SIGN_IN, 400, 400),
    ("staff.invitation_new_link", "POST"): (SIGN_IN, 200, 200),
}


def staff_rules(app):
    """(endpoint, method, rule) of every staff route."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("staff.", "auth.")) or rule.rule.startswith("/staff"):
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, rule))
    return found


def _url(app, rule, ids) -> str:
    values = {"assessment_id": ids["assessment"], "user_id": ids["user"], "name": "medians",
              "organization_id": ids.get("organization", 0), "round_id": ids.get("round", 0),
              "invitation_id": ids.get("invitation", 0)}
    with app.test_request_context():
        from flask import url_for

        return url_for(rule.endpoint, **{k: values[k] for k in rule.arguments})


def round_ids() -> dict:
    """A round with one invited organization (call inside an app context)."""
    from datetime import date

    from app.operations.round_lists import Entry, add_entries
    from app.operations.rounds import create_round
    from app.questionnaires import active_questionnaire

    found = create_round("Ronda", active_questionnaire(), date.today(), None, None, None)
    [invitation] = add_entries(found, [Entry("Cámara", "HN", None, None, "ana@example.org", "es")])
    return {"round": found.id, "invitation": invitation.id}


def _clients(app):
    return {ANON: app.test_client(), ANALYST: staff_client(app, ANALYST),
            ADMIN: staff_client(app, ADMIN)}


def test_every_staff_route_has_an_expected_access_and_gets_it(app):
    with app.app_context():
        found = submitted()
        ids = {"assessment": found.id, "organization": found.organization_id, **round_ids()}
    ids["user"] = make_user(app, "target@example.org")
    clients = _clients(app)
    rules = staff_rules(app)
    missing = {(e, m) for e, m, _r in rules} - set(EXPECTED)
    assert not missing, f"routes without an entry in EXPECTED: {sorted(missing)}"
    assert not set(EXPECTED) - {(e, m) for e, m, _r in rules}, "EXPECTED lists routes that are gone"
    for endpoint, method, rule in rules:
        url = _url(app, rule, ids)
        for who, expected in zip((ANON, ANALYST, ADMIN), EXPECTED[(endpoint, method)], strict=True):
            response = clients[who].open(url, method=method)
            response.get_data()  # a streamed download finishes inside its own request
            if expected == SIGN_IN:
                assert response.status_code == 302, (endpoint, method, who)
                assert "/staff/login" in response.headers["Location"], (endpoint, method, who)
            else:
                assert response.status_code == expected, (endpoint, method, who,
                                                          response.status_code)
            if endpoint == "auth.logout" and who != ANON:
                clients[who] = staff_client_again(app, who)


def staff_client_again(app, role):
    client = app.test_client()
    client.post("/staff/login", data={"email": f"{role}@example.org", "password": PASSWORD})
    return client


def _token(page: bytes) -> str:
    return re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)[1].decode()


def _signed_in_with_csrf(app, email: str):
    client = app.test_client()
    token = _token(client.get("/staff/login").data)
    response = client.post("/staff/login", data={"email": email, "password": PASSWORD,
                                                 "csrf_token": token})
    assert response.status_code == 302
    return client


def _state(app):
    with app.app_context():
        users = db.session.execute(select(StaffUser.email, StaffUser.role, StaffUser.active,
                                          StaffUser.locale, StaffUser.password_hash)
                                   .order_by(StaffUser.id)).all()
        assessments = db.session.scalar(select(func.count()).select_from(Assessment))
        return users, assessments


HOSTILE = ['=HYPERLINK("http://evil","x")', "<script>alert(1)</script>"]


class TestWithCsrf:
    """With CSRF protection on, as in production."""

    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(self, app):
        make_user(app, "boss@example.org", "admin")
        target = make_user(app, "target@example.org")
        with app.app_context():
            assessment_id = submitted().id
            rounds = round_ids()
        client = _signed_in_with_csrf(app, "boss@example.org")
        before = _state(app)
        ids = {"assessment": assessment_id, "user": target, **rounds}
        posts = [(e, r) for e, m, r in staff_rules(app) if m == "POST"]
        assert posts
        form = {"email": "new@example.org", "password": "a long enough password",
                "confirm": "a long enough password", "role": "admin", "locale": "en"}
        for endpoint, rule in posts:
            response = client.post(_url(app, rule, ids), data=form)
            assert response.status_code == 400, endpoint
        assert _state(app) == before
        assert client.get("/staff/").status_code == 200  # still signed in: sign-out was refused too


    def test_sign_in_itself_needs_the_token(self, app):
        make_user(app, "boss@example.org", "admin")
        client = app.test_client()
        response = client.post("/staff/login", data={"email": "boss@example.org", "password": PASSWORD})
        assert response.status_code == 400
        assert client.get("/staff/").status_code == 302


    @pytest.mark.parametrize("name", HOSTILE)
    def test_hostile_organization_names_are_inert(self, app, name):
        make_user(app, "boss@example.org", "admin")
        with app.app_context():
            assessment = submitted(org_name=name)
            db.session.execute(update(Organization).where(
                Organization.id == assessment.organization_id).values(name=name))
            db.session.commit()
            assessment_id = assessment.id
        client = _signed_in_with_csrf(app, "boss@example.org")
        for url in ("/staff/assessments", f"/staff/assessments/{assessment_id}"):
            page = client.get(url).get_data(as_text=True)
            assert "<script>alert" not in page
            if name.startswith("<"):
                assert "&lt;script&gt;" in page
        for kind in ("wide", "long"):
            text = client.get(f"/staff/export?kind={kind}").data.decode("utf-8")[1:]
            cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
            assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
            assert "'" + name in cells or name in cells and not name.startswith("=")
