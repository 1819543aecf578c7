"""The respondent's results page, its charts, downloads and starting again, through the client."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from app.charts import clear_cache
from app.charts import results as results_charts
from app.extensions import db
from app.models import Assessment
from app.operations.assessment import save_answers, start_assessment, submit_assessment
from app.questionnaires import active_questionnaire

# Strategy 100 (stage "top"), services 0 (stage "start"), overall (2*100 + 0) / 3 = 66.7 ("mid").
ANSWERS = {"org_name": "Cámara de Prueba", "country": "CL", "org_type": "sectoral",
           "strategy_plan": "l5", "strategy_budget": "yes", "services_online": ["none"],
           "services_tools": "_na"}

TEXTS = {
    "en": {"overall": "66.7", "stage": "Intermediate", "stage_description": "On the way.",
           "strategy": "Strategy", "services": "Services", "strategy_score": "100.0",
           "services_score": "0.0", "strategy_advice": "Share your experience.",
           "services_advice": "Offer one service online.", "method": "Weighted mean.",
           "heading": "How your score is computed", "strongest": "Strongest dimensions", "score": "Score",
           "not_applicable": "Not applicable"},
    "es": {"overall": "66,7", "stage": "Intermedio", "stage_description": "En camino.",
           "strategy": "Estrategia", "services": "Servicios", "strategy_score": "100,0",
           "services_score": "0,0", "strategy_advice": "Comparta su experiencia.",
           "services_advice": "Ofrezca un servicio en línea.", "method": "Promedio ponderado.",
           "heading": "Cómo se calcula su puntaje", "strongest": "Dimensiones más fuertes",
           "score": "Puntaje",
           "not_applicable": "No aplica"},
}
OTHER_STAGE_ADVICE = ("Write a plan.", "Allocate a budget.", "Widen the offer.", "Measure use.",
                      "Escriba un plan.", "Asigne presupuesto.", "Amplíe la oferta.", "Mida el uso.")


def submitted(app, locale: str = "en", **changes) -> tuple[int, str]:
    """A submitted assessment made through the operations: (id, private token). Each step opens
    its own app context, as requests do, so no request sees another's cached locale on `g`."""
    with app.app_context():
        questionnaire = active_questionnaire()
        assessment, token = start_assessment(questionnaire, locale)
        save_answers(assessment, questionnaire, {**ANSWERS, **changes})
        submit_assessment(assessment, questionnaire)
        return assessment.id, token


def count_assessments(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Assessment))


def page(client, token: str, **headers) -> str:
    response = client.get(f"/results/{token}", headers=headers)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# -- the page -------------------------------------------------------------------------------------
@pytest.mark.parametrize("locale", ["en", "es"])
def test_page_shows_scores_stage_and_stage_specific_advice_in_the_assessment_language(
        app, client, locale):
    _, token = submitted(app, locale)
    html = page(client, token)
    text = TEXTS[locale]
    assert f'<html lang="{locale}">' in html
    assert f'<span class="overall-value">{text["overall"]}</span>' in html
    for key in ("stage", "stage_description", "strategy", "services", "strategy_advice",
                "services_advice", "method", "heading", "strongest", "not_applicable"):
        assert text[key] in html, key
    assert f'<td class="number" data-label="{text["score"]}">{text["strategy_score"]}</td>' in html
    assert f'<td class="number" data-label="{text["score"]}">{text["services_score"]}</td>' in html
    assert not any(advice in html for advice in OTHER_STAGE_ADVICE)
    assert "Cámara de Prueba" in html


