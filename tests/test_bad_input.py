"""Hostile and random input to every route that takes any: never a 5xx, never a change to data that
was not asked for.

The routes come from app.url_map, so a new route is covered the day it is added. Field names and
option values are harvested from the forms the app itself shows, then mixed with unknown options,
missing fields, huge strings, wrong types, NUL bytes, invalid UTF-8, tampered hidden fields, odd
page numbers and tokens of odd length. Another organization's assessments are snapshotted before
and compared after every example.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db
from app.models import Answer, Assessment, DimensionScore, StaffUser
from app.operations.accounts import open_session
from app.operations.assessment import save_answers, start_assessment, submit_assessment
from app.questionnaires import active_questionnaire
from config import TestConfig
from tests.conftest import EXAMPLE_DIR
from tests.servers import forms_on

COMPLETE_ANSWERS = {
    "org_name": "Victim organization", "country": "AR", "org_type": "confederation",
    "strategy_plan": "l3", "strategy_budget": "yes", "services_online": ["training", "events"],
    "services_tools": {"crm": "in_use", "esign": "planned"},
}
PASSWORD_HASH = generate_password_hash("correct horse battery staple", method="pbkdf2:sha256:1000")
# Values a real form would never send.
HOSTILE = [
    "", " ", "_na", "null", "None", "true", "[]", "{}", "0", "-1", "-99999999999999999999",
    "99999999999999999999999999", "1e309", "NaN", "Infinity", "3.5", "0x10",
    "<script>alert(1)</script>", "\"><img src=x>", "' OR 1=1 --", "'; DROP TABLE answer; --",
    "../../../../etc/passwd", "%00", "%ff%fe", "\u202egnp.exe", "😀" * 40, "\ufeff", "\r\n\r\nX: y",
    "a" * 5000, "https://evil.example/", "//evil.example", "javascript:alert(1)",
]
HUGE = "x" * 300_000
ODD_TOKENS = ["", "a", "ab" * 3, "x" * 43, "x" * 44, "x" * 201, "%ff", "..", "~", "0" * 64,
              "-" * 10, "A" * 1000]
GENERIC_KEYS = ["csrf_token", "direction", "goto", "switch_language", "locale", "next", "email",
                "password", "page", "per_page", "sort", "order", "q", "status", "source",
                "country", "region", "org_type", "version", "questionnaire", "role", "format",
                "labels", "language", "kind", "dimension", "group", "compare", "id", "token",
                "confirm", "submit"]
# Digits that str.isdigit() accepts and int() refuses or reads as another number, and numerals
# longer than int() reads (4,300 digits): every numeric parameter meets them.
UNICODE_NUMERALS = ["²", "①", "¹²", "١٢", "٣", "𝟙", "Ⅻ", "௧", "０１", "1²", "²1", " 1", "1_000",
                    "+1", "1e3"]
HUGE_NUMERALS = ["9" * 400, "9" * 4301, "1" * 5000, "-" + "9" * 5000]
QUERY_PAGES = ["-1", "0", "-99999999999999999999", "99999999999999999999999999", "1.5", "abc",
               "%ff", "1e9", *UNICODE_NUMERALS, *HUGE_NUMERALS]


def discover_routes() -> list[tuple[str, str]]:
    """(rule, method) for every route except static files."""
    app = create_app(TestConfig, QUESTIONNAIRE_DIR=str(EXAMPLE_DIR))
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            found.add((rule.rule, method))
    return sorted(found)


ROUTES = discover_routes()
POST_ROUTES = [rule for rule, method in ROUTES if method == "POST"]


@pytest.fixture
def world(app, client):
    """A respondent of our own (drafting), a staff admin signed in, and the data of another
    organization that nothing here may change."""
    with app.app_context():
        questionnaire = active_questionnaire()
        victim, victim_token = start_assessment(questionnaire, "es")
        save_answers(victim, questionnaire, COMPLETE_ANSWERS)
        submit_assessment(victim, questionnaire)
        draft, _ = start_assessment(questionnaire, "en")
        save_answers(draft, questionnaire, {"org_name": "Victim draft", "strategy_plan": "l2"})
        own, own_token = start_assessment(questionnaire, "es")
        save_answers(own, questionnaire, {"org_name": "Fuzzing organization", "country": "CL"})
        admin = StaffUser(email="admin@example.org", password_hash=PASSWORD_HASH, role="admin")
        other = StaffUser(email="analyst@example.org", password_hash=PASSWORD_HASH, role="analyst")
        db.session.add_all([admin, other])
        db.session.commit()
        world = {
            "protected_assessments": (victim.id, draft.id),
            "protected_users": (other.id,),
            "own_token": own_token, "admin_id": admin.id,
            "known_ids": {victim.id, draft.id, own.id, admin.id, other.id,
                          victim.organization_id, draft.organization_id, own.organization_id},
            "victim_token": victim_token,
        }
    if not HARVEST:
        HARVEST.extend(harvest_forms(client, world))
    world["fields"], world["options"] = HARVEST
    return world


# Field names and option values shown by the app's forms: the same on every database, so
# harvested once per run.
HARVEST: list[list[str]] = []


def enter(client, world) -> None:
    """Before each example: this browser's own draft in the session, and signed in as admin."""
    client.post(f"/resume/{world['own_token']}")
    with client.session_transaction() as session:
        session["_user_id"] = admin_session(client.application, world["admin_id"])
        session["_fresh"] = True


