"""The peer comparison on the results page and its chart, through the client."""

import pytest

from app.benchmark.comparison import peer_comparison
from app.benchmark.routes import chart_spec
from app.charts import clear_cache
from app.operations.assessment import find_by_token
from app.questionnaires import active_questionnaire
from tests.factories import add_peers, results_token


def chilean_peers(app, count, source="respondent"):
    with app.app_context():
        add_peers(count, step=3.0, country="CL", org_type="sectoral", members_band=None,
                  source=source)


@pytest.fixture(autouse=True)
def fresh_charts():
    clear_cache()


def test_page_names_the_group_shows_the_table_and_hides_individual_scores(client, app):
    chilean_peers(app, 6)
    token = results_token(app)
    page = client.get(f"/results/{token}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Compared with your peers" in page
    assert "You are compared with 6 organizations in the Southern Cone, your own organization" in page
    assert "More comparable groups (the same type of organization in your region; the same type" in page
    assert "Your percentile rank" in page and "Lowest – highest" not in page  # 6 < 2K: no min/max
    assert "The lowest and highest scores are not shown" in page
    assert "Sample data" not in page
    assert f"/results/{token}/chart/peers.svg?lang=en" in page
    summary = page.split('id="summary"')[1].split("</section>")[0]
    assert "higher than that of" in summary and "6 organizations in the Southern Cone" in summary


def test_page_in_spanish(client, app):
    chilean_peers(app, 6)
    token = results_token(app, locale="es")
    page = client.get(f"/results/{token}").get_data(as_text=True)
    assert "Comparación con sus pares" in page


def test_sample_profiles_are_labelled_on_the_page_and_in_the_chart(client, app):
    chilean_peers(app, 6, source="sample")
    token = results_token(app)
    page = client.get(f"/results/{token}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Sample data." in page and "illustrative sample profiles" in page
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assessment = find_by_token(token)
        spec = chart_spec(peer_comparison(assessment, active_questionnaire(), "en"))
    assert "sample data" in spec["note"]


def test_too_few_peers_says_so_and_serves_no_chart(client, app):
    chilean_peers(app, 4)
    token = results_token(app)
    with app.app_context():
        app.config["BENCHMARK_SAMPLES"] = "never"
    page = client.get(f"/results/{token}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Not enough organizations like yours" in page
    assert "peers.svg" not in page
    assert client.get(f"/results/{token}/chart/peers.svg").status_code == 404


def test_reference_practices_name_their_source(client, app):
    token = results_token(app)
    page = client.get(f"/results/{token}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Asociación Nacional de Empresarios de Colombia (ANDI)" in page
    assert 'href="https://andi.com.co/' in page


def test_chart_is_an_svg_for_a_submitted_assessment_only(client, app):
    chilean_peers(app, 6)
    token = results_token(app)
    response = client.get(f"/results/{token}/chart/peers.svg?lang=es")
    assert response.status_code == 200 and response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data and b"<script" not in response.data
    assert "Mediana de los pares" in response.get_data(as_text=True)  # real text, in Spanish
    assert "private" in response.headers["Cache-Control"]
    assert client.get("/results/not-a-token/chart/peers.svg").status_code == 404
    draft = results_token(app, submit=False)
    assert client.get(f"/results/{draft}/chart/peers.svg").status_code == 404


def test_the_chosen_group_is_in_the_url_and_an_ineligible_one_falls_back_with_a_note(client, app):
    chilean_peers(app, 6)
    token = results_token(app)
    page = client.get(f"/results/{token}?group=all", headers={"Accept-Language": "en"}).get_data(
        as_text=True)
    assert "You are compared with 6 organizations across Latin America and the Caribbean" in page
    assert f"/results/{token}/chart/peers.svg?lang=en&amp;group=all" in page
    assert f'href="/results/{token}?group=region#peers"' in page  # switch back, without script
    assert f"/results/{token}/report.pdf?group=all&amp;lang=en" in page
    fallback = client.get(f"/results/{token}?group=type", headers={"Accept-Language": "en"})
    assert fallback.status_code == 200
    text = fallback.get_data(as_text=True)
    assert "The peer group in this link cannot be shown now" in text
    assert "You are compared with 6 organizations in the Southern Cone" in text
