"""Answers saved as they are given (the autosave endpoint survey.js posts to), tables kept while
they are begun, and the review page that names what is left and leads back to itself."""

from __future__ import annotations

import re

import pytest

from tests.factories import (
    complete_answers,
    fill_everything,
    fill_profile,
    html,
    page_data,
    session_assessment,
)


@pytest.fixture
def started(client, questionnaire):
    """A respondent whose profile is filled in (the draft exists), on the example questionnaire."""
    assert fill_profile(client, questionnaire, complete_answers(questionnaire)).status_code == 303
    return client


def autosave(client, step: str, questions, **fields):
    data = {"question": list(questions), **fields}
    return client.post(f"/survey/{step}/autosave", data=data)


# -- autosave -------------------------------------------------------------------------------------
def test_an_answer_is_saved_alone_and_leaves_the_others(app, started):
    started.post("/survey/strategy", data={"q_strategy_plan": "l2", "q_strategy_budget": "yes",
                                           "direction": "next"})
    response = autosave(started, "strategy", ["strategy_plan"], q_strategy_plan="l4")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.json["saved"] == ["strategy_plan"] and response.json["errors"] == {}
    assert response.headers["Cache-Control"] == "no-store"
    values = session_assessment(app, started).answer_values()
    assert values["strategy_plan"] == "l4"
    assert values["strategy_budget"] == "yes", "a question not sent is left as it was"
    assert session_assessment(app, started).current_step == "strategy"


def test_autosave_clears_an_answer_taken_back(app, started):
    autosave(started, "services", ["services_online"], q_services_online=["training", "events"])
    assert session_assessment(app, started).answer_values()["services_online"] == ["training",
                                                                                    "events"]
    response = autosave(started, "services", ["services_online"])  # every box unticked
    assert response.status_code == 200
    assert "services_online" not in session_assessment(app, started).answer_values()


def test_autosave_reports_progress_counted_by_the_work(started):
    body = autosave(started, "services", ["services_tools"], **{
        "q_services_tools-crm": "in_use", "q_services_tools-esign": "planned"}).json
    table = body["progress"]["share"]
    body = autosave(started, "strategy", ["strategy_budget"], q_strategy_budget="yes").json
    assert body["progress"]["share"] > table
    assert re.fullmatch(r"\d+\xa0%", body["progress"]["percent"]), "75 % in Spanish"
    assert "minuto" in body["progress"]["left"]


def test_an_invalid_answer_is_refused_in_the_respondents_words(app, started):
    response = autosave(started, "services", ["services_online"],
                        q_services_online=["training", "none"])
    assert response.status_code == 422
    assert response.json["errors"] == {
        "services_online": "«Ninguno» no se puede combinar con otras opciones."}
    assert "revise las preguntas marcadas" in response.json["message"]
    assert "services_online" not in session_assessment(app, started).answer_values()


def test_a_table_begun_is_kept_but_counts_as_unanswered(app, started, questionnaire):
    response = autosave(started, "services", ["services_tools"], **{
        "q_services_tools-crm": "in_use"})
    assert response.status_code == 200 and response.json["saved"] == ["services_tools"]
    assert session_assessment(app, started).answer_values()["services_tools"] == {"crm": "in_use"}
    page = html(started.get("/survey/services"))
    assert 'value="in_use" checked' in page, "the rows answered are shown again"

    answers = complete_answers(questionnaire)
    del answers["services_tools"]
    for dimension in questionnaire.dimensions:
        data = page_data(questionnaire, dimension.id, answers, direction="next")
        if dimension.id == "services":
            data["q_services_tools-crm"] = "in_use"
        started.post(f"/survey/{dimension.id}", data=data)
    review = html(started.get("/survey/review"))
    assert "1 pregunta para completar antes de enviar" in review
    assert "faltan filas por responder" in review
    assert 'action="/survey/submit"' not in review
    response = started.post("/survey/submit")
    assert response.status_code == 422
    assert "Complete o borre cada tabla que haya empezado" in html(response)
    assert not session_assessment(app, started).is_submitted


def test_the_page_button_keeps_a_table_begun_and_asks_for_the_other_rows(app, started):
    response = started.post("/survey/services", data={"q_services_online": "training",
                                                      "q_services_tools-crm": "in_use",
                                                      "direction": "next"})
    assert response.status_code == 422
    assert "Elija una respuesta en cada fila" in html(response)
    assert session_assessment(app, started).answer_values()["services_tools"] == {"crm": "in_use"}