def admin_session(app, admin_id: int) -> str:
    """A fresh signed-in session of the admin (an example may have signed the last one out)."""
    with app.app_context():
        return open_session(db.session.get(StaffUser, admin_id), timedelta(hours=1))


def harvest_forms(client, world) -> tuple[list[str], list[str]]:
    """Every field name and option value in the forms of every page reachable without input."""
    enter(client, world)
    names, values = set(), set()
    with client.application.app_context():
        steps = [d.id for d in active_questionnaire().dimensions]
    paths = [rule for rule, method in ROUTES if method == "GET" and "<" not in rule]
    paths += [f"/survey/{step}" for step in steps]
    for path in paths:
        response = client.get(path)
        if response.mimetype != "text/html":
            continue
        for form in forms_on(response.text):
            for item in form.fields:
                if item.get("name"):
                    names.add(item["name"])
                if item.get("value"):
                    values.add(item["value"])
                values.update(v for v in item.get("options", ()) if v)
    return sorted(names), sorted(values)


def snapshot(app, world) -> dict:
    """Everything stored about the protected assessments and staff users."""
    ids = world["protected_assessments"]
    with app.app_context():
        db.session.expire_all()
        assessments = [
            (a.id, a.status, a.overall_score, a.stage, a.token_hash, a.locale, a.current_step,
             a.is_latest, a.source, a.organization.name, a.organization.country,
             a.organization.org_type)
            for a in db.session.scalars(select(Assessment).where(Assessment.id.in_(ids)))]
        answers = sorted((a.assessment_id, a.question_id, repr(a.value)) for a in db.session.scalars(
            select(Answer).where(Answer.assessment_id.in_(ids))))
        scores = sorted((s.assessment_id, s.dimension_id, s.score) for s in db.session.scalars(
            select(DimensionScore).where(DimensionScore.assessment_id.in_(ids))))
        users = [(u.email, u.role, u.active, u.password_hash, u.locale) for u in db.session.scalars(
            select(StaffUser).where(StaffUser.id.in_(world["protected_users"])))]
        db.session.remove()
    return {"assessments": sorted(assessments), "answers": answers, "scores": scores, "users": users}


# -- strategies -----------------------------------------------------------------------------------
def text_values(world) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.sampled_from(world["options"] or ["x"]),
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8).map(
            lambda s: s * 200),
    )


def numerals() -> st.SearchStrategy[str]:
    """Numbers as a person, a tampered link or a spreadsheet might write them."""
    return st.one_of(
        st.sampled_from(UNICODE_NUMERALS + HUGE_NUMERALS),
        st.text(alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),
        st.integers(min_value=-(10**40), max_value=10**40).map(str))


def field_names(world) -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(world["fields"] or ["x"]), st.sampled_from(GENERIC_KEYS),
                     st.text(max_size=20))


