"""Private links that ask before switching drafts; the time estimate, progress and question count
that every page states alike; who runs the site (footer, privacy notice) from configuration;
error pages in the draft's language; one number format per language."""

from __future__ import annotations

import re

import pytest
import yaml

from app.domain.loader import load_questionnaire
from app.operations.assessment import save_answers, start_assessment
from app.questionnaires import active_questionnaire
from app.survey.effort import effort, progress
from questionnaires import reading_time
from tests.conftest import REAL_DIR
from tests.factories import (
    complete_answers,
    fill_everything,
    fill_profile,
    html,
    resume_token,
    session_assessment,
)


def draft_of(app, name: str, locale: str = "es") -> str:
    """Someone else's draft, with its private link's token."""
    with app.app_context():
        questionnaire = active_questionnaire()
        assessment, token = start_assessment(questionnaire, locale)
        save_answers(assessment, questionnaire, {"org_name": name, "country": "CL"})
    return token


# -- private links --------------------------------------------------------------------------------
def test_a_link_opened_over_ones_own_draft_asks_and_names_both(app, client, questionnaire):
    fill_profile(client, questionnaire, complete_answers(questionnaire, org_name="Cámara Propia"))
    own_id = session_assessment(app, client).id
    own_token = resume_token(client)
    planted = draft_of(app, "Cámara Ajena")

    page = html(client.get(f"/resume/{planted}"))
    assert "Este enlace abre el diagnóstico de <strong>Cámara Ajena</strong>" in page
    assert "el de <strong>Cámara Propia</strong>" in page
    assert own_token in page, "the current draft's link is shown so it can be kept"
    assert f'action="/resume/{planted}"' in page and 'method="post"' in page
    assert 'href="/survey/strategy">Seguir con el actual' in page
    assert session_assessment(app, client).id == own_id, "a GET never switches the draft"

    response = client.post(f"/resume/{planted}")
    assert response.status_code == 303
    assert session_assessment(app, client).name == "Cámara Ajena"


def test_switching_needs_the_form_token(app, client, questionnaire):
    app.config["WTF_CSRF_ENABLED"] = True
    fill_profile(client, questionnaire, complete_answers(questionnaire), csrf_token=re.search(
        r'name="csrf_token" value="([^"]+)"', html(client.get("/survey/profile"))).group(1))
    own_id = session_assessment(app, client).id
    planted = draft_of(app, "Cámara Ajena")
    page = html(client.get(f"/resume/{planted}"))
    assert client.post(f"/resume/{planted}").status_code in (302, 303, 400)
    assert session_assessment(app, client).id == own_id
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert client.post(f"/resume/{planted}", data={"csrf_token": token}).status_code == 303
    assert session_assessment(app, client).id != own_id


def test_a_link_in_a_fresh_browser_asks_once_then_opens(app, client):
    token = draft_of(app, "Cámara Ajena")
    page = html(client.get(f"/resume/{token}"))
    assert "Abrir este diagnóstico" in page and "Este navegador está trabajando" not in page
    with client.session_transaction() as session:
        assert "assessment_id" not in session
    assert client.post(f"/resume/{token}").location == "/survey/profile"
    assert client.get(f"/resume/{token}").location == "/survey/profile", "its own draft: no question"


def test_a_submitted_assessments_link_opens_its_results_without_taking_the_session(
        app, client, questionnaire):
    fill_everything(client, questionnaire, complete_answers(questionnaire))
    results = client.post("/survey/submit").location
    token = results.rsplit("/", 1)[1]
    other = app.test_client()
    draft_token = draft_of(app, "Otra")
    other.post(f"/resume/{draft_token}")
    assert other.get(f"/resume/{token}").location == results
    assert session_assessment(app, other).name == "Otra"


def test_error_pages_speak_the_language_of_the_draft(app):
    token = draft_of(app, "Chamber", locale="en")
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    client.post(f"/resume/{token}")
    page = client.get("/no-such-page")
    assert page.status_code == 404 and "Page not found" in html(page)
    assert '<html lang="en">' in html(page)


# -- effort, progress and counts ------------------------------------------------------------------
def real_questionnaires():
    paths = [REAL_DIR / "digital-maturity-v1.yaml", REAL_DIR / "digital-maturity-v2.yaml"]
    return [path for path in paths if path.exists()]