def test_nothing_can_be_saved_once_submitted(app, client, questionnaire):
    fill_everything(client, questionnaire, complete_answers(questionnaire))
    results = client.post("/survey/submit").location
    response = autosave(client, "strategy", ["strategy_plan"], q_strategy_plan="l1")
    assert response.status_code == 409
    assert response.json["message"] == ("Este diagnóstico ya fue enviado y no se puede "
                                         "modificar.")
    assert response.json["location"] == results
    assert session_assessment(app, client).answer_values()["strategy_plan"] == "l5"


def test_autosave_without_a_draft_says_where_to_go(client):
    response = autosave(client, "strategy", ["strategy_plan"], q_strategy_plan="l1")
    assert response.status_code == 409 and response.json["location"] == "/"
    assert "enlace privado" in response.json["message"]


def test_autosave_refuses_what_no_page_sends(started):
    assert autosave(started, "nowhere", ["strategy_plan"]).status_code == 404
    assert autosave(started, "strategy", []).status_code == 400
    assert autosave(started, "strategy", ["services_online"],
                    q_services_online="training").status_code == 400, "not a question of the page"
    assert started.post("/survey/strategy/autosave", json={"question": "x"}).status_code == 415


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_an_expired_page_is_told_to_reload_and_nothing_is_saved(self, app, client,
                                                                    questionnaire):
        page = html(client.get("/survey/profile"))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        fill_profile(client, questionnaire, complete_answers(questionnaire), csrf_token=token)
        response = autosave(client, "strategy", ["strategy_plan"], q_strategy_plan="l4")
        assert response.status_code == 400
        assert "Vuelva a cargarla" in response.json["message"]
        assert "strategy_plan" not in session_assessment(app, client).answer_values()
        response = autosave(client, "strategy", ["strategy_plan"], q_strategy_plan="l4",
                            csrf_token=token)
        assert response.status_code == 200
        assert session_assessment(app, client).answer_values()["strategy_plan"] == "l4"


# -- what the pages say about saving ----------------------------------------------------------------
def test_the_page_says_how_its_answers_are_saved(client, questionnaire):
    first = html(client.get("/survey/profile"))
    assert "cuando pulsa «Guardar y continuar»" in first
    assert "data-autosave" not in first, "before the draft exists nothing is saved as you go"
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    page = html(client.get("/survey/strategy"))
    assert 'data-autosave="/survey/strategy/autosave"' in page
    assert "cuando pulsa uno de los botones de abajo" in page  # shown without JavaScript
    assert re.search(r'data-save-note="auto" hidden>Cada respuesta se guarda en cuanto la da', page)
    assert "cada vez que sale de esta página" not in page


# -- the review page ----------------------------------------------------------------------------
def test_review_names_each_question_left_with_a_link_that_comes_back(app, started, questionnaire):
    review = html(started.get("/survey/review"))
    assert "3 preguntas para completar antes de enviar" in review
    for question_id in ("strategy_plan", "strategy_budget", "services_online"):
        text = questionnaire.question(question_id).text("es")
        link = re.search(rf'<a href="([^"]+)">{re.escape(text)}</a>', review)
        assert link, question_id
        assert link.group(1).endswith(f"?return=review#q_{question_id}")

    page = html(started.get("/survey/strategy?return=review"))
    assert 'name="return" value="review"' in page
    assert "Guardar y volver a la revisión" in page and ">Anterior<" not in page
    response = started.post("/survey/strategy", data={"q_strategy_plan": "l3", "return": "review",
                                                      "direction": "next"})
    assert response.status_code == 303 and response.location == "/survey/review"
    assert "2 preguntas para completar antes de enviar" in html(started.get("/survey/review"))


def test_review_offers_the_submit_button_twice_with_one_statement(started, questionnaire):
    fill_everything(started, questionnaire, complete_answers(questionnaire))
    review = html(started.get("/survey/review"))
    assert review.count('action="/survey/submit"') == 2
    statement = "El envío es definitivo"
    assert review.count(statement) == 2
    assert "precargado con estas respuestas" in review


def test_counts_use_plural_forms(started, questionnaire):
    response = started.post("/survey/strategy", data={"q_strategy_plan": "l9",
                                                      "direction": "next"})
    assert "1 respuesta para revisar" in html(response)
    response = started.post("/survey/strategy", data={"q_strategy_plan": "l9",
                                                      "q_strategy_budget": "maybe",
                                                      "direction": "next"})
    assert "2 respuestas para revisar" in html(response)
    started.post("/survey/strategy", data={"q_strategy_plan": "l3", "direction": "next"})
    assert "«Estrategia» tiene 1 pregunta obligatoria sin respuesta" in html(
        started.get("/survey/services"))
    assert "(falta 1)" in html(started.get("/survey/services"))
