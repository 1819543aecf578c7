"""The survey's protections: CSRF that keeps what was typed, escaping, tokens out of logs, and page
forms built once per questionnaire page."""

from __future__ import annotations

import logging
import re

import pytest
from flask_wtf import FlaskForm

from app.logging import TokenFilter, redact
from app.survey.forms import page_form_class
from tests.factories import (
    TOKEN_LINK,
    complete_answers,
    fill_profile,
    html,
    page_data,
    resume_token,
    session_assessment,
)

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(response) -> str:
    return CSRF_FIELD.search(html(response)).group(1)



class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_post_without_token_shows_the_page_again_with_the_typed_answers(
            self, app, client, questionnaire):
        token = csrf_of(client.get("/survey/profile"))
        answers = complete_answers(questionnaire)
        response = fill_profile(client, questionnaire, answers, csrf_token=token)
        assert response.status_code == 303

        response = client.post("/survey/strategy", data={"q_strategy_plan": "l4",
                                                         "direction": "next"})
        assert response.status_code == 400
        page = html(response)
        assert "Por su seguridad, esta página había vencido" in page
        assert 'value="l4" checked' in page
        assert "strategy_plan" not in session_assessment(app, client).answer_values()

        response = client.post("/survey/strategy", data={
            "q_strategy_plan": "l4", "direction": "next", "csrf_token": csrf_of(response)})
        assert response.status_code == 303
        assert session_assessment(app, client).answer_values()["strategy_plan"] == "l4"

    def test_profile_without_token_creates_nothing_and_keeps_the_text(self, client):
        response = client.post("/survey/profile", data={"q_org_name": "Cámara Norte",
                                                        "q_country": "CL", "direction": "next"})
        assert response.status_code == 400
        assert 'value="Cámara Norte"' in html(response)
        with client.session_transaction() as session:
            assert "assessment_id" not in session

    def test_submit_and_language_switch_need_the_token(self, app, client, questionnaire):
        response = client.post("/language", data={"locale": "en", "next": "/"})
        assert response.status_code == 303
        assert "Comenzar el diagnóstico" in html(client.get("/"))

        token = csrf_of(client.get("/survey/profile"))
        fill_profile(client, questionnaire, complete_answers(questionnaire), csrf_token=token)
        response = client.post("/survey/submit")
        assert response.status_code == 400
        assert not session_assessment(app, client).is_submitted


def test_hostile_organization_name_is_escaped(client, questionnaire):
    hostile = '<script>alert("x")</script>'
    fill_profile(client, questionnaire, complete_answers(questionnaire, org_name=hostile))
    for path in ("/survey/review", "/survey/profile"):
        page = html(client.get(path))
        assert "<script>alert" not in page
        assert "&lt;script&gt;alert" in page


def test_tokens_are_redacted_from_request_logs(app, client, questionnaire, caplog):
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    token = resume_token(client)
    caplog.set_level(logging.INFO, logger="werkzeug")
    logging.getLogger("werkzeug").info('%s - - [%s] "%s" %s -', "127.0.0.1", "now",
                                       f"GET /resume/{token} HTTP/1.1", 303)
    logging.getLogger("gunicorn.access").addHandler(caplog.handler)
    try:
        logging.getLogger("gunicorn.access").warning(
            '%(h)s "%(r)s"', {"h": "127.0.0.1", "r": f"GET /results/{token}/chart.png HTTP/1.1"})
    finally:
        logging.getLogger("gunicorn.access").removeHandler(caplog.handler)
    assert token not in caplog.text
    assert "/resume/…" in caplog.text and "/results/…/chart.png" in caplog.text


def test_redact_leaves_other_paths_alone():
    assert redact("GET /survey/strategy HTTP/1.1") == "GET /survey/strategy HTTP/1.1"
    assert redact("GET /resume/abc-DEF_1?x=1") == "GET /resume/…?x=1"
    assert redact("GET /invitation/abc-DEF_1 HTTP/1.1") == "GET /invitation/… HTTP/1.1"
    assert redact("POST /team/join/abc-DEF_1 HTTP/1.1") == "POST /team/join/… HTTP/1.1"
    assert redact("GET /team/answers/abc-DEF_1/team") == "GET /team/answers/…/team"
    assert redact("POST /team/invite HTTP/1.1") == "POST /team/invite HTTP/1.1"
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, "%s", ("/results/t0k",), None)
    assert TokenFilter().filter(record) and record.getMessage() == "/results/…"


def test_resume_link_is_shown_but_never_in_later_urls(app, client, questionnaire):
    response = fill_profile(client, questionnaire, complete_answers(questionnaire))
    token = resume_token(client)
    other = app.test_client()
    response = other.post(f"/resume/{token}", follow_redirects=True)
    assert token not in response.request.path
    assert TOKEN_LINK.search(html(response)).group(1) == token


def test_page_form_classes_are_built_once_per_page(app, questionnaire):
    with app.test_request_context():
        first = page_form_class(questionnaire, "strategy")
        assert page_form_class(questionnaire, "strategy") is first
        other = page_form_class(questionnaire, "services")
        assert other is not first
        assert hasattr(first, "q_strategy_plan") and not hasattr(other, "q_strategy_plan")
        assert not hasattr(FlaskForm, "q_strategy_plan")


def test_unknown_dimension_page_is_404(client, questionnaire):
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    assert client.get("/survey/no_such_dimension").status_code == 404
    response = client.post("/survey/no_such_dimension", data=page_data(
        questionnaire, "strategy", complete_answers(questionnaire), direction="next"))
    assert response.status_code == 404


def test_a_post_that_is_not_a_form_changes_nothing(app, client, questionnaire):
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    client.post("/survey/strategy", data={"q_strategy_plan": "l3", "direction": "next"})
    for path in ("/survey/strategy", "/survey/profile", "/survey/submit"):
        assert client.post(path, json=[["q_strategy_plan", "l1"]]).status_code == 415
        response = client.post(path, data="q_strategy_plan=l1", content_type="text/plain")
        assert response.status_code == 400
    values = session_assessment(app, client).answer_values()
    assert values["strategy_plan"] == "l3" and values["org_name"] == "Cámara de Prueba"