@pytest.mark.parametrize("path", real_questionnaires(), ids=lambda p: p.stem)
def test_effort_counts_what_reading_time_counts(app, path):
    """The pages' estimate is reading_time.py's, for every language of the real questionnaires."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    loaded = load_questionnaire(path)
    with app.app_context():
        for language in raw["languages"]:
            total = reading_time.Tally()
            for tally in reading_time.estimate(raw, language).values():
                total.add(tally)
            assert effort(loaded, language).total == total


def test_progress_counts_rows_and_options_not_questions(app, questionnaire):
    with app.app_context():
        profile = {q.id: "x" for q in questionnaire.profile_questions}
        share_of_profile = progress(questionnaire, {**profile, "country": "AR",
                                                    "org_type": "sectoral"}, "es").share
        table = progress(questionnaire, {"services_tools": {"crm": "in_use", "esign": "planned"}},
                         "es").share
        half_table = progress(questionnaire, {"services_tools": {"crm": "in_use"}}, "es").share
        assert 0 < half_table < table
        assert share_of_profile < 3 / 7, "three quick profile questions are not 3/7 of the work"
        assert progress(questionnaire, complete_answers(questionnaire), "es").share == 1


class TestRealQuestionnaire:
    @pytest.fixture
    def questionnaire_dir(self):
        return REAL_DIR

    def test_every_page_states_the_same_count_and_time(self, app, client, questionnaire):
        with app.app_context():
            minutes = effort(questionnaire, "es").minutes()
        assert 35 <= minutes <= 45
        stated = f"{len(questionnaire.questions)} preguntas · unos {minutes} minutos"
        landing = html(client.get("/"))
        assert stated in landing
        assert landing.index("Comenzar el diagnóstico") < landing.index("Sobre este autodiagnóstico"), \
            "the start button comes before the long introduction"
        assert "palabras" in landing and "lectura atenta" in landing, "the estimate says how"
        assert "dos o tres personas" in landing and "Una persona puede responder" in landing
        fill_profile(client, questionnaire, complete_answers(questionnaire))
        for path in ("/survey/profile", f"/survey/{questionnaire.dimensions[0].id}",
                     "/survey/review"):
            page = html(client.get(path))
            assert stated in page, path
            assert re.search(rf"Paso \d+ de {len(questionnaire.dimensions) + 2} · ", page), path


# -- who runs the site ------------------------------------------------------------------------------
def test_every_page_has_the_footer_from_configuration(app, client, questionnaire):
    app.config.update(PROGRAMME_NAME="Programa Digital", PROGRAMME_NAME_EN="Digital Programme",
                      CONTACT_EMAIL="ayuda@example.org", PROGRAMME_URL="https://example.org/p")
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    for path in ("/", "/survey/profile", "/survey/strategy", "/survey/review", "/privacy",
                 "/no-such-page", "/staff/login"):
        page = html(client.get(path))
        assert '<a href="https://example.org/p">Programa Digital</a>' in page, path
        assert 'href="mailto:ayuda@example.org"' in page, path
        assert 'href="/privacy">Aviso de privacidad</a>' in page, path
    client.post("/language", data={"locale": "en", "next": "/"})
    assert "Digital Programme" in html(client.get("/")), "the name in the visitor's language"


def test_the_footer_has_a_sensible_default(client):
    page = html(client.get("/"))
    assert "Programa regional de la OIT" in page and "mailto:" not in page


def test_the_privacy_notice_says_what_is_kept_who_sees_it_and_how_to_delete(app, client):
    app.config.update(CONTACT_EMAIL="privacidad@example.org", DRAFT_LIFETIME_DAYS=180,
                      ANONYMITY_THRESHOLD=7)
    page = html(client.get("/privacy"))
    for words in ("Qué se guarda", "Quién lo ve", "Cuánto tiempo se conserva",
                  "Cómo pedir que se eliminen", "durante 180 días", "al menos 7 organizaciones",
                  "Escriba a privacidad@example.org", "huella", "durante 30 días"):
        assert words in page, words
    app.config["CONTACT_EMAIL"] = ""
    assert "Escriba al programa que lo invitó" in html(client.get("/privacy"))


def test_the_favicon_is_linked_and_served(client):
    page = html(client.get("/"))
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    response = client.get("/static/favicon.svg")
    assert response.status_code == 200 and b"<svg" in response.data


# -- numbers --------------------------------------------------------------------------------------
def test_percentages_follow_the_language(app, client, questionnaire):
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    spanish = html(client.get("/survey/strategy"))
    assert re.search(r"data-progress-percent>\d+\xa0%<", spanish)
    client.post("/language", data={"locale": "en", "next": "/"})
    english = html(client.get("/survey/strategy"))
    assert re.search(r"data-progress-percent>\d+%<", english)
