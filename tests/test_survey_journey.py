"""The respondent's journey through the Flask test client: landing, profile, dimension pages,
review, submit; language, resume, errors and the read-only submitted assessment."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assessment, DimensionScore
from app.survey.steps import step_ids
from tests.factories import (
    TOKEN_LINK,
    complete_answers,
    fill_everything,
    fill_profile,
    html,
    page_data,
    resume_token,
    session_assessment,
)


# -- landing and language -----------------------------------------------------------------------
def test_landing_explains_the_assessment_in_the_browsers_language(client):
    english = html(client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}))
    assert "How your data is used" in english
    assert "minutes" in english and "Start the assessment" in english
    assert "fewer than 5 organizations is never shown" in english
    spanish = html(client.get("/", headers={"Accept-Language": "es-AR"}))
    assert "Cómo se usan sus datos" in spanish and "Comenzar el diagnóstico" in spanish


def test_unknown_browser_language_gets_spanish(client):
    assert "Comenzar el diagnóstico" in html(client.get("/", headers={"Accept-Language": "fr, de"}))


def test_language_switch_sticks_for_the_session_and_refuses_other_sites(client):
    response = client.post("/language", data={"locale": "en", "next": "/"},
                           headers={"Accept-Language": "es"})
    assert response.status_code == 303 and response.location == "/"
    assert "Start the assessment" in html(client.get("/", headers={"Accept-Language": "es"}))
    for hostile in ("//evil.example/", "https://evil.example/", "/\\evil.example"):
        response = client.post("/language", data={"locale": "es", "next": hostile})
        assert response.location == "/"


# -- the whole journey ---------------------------------------------------------------------------
@pytest.mark.parametrize(("language", "continue_label", "option_label"), [
    ("es", "Guardar y continuar", "Plan con indicadores"),
    ("en", "Save and continue", "Plan with indicators"),
])
def test_whole_journey_ends_on_the_results(app, client, questionnaire, language, continue_label,
                                           option_label):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    assert continue_label in html(client.get("/survey/profile"))
    answers = complete_answers(questionnaire)
    response = fill_profile(client, questionnaire, answers)
    first = questionnaire.dimensions[0].id
    assert response.location == f"/survey/{first}"
    page = html(client.get(response.location))
    assert TOKEN_LINK.search(page), "the private link is shown after the profile step"
    assert 'aria-current="step"' in page and "<progress" in page
    for index, dimension in enumerate(questionnaire.dimensions):
        response = client.post(f"/survey/{dimension.id}", data=page_data(
            questionnaire, dimension.id, answers, direction="next"))
        following = (questionnaire.dimensions[index + 1].id
                     if index + 1 < len(questionnaire.dimensions) else "review")
        assert response.location == f"/survey/{following}"
    review = html(client.get("/survey/review"))
    assert option_label in review and "Cámara de Prueba" in review
    response = client.post("/survey/submit")
    assert response.status_code == 303
    assert re.fullmatch(r"/results/[A-Za-z0-9_-]+", response.location)
    assert client.get(response.location).status_code == 200
    assessment = session_assessment(app, client)
    assert assessment.is_submitted and assessment.locale == language
    assert assessment.overall_score == pytest.approx(100)


def test_back_button_saves_and_goes_to_the_previous_page(client, questionnaire):
    answers = complete_answers(questionnaire)
    fill_profile(client, questionnaire, answers)
    second = questionnaire.dimensions[1].id
    response = client.post(f"/survey/{second}", data=page_data(
        questionnaire, second, answers, direction="back"))
    assert response.location == f"/survey/{questionnaire.dimensions[0].id}"
    assert 'value="training" checked' in html(client.get(f"/survey/{second}"))


def test_step_list_button_saves_and_jumps(client, questionnaire):
    answers = complete_answers(questionnaire)
    fill_profile(client, questionnaire, answers)
    first = questionnaire.dimensions[0].id
    response = client.post(f"/survey/{first}", data=page_data(
        questionnaire, first, answers, goto="review"))
    assert response.location == "/survey/review"
    review = html(client.get("/survey/review"))
    assert "Plan con indicadores" in review


def test_missing_required_answers_do_not_block_moving_but_block_submitting(client, questionnaire):
    answers = complete_answers(questionnaire)
    fill_profile(client, questionnaire, answers)
    first = questionnaire.dimensions[0].id
    response = client.post(f"/survey/{first}", data={"direction": "next"})
    assert response.status_code == 303
    page = html(client.get(response.location))
    assert "«Estrategia» tiene 2 preguntas obligatorias sin respuesta" in page
    review = html(client.get("/survey/review"))
    assert "Sin responder (obligatoria)" in review
    assert 'action="/survey/submit"' not in review
    response = client.post("/survey/submit")
    assert response.status_code == 422
    assert "Responda todas las preguntas obligatorias" in html(response)


def test_profile_requires_valid_answers_before_the_draft_exists(app, client, questionnaire):
    response = client.post("/survey/profile", data={"q_org_name": "ACME", "q_country": "ZZ",
                                                    "direction": "next"})
    assert response.status_code == 422
    page = html(response)
    assert "Elija una de las opciones que se muestran" in page
    assert 'value="ACME"' in page
    with client.session_transaction() as session:
        assert "assessment_id" not in session
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 0


def test_survey_pages_without_an_assessment_go_to_the_landing_page(client, questionnaire):
    response = client.get(f"/survey/{questionnaire.dimensions[0].id}")
    assert response.status_code == 302 and response.location == "/"
    assert "Comience el diagnóstico" in html(client.get("/"))
    assert client.get("/survey/review").location == "/"


# -- invalid answers -----------------------------------------------------------------------------
def test_invalid_answers_keep_the_valid_ones_and_explain_in_the_users_language(
        app, client, questionnaire):
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    response = client.post("/survey/strategy", data={
        "q_strategy_plan": "l4", "q_strategy_budget": "maybe", "direction": "next"})
    assert response.status_code == 422
    page = html(response)
    assert "Elija una de las opciones que se muestran" in page
    assert 'id="q_strategy_budget-error"' in page
    assert 'value="l4" checked' in page
    assert session_assessment(app, client).answer_values()["strategy_plan"] == "l4"

    client.post("/language", data={"locale": "en", "next": "/"})
    response = client.post("/survey/services", data={
        "q_services_online": ["training", "none"], "q_services_tools-crm": "in_use",
        "direction": "next"})
    page = html(response)
    assert "“None of these” cannot be combined with other options." in page
    assert "Please choose an answer in every row" in page
    assert 'value="in_use" checked' in page, "the typed row is shown again"


# -- language switch keeps answers ---------------------------------------------------------------
def test_language_switch_in_the_middle_keeps_every_answer(app, client, questionnaire):
    answers = complete_answers(questionnaire)
    fill_profile(client, questionnaire, answers)
    response = client.post("/survey/strategy", data={"q_strategy_plan": "l2",
                                                     "switch_language": "en"})
    assert response.status_code == 303 and response.location == "/survey/strategy"
    page = html(client.get("/survey/strategy"))
    assert "Save and continue" in page and 'value="l2" checked' in page
    assessment = session_assessment(app, client)
    assert assessment.locale == "en"
    assert assessment.answer_values()["strategy_plan"] == "l2"
    assert assessment.answer_values()["org_name"] == "Cámara de Prueba"

    response = client.post("/survey/strategy", data={
        "q_strategy_plan": "l5", "q_strategy_budget": "maybe", "switch_language": "es"})
    page = html(response)
    assert "Guardar y continuar" in page and 'value="l5" checked' in page
    assert "Elija una de las opciones que se muestran" in page
    assert session_assessment(app, client).answer_values()["strategy_plan"] == "l5"


def test_language_switch_on_the_first_profile_page_keeps_what_was_typed(client):
    response = client.post("/survey/profile", data={"q_org_name": "Cámara Sur", "q_country": "CL",
                                                    "switch_language": "en"})
    page = html(response)
    assert response.status_code == 200
    assert "Name of the organization" in page
    assert 'value="Cámara Sur"' in page and 'value="CL" selected' in page


# -- resume --------------------------------------------------------------------------------------
def test_resume_link_opens_the_saved_step_on_another_device(app, client, questionnaire):
    answers = complete_answers(questionnaire)
    fill_profile(client, questionnaire, answers)
    client.post("/survey/strategy", data={"q_strategy_plan": "l3", "direction": "next"})
    token = resume_token(client)
    other = app.test_client()
    response = other.get(f"/resume/{token}")
    assert response.status_code == 200 and "Abrir este diagnóstico" in html(response)
    response = other.post(f"/resume/{token}")
    assert response.status_code == 303
    assert response.location == "/survey/services"  # where "next" took the respondent last
    assert token not in response.location
    page = html(other.get("/survey/strategy"))
    assert 'value="l3" checked' in page
    assert token in page, "the private link stays visible on every page"


def test_resume_goes_where_the_respondent_left(app, client, questionnaire):
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    token = resume_token(client)
    assert client.get(f"/resume/{token}").location == f"/survey/{questionnaire.dimensions[0].id}", \
        "the browser's own draft opens without asking"
    response = app.test_client().post(f"/resume/{token}")
    assert response.location == f"/survey/{questionnaire.dimensions[0].id}"


def test_wrong_or_expired_token_gets_a_friendly_404(app, client, questionnaire):
    response = client.get("/resume/not-a-real-token")
    assert response.status_code == 404
    assert "Este enlace no abre ningún diagnóstico" in html(response)
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    token = resume_token(client)
    assessment = session_assessment(app, client)
    assessment.updated_at = assessment.updated_at - timedelta(
        days=app.config["DRAFT_LIFETIME_DAYS"] + 1)
    db.session.commit()
    assert app.test_client().get(f"/resume/{token}").status_code == 404


# -- submit once, then read-only ------------------------------------------------------------------
def test_double_submit_gives_one_submission_and_one_snapshot(app, client, questionnaire):
    fill_everything(client, questionnaire, complete_answers(questionnaire))
    first = client.post("/survey/submit")
    second = client.post("/survey/submit")
    assert first.status_code == second.status_code == 303
    assert first.location == second.location
    assessment = session_assessment(app, client)
    rows = db.session.scalar(select(func.count()).select_from(DimensionScore).where(
        DimensionScore.assessment_id == assessment.id))
    assert rows == len(questionnaire.dimensions)


def test_submitted_assessment_is_read_only(app, client, questionnaire):
    fill_everything(client, questionnaire, complete_answers(questionnaire))
    results = client.post("/survey/submit").location
    for step in step_ids(questionnaire):
        path = "/survey/review" if step == "review" else f"/survey/{step}"
        assert client.get(path).location == results
    response = client.post("/survey/strategy", data={"q_strategy_plan": "l1", "direction": "next"})
    assert response.status_code == 303 and response.location == results
    response = client.post("/survey/profile", data={"q_org_name": "Other", "q_country": "AR",
                                                    "direction": "next"})
    assert response.location == results
    values = session_assessment(app, client).answer_values()
    assert values["strategy_plan"] == "l5" and values["org_name"] == "Cámara de Prueba"
    token = results.rsplit("/", 1)[1]
    assert app.test_client().get(f"/resume/{token}").location == results


def test_starting_a_new_assessment_leaves_the_old_one_on_its_link(app, client, questionnaire):
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    token = resume_token(client)
    assert "Comenzar un nuevo diagnóstico" in html(client.get("/"))
    response = client.post("/survey/new")
    assert response.location == "/survey/profile"
    assert client.get("/survey/strategy").location == "/"
    assert "Cámara de Prueba" in html(client.get(f"/resume/{token}"))
    assert client.post(f"/resume/{token}").location == "/survey/strategy"


def test_profile_page_of_an_existing_draft_blocks_only_moving_on(app, client, questionnaire):
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    response = client.post("/survey/profile", data={"q_org_name": "Nuevo nombre", "q_country": "",
                                                    "switch_language": "en"})
    page = html(response)
    assert response.status_code == 200 and "Please answer this question." not in page
    assert 'value="Nuevo nombre"' in page
    assert session_assessment(app, client).name == "Nuevo nombre"
    response = client.post("/survey/profile", data={"q_org_name": "Nuevo nombre",
                                                    "direction": "next"})
    assert response.status_code == 422
    assert "Please answer this question." in html(response)