def path_value(converter: str, world) -> st.SearchStrategy[str]:
    if converter.startswith("int"):
        return st.one_of(
            st.integers(min_value=0, max_value=10**30).filter(lambda n: n not in world["known_ids"]),
            st.just(0).map(str),
            st.sampled_from(UNICODE_NUMERALS + HUGE_NUMERALS).map(lambda s: quote(s, safe="")),
            st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=1, max_size=6)
            .map(lambda s: quote(s, safe=""))).map(str)
    if converter.startswith("any("):
        choices = re.findall(r"[\w-]+", converter[4:])
        return st.one_of(st.sampled_from(choices), st.text(min_size=1, max_size=10))
    segment = st.one_of(st.sampled_from(ODD_TOKENS[1:]), st.sampled_from(HOSTILE[1:]),
                        st.text(min_size=1, max_size=60))
    return segment.map(lambda s: quote(s, safe=""))


@st.composite
def urls(draw, rule: str, world) -> str:
    def replace(match):
        return draw(path_value(match.group(1) or "string", world))

    path = re.sub(r"<(?:([^:>]+(?:\([^)]*\))?):)?[^>]+>", replace, rule)
    if draw(st.booleans()):
        pairs = draw(st.lists(st.tuples(
            st.one_of(st.sampled_from(["page", "per_page", "sort", "q", "next", "lang", "version"]),
                      field_names(world)),
            st.one_of(st.sampled_from(QUERY_PAGES), text_values(world), numerals())), max_size=4))
        query = "&".join(f"{quote(k, safe='')}={quote(v, safe='%')}" for k, v in pairs)
        path += "?" + query
    return path


@st.composite
def bodies(draw, world) -> dict:
    """Keyword arguments for the test client: a form, raw bytes, JSON or a multipart upload."""
    kind = draw(st.sampled_from(["form", "form", "form", "raw", "json", "multipart", "huge"]))
    if kind == "raw":
        raw = draw(st.one_of(st.binary(max_size=200), st.sampled_from([
            b"\xff\xfe\xfd", b"q_org_name=\xc3\x28&q_country=\xa0\xa1", b"%ff%fe=%c0%af",
            b"csrf_token=\x00\x00", b"=&=&&==", b"a=" + b"%" * 50])))
        return {"data": raw, "content_type": "application/x-www-form-urlencoded"}
    if kind == "json":
        return {"json": draw(st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                         max_size=3),
            max_leaves=8))}
    pairs = draw(st.lists(st.tuples(field_names(world), text_values(world)), max_size=8))
    if kind == "huge":
        pairs.append((draw(st.sampled_from(world["fields"] or ["x"])), HUGE))
    data = MultiDict(pairs)
    if kind == "multipart":
        from io import BytesIO

        data.add(draw(field_names(world)), (BytesIO(draw(st.binary(max_size=100))), "x.csv"))
        return {"data": data, "content_type": "multipart/form-data"}
    return {"data": data}