def test_summary_names_the_priority_leading_to_its_advice_and_the_rule(app, client):
    _, token = submitted(app, "en")
    html = page(client, token)
    summary = html.split('id="summary"')[1].split("</section>")[0]
    strongest = html.split('<ul class="strongest">')[1].split("</ul>")[0]
    priorities = summary.split('<ol class="priorities">')[1].split("</ol>")[0]
    assert "Strategy" in strongest and "Services" not in strongest
    # Strategy is at the highest stage: only Services (0, next stage at 40) is a priority.
    assert '<a href="#rec-services">Services</a>' in priorities and "Strategy" not in priorities
    assert "40.0 points to reach Intermediate (adds 13.3 to your overall score)" in priorities
    assert "The next stage, Advanced, starts at 75 points: 8.3 more than your overall score" in summary
    assert '<a href="#priority-rule">How priorities are chosen</a>' in summary
    assert 'id="priority-rule">How priorities are chosen: the dimensions where the next stage' in html
    assert 'id="rec-services"' in html
    recommendations = html.split('id="recommendations"')[1]
    assert recommendations.index("Offer one service online.") < recommendations.index(
        "Share your experience.")  # priority order, not the questionnaire's


def test_the_assessment_language_wins_over_the_browser_and_the_visitor_choice_over_both(app, client):
    _, token = submitted(app, "es")
    assert TEXTS["es"]["heading"] in page(client, token, **{"Accept-Language": "en"})
    with client.session_transaction() as session:
        session["locale"] = "en"
    assert TEXTS["en"]["heading"] in page(client, token, **{"Accept-Language": "es"})


def test_contributions_explain_each_question_and_the_answers_are_listed_once(app, client):
    _, token = submitted(app, "en")
    html = page(client, token)
    assert "<details" in html and "how each question counted" in html
    assert '<a href="#answer-strategy_plan">' in html and 'id="answer-strategy_plan"' in html
    assert html.count("Plan with indicators") == 1  # the answer, in the appendix only
    assert "33.3 of 33.3" in html  # strategy_plan: weight 1 of 3, best answer
    assert "66.7 of 66.7" in html  # strategy_budget: weight 2 of 3
    assert "Not counted" in html  # services_tools answered not applicable
    assert "The questionnaire has 7 questions. 3 of them describe your organization" in html
    appendix = html.split('id="answers-heading"')[1]
    for label in ("Plan with indicators", "None of these", "Chile", "Sectoral chamber"):
        assert label in appendix


def test_hostile_organization_name_is_escaped(app, client):
    _, token = submitted(app, "en", org_name="<script>alert(1)</script>")
    html = page(client, token)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_page_has_no_inline_script_or_style_and_links_its_own_files(app, client):
    _, token = submitted(app, "en")
    html = page(client, token)
    assert "style=" not in html and "<script>" not in html
    assert "/static/results.css" in html and "/static/results.js" in html
    assert "data-print" in html and "Print command" in html


@pytest.mark.parametrize(("accept", "title"), [("en", "Results not found"),
                                               ("es", "Resultados no encontrados")])
def test_wrong_token_gives_a_friendly_404_in_the_browser_language(app, client, accept, title):
    submitted(app, "en")
    for url in ("/results/not-a-token", "/results/not-a-token/chart/radar.svg",
                "/results/not-a-token/download.csv"):
        response = client.get(url, headers={"Accept-Language": accept})
        assert response.status_code == 404
        assert title in response.get_data(as_text=True)


def draft_token(app) -> str:
    """A draft with every answer given but not submitted."""
    with app.app_context():
        questionnaire = active_questionnaire()
        assessment, token = start_assessment(questionnaire, "en")
        save_answers(assessment, questionnaire, ANSWERS)
        return token


def test_a_draft_link_shows_no_scores(app, client):
    token = draft_token(app)
    response = client.get(f"/results/{token}")
    body = response.get_data(as_text=True)
    if response.status_code in (302, 303):
        assert response.headers["Location"].endswith(f"/resume/{token}")
    else:
        assert response.status_code == 200 and "not been submitted yet" in body
    assert "66.7" not in body and "overall-value" not in body
    for suffix in ("chart/radar.svg", "report.pdf", "download.csv", "download.json"):
        assert client.get(f"/results/{token}/{suffix}").status_code == 404


def test_peer_comparison_hook_gets_the_assessment_and_may_leave_its_section_out(
        app, client, monkeypatch):
    assessment_id, token = submitted(app, "es")
    calls = []

    def compare(found, questionnaire, locale, group=None):
        calls.append((found.id, questionnaire.key, locale, group))

    monkeypatch.setitem(app.extensions, "peer_comparison", compare)
    assert 'id="peers"' not in page(client, token)
    assert calls == [(assessment_id, "example-v1", "es", None)]
    monkeypatch.delitem(app.extensions, "peer_comparison")
    html = page(client, token)
    assert 'id="peers"' not in html and TEXTS["es"]["heading"] in html


# -- charts ---------------------------------------------------------------------------------------
def test_two_dimensions_and_no_previous_assessment_need_no_chart(app, client):
    _, token = submitted(app, "en")
    html = page(client, token)
    assert "chart/radar.svg" not in html and "chart/progress.svg" not in html
    assert client.get(f"/results/{token}/chart/radar.svg").status_code == 404


# -- downloads ------------------------------------------------------------------------------------
def test_csv_download_is_safe_for_spreadsheets(app, client):
    _, token = submitted(app, "en", org_name='=HYPERLINK("http://x")')
    response = client.get(f"/results/{token}/download.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and disposition.endswith('.csv"')
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["section", "id", "label", "value"]
    cells = {(row[0], row[1]): row[3] for row in rows[1:]}
    assert cells[("profile", "org_name")] == "'=HYPERLINK(\"http://x\")"
    assert cells[("score", "overall")] == "66.7"
    assert cells[("dimension", "strategy")] == "100.0"
    assert cells[("answer", "services_tools")] == "Not applicable"
    assert "score,overall,Overall score,66.7\r\n" in text  # a number, not a quoted string


def test_json_download_matches_the_scores(app, client):
    assessment_id, token = submitted(app, "es")
    response = client.get(f"/results/{token}/download.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    document = json.loads(response.data)
    assert document["questionnaire"] == {"id": "example", "version": 1}
    assert document["locale"] == "es" and document["stage"] == "mid"
    with app.app_context():
        assessment = db.session.get(Assessment, assessment_id)
        assert document["overall"] == pytest.approx(assessment.overall_score)
        assert document["dimensions"] == pytest.approx(
            {d.dimension_id: d.score for d in assessment.dimension_scores})
    assert document["answers"]["services_online"] == ["none"]
    assert document["organization"]["name"] == "Cámara de Prueba"
    assert document["submitted_at"].endswith("+00:00")


# -- starting again -------------------------------------------------------------------------------
def test_start_again_prefills_a_draft_and_its_results_show_the_change(app, client):
    first_id, token = submitted(app, "en")
    response = client.post(f"/results/{token}/again")
    assert response.status_code == 303
    assert response.headers["Location"] == "/survey/strategy"
    with client.session_transaction() as session:
        draft_id = session["assessment_id"]
    with app.app_context():
        draft, first = db.session.get(Assessment, draft_id), db.session.get(Assessment, first_id)
        assert draft.id != first.id and draft.previous_id == first.id and not draft.is_submitted
        assert draft.answer_values() == first.answer_values()
        questionnaire = active_questionnaire()
        save_answers(draft, questionnaire, {"services_online": ["training", "advice", "events"],
                                            "strategy_budget": "partial"})
        submit_assessment(draft, questionnaire)
        new_token = draft.issue_token()
        db.session.commit()
    html = page(client, new_token)
    # Strategy 100 -> 66.7, services 0 -> 100, overall 66.7 -> (2 * 66.7 + 100) / 3 = 77.8.
    assert "+100.0" in html and "(up since last time)" in html
    assert f"/results/{new_token}/chart/progress.svg?lang=en" in html
    progress = client.get(f"/results/{new_token}/chart/progress.svg?lang=en")
    assert progress.status_code == 200 and progress.mimetype == "image/svg+xml"
    assert b"<script" not in progress.data and "Previous assessment (" in progress.get_data(as_text=True)
    assert "-33.3" in html and "(down since last time)" in html
    assert "+11.1" in html
    assert "Changes compare this assessment with your previous one" in html


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_start_again_needs_the_form_token(app, client):
    _, token = submitted(app, "en")
    before = count_assessments(app)
    assert client.post(f"/results/{token}/again").status_code == 400
    assert count_assessments(app) == before
    html = page(client, token)
    assert 'name="csrf_token"' in html


def test_start_again_refuses_a_draft(app, client):
    token = draft_token(app)
    before = count_assessments(app)
    assert client.post(f"/results/{token}/again").status_code == 404
    assert count_assessments(app) == before


class TestThreeDimensions:
    """With three or more dimensions the page also draws a radar chart."""

    @pytest.fixture
    def questionnaire_dir(self, tmp_path):
        source = Path(__file__).parent / "data"
        document = yaml.safe_load((source / "example-v1.yaml").read_text(encoding="utf-8"))
        document["dimensions"].append({"id": "data", "weight": 1, "title": {"es": "Datos", "en": "Data"},
                                       "description": {"es": "Datos.", "en": "Data."}})
        plan = next(q for q in document["questions"] if q["id"] == "strategy_plan")
        document["questions"].append({**plan, "id": "data_plan", "dimension": "data"})
        document["recommendations"]["data"] = {
            stage["id"]: {"es": f"Datos {stage['id']}.", "en": f"Data {stage['id']}."}
            for stage in document["stages"]}
        (tmp_path / "example-v1.yaml").write_text(yaml.safe_dump(document, allow_unicode=True),
                                                  encoding="utf-8")
        shutil.copy(source / "regions.yaml", tmp_path / "regions.yaml")
        return tmp_path

    def test_radar_chart_is_an_svg_with_real_text_drawn_once(self, app, client, monkeypatch):
        clear_cache()
        results_charts.clear_known()
        kind, draw = results_charts.DRAW["radar"]
        drawn = []

        def counting(spec):
            drawn.append(spec)
            return draw(spec)

        monkeypatch.setitem(results_charts.DRAW, "radar", (kind, counting))
        _, token = submitted(app, "es", data_plan="l2")
        html = page(client, token)
        assert f"/results/{token}/chart/radar.svg?lang=es" in html
        assert 'alt="Gráfico de radar de su puntaje por dimensión' in html and "3. Datos: 25,0" in html
        assert "Datos start." in html
        url = f"/results/{token}/chart/radar.svg?lang=es"
        first, second = client.get(url), client.get(url)
        assert first.status_code == 200 and first.mimetype == "image/svg+xml"
        assert first.data == second.data and len(drawn) == 1
        text = first.get_data(as_text=True)
        assert "<text" in text and "<script" not in text  # real text, no script
        assert "private" in first.headers["Cache-Control"]
        assert "default-src 'self'" in first.headers["Content-Security-Policy"]
        assert first.headers["X-Content-Type-Options"] == "nosniff"
        not_modified = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
        assert not_modified.status_code == 304 and not_modified.data == b""


class TestCriticalGaps:
    """A critical single answer brings its own advice, on the page and in the summary, whatever
    the dimension's stage (tests/data/report: the example with critical answers)."""

    @pytest.fixture
    def questionnaire_dir(self):
        return Path(__file__).parent / "data" / "report"

    def test_critical_answers_lead_their_dimension_and_the_summary_counts_them(self, app, client):
        _, token = submitted(app, "en", strategy_budget="no", data_backup="no",
                             services_online=["training", "advice", "events"])
        html = page(client, token)
        summary = html.split('id="summary"')[1].split("</section>")[0]
        assert "2 critical gaps" in summary and 'href="#critical-data_backup"' in summary
        data = html.split('id="rec-data"')[1].split('class="recommendation"')[0]
        assert "Critical gap:" in data and "Make a weekly off-site backup." in data
        assert 'id="critical-strategy_budget"' in html
        services = html.split('id="rec-services"')[1].split('class="recommendation"')[0]
        assert "Critical gap:" not in services  # services reach the highest stage: no gap there