# -- the tests ------------------------------------------------------------------------------------
FUZZ = settings(max_examples=12, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.mark.parametrize(("rule", "method"), ROUTES, ids=[f"{m} {r}" for r, m in ROUTES])
@FUZZ
@given(data=st.data())
def test_hostile_input_never_breaks_a_route_or_touches_other_data(app, client, world, rule, method,
                                                                  data):
    before = snapshot(app, world)
    url = data.draw(urls(rule, world), label="url")
    enter(client, world)
    kwargs = data.draw(bodies(world), label="body") if method in ("POST", "PUT", "PATCH") else {}
    response = client.open(url, method=method, **kwargs)
    assert response.status_code < 500, f"{method} {url} -> {response.status_code}"
    if response.status_code >= 400 and response.mimetype == "text/html":
        assert "Traceback" not in response.text
    assert snapshot(app, world) == before, f"{method} {url} changed another organization's data"


@pytest.mark.parametrize("rule", sorted(set(POST_ROUTES)))
def test_a_body_over_the_limit_gets_the_413_page(app, client, world, rule):
    enter(client, world)
    url = re.sub(r"<[^>]+>", "1", rule)
    body = {"q_org_name": "x" * (app.config["MAX_CONTENT_LENGTH"] + 1024)}
    response = client.post(url, data=body, headers={"Accept-Language": "en"})
    assert response.status_code == 413
    if url.startswith("/staff/"):  # the staff area speaks the staff member's language, not a draft's
        assert "Too much data" in response.text, "in the browser's language"
    else:
        assert "Demasiados datos" in response.text, "in the language of the browser's Spanish draft"


def test_the_limit_is_two_megabytes_by_default(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024


@pytest.mark.parametrize("path", ["/survey/%ff%fe", "/resume/%c0%af", "/results/%ff/chart/radar.png",
                                  "/staff/assessments/%ff", "/%ff%fe%fd"])
def test_invalid_utf8_in_the_url_is_a_client_error(client, world, path):
    enter(client, world)
    assert 400 <= client.get(path).status_code < 500


@pytest.mark.parametrize("token", ODD_TOKENS[1:])
@pytest.mark.parametrize("prefix", ["/resume/", "/results/"])
def test_tokens_of_odd_length_are_not_found(client, prefix, token):
    assert client.get(prefix + quote(token, safe="")).status_code == 404


@pytest.mark.parametrize("page_number", QUERY_PAGES)
def test_odd_page_numbers_on_staff_lists(client, world, page_number):
    enter(client, world)
    lists = [rule for rule, method in ROUTES if method == "GET" and rule.startswith("/staff")
             and "<" not in rule]
    assert lists
    for rule in lists:
        response = client.get(f"{rule}?page={quote(page_number, safe='%')}")
        assert response.status_code < 500, rule
        assert response.status_code in (200, 302, 303, 400, 404), rule


def test_the_victim_is_really_there(app, world):
    """The snapshot compares something: the other organization's answers and scores exist."""
    state = snapshot(app, world)
    assert len(state["answers"]) == len(COMPLETE_ANSWERS) + 2
    assert len(state["scores"]) == 2
    assert world["fields"], "no form fields were harvested"


# -- the peer upload's cells ----------------------------------------------------------------------
UPLOAD_HEADER = ["org_name", "country", "org_type", "questionnaire_id", "questionnaire_version",
                 "submitted_at", "strategy_plan", "strategy_budget", "services_online",
                 "services_tools__crm", "services_tools__esign"]
GOOD_CELLS = ["Cámara Fuzz", "CL", "", "example", "1", "2024-05-31", "l3", "partial", "training",
              "in_use", "planned"]
BROKEN_CELLS = ['"never closed', '"closed" then text', "x" * 131_073, '=1+1;"', "\r", "\n\n"]


def upload_cells() -> st.SearchStrategy[str]:
    return st.one_of(numerals(), st.sampled_from(HOSTILE), st.sampled_from(BROKEN_CELLS),
                     st.text(max_size=30))


@st.composite
def peer_files(draw) -> bytes:
    """A peer-results file whose cells are good, hostile numbers, broken CSV or huge; joined by
    hand (not csv.writer) so quoting can be as broken as a hand-edited file."""
    separator = draw(st.sampled_from([",", ";", "\t"]))
    lines = [separator.join(UPLOAD_HEADER)]
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        cells = list(GOOD_CELLS)
        for index in draw(st.lists(st.integers(0, len(cells) - 1), min_size=1, max_size=4)):
            cells[index] = draw(upload_cells())
        lines.append(separator.join(cells))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    return "\n".join(lines).encode(encoding, errors="replace")


@FUZZ
@given(data=st.data())
def test_hostile_peer_upload_cells_get_a_clear_answer_never_an_error(app, client, world, data):
    from io import BytesIO

    before = snapshot(app, world)
    enter(client, world)
    body = data.draw(peer_files(), label="file")
    language = data.draw(st.sampled_from(["es", "en"]), label="language")
    headers = {"Accept-Language": language}
    response = client.post("/staff/admin/peers", data={"file": (BytesIO(body), "peers.csv")},
                           content_type="multipart/form-data", headers=headers)
    assert response.status_code in (200, 400), response.status_code
    page = response.get_data(as_text=True)
    assert "Traceback" not in page
    assert f'<html lang="{language}">' in page
    if response.status_code == 400:
        problem = {"es": "Problemas encontrados", "en": "Problems found"}[language]
        not_text = {"es": "no es un CSV de texto", "en": "not a CSV text file"}[language]
        assert problem in page or not_text in page
    confirmed = client.post("/staff/admin/peers/import", headers=headers)
    assert confirmed.status_code in (302, 303)
    assert snapshot(app, world) == before
