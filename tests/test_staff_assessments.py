"""The assessments list (search, filters, pages) and an assessment's detail page."""

import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import Organization, Source
from app.operations.assessment import start_reassessment
from app.questionnaires import active_questionnaire
from tests.factories import staff_client, submitted

EN = {"Accept-Language": "en"}


@pytest.fixture
def analyst(app):
    return staff_client(app, "analyst")


def _names(page: str) -> list[str]:
    import re

    return [name for name in re.findall(r'/staff/assessments/\d+">([^<]+)</a>', page)
            if not name.isdigit()]


def test_search_is_case_insensitive_and_wildcards_are_literal(app, analyst):
    with app.app_context():
        for name in ("Cámara de Comercio", "CAMARA NACIONAL", "Unión 100%", "Unión 1000",
                     "Foo_bar", "Fooxbar"):
            submitted(org_name=name)
    assert set(_names(analyst.get("/staff/assessments?q=camara", headers=EN).get_data(
        as_text=True))) == {"CAMARA NACIONAL"}
    assert _names(analyst.get("/staff/assessments?q=100%25", headers=EN).get_data(
        as_text=True)) == ["Unión 100%"]
    assert _names(analyst.get("/staff/assessments?q=foo_", headers=EN).get_data(
        as_text=True)) == ["Foo_bar"]


def test_status_and_sample_filters(app, analyst):
    with app.app_context():
        submitted(org_name="Draft org", submit=False)
        submitted(org_name="Done org")
        submitted(org_name="Sample org", source=Source.SAMPLE)
    drafts = analyst.get("/staff/assessments?status=draft", headers=EN).get_data(as_text=True)
    assert _names(drafts) == ["Draft org"]
    everything = analyst.get("/staff/assessments", headers=EN).get_data(as_text=True)
    assert "Sample org" not in everything
    with_samples = analyst.get("/staff/assessments?sample=1", headers=EN).get_data(as_text=True)
    assert "Sample org" in with_samples and 'class="badge sample"' in with_samples


def _ids(page: str) -> list[int]:
    import re

    return [int(i) for i in re.findall(r'<td class="number"><a href="/staff/assessments/(\d+)"', page)]


def test_list_shows_score_stage_and_progress(app, analyst):
    with app.app_context():
        assessment = submitted(org_name="Scored org")
        score = f"{assessment.overall_score:.1f}"
        submitted(org_name="Half done", submit=False, strategy_budget=None, services_online=None)
    page = analyst.get("/staff/assessments", headers=EN).get_data(as_text=True)
    row = page.split("Scored org")[1].split("</tr>")[0]
    assert f">{score}<" in row and "100%" in row
    assert "Intermediate" in row or "Basic" in row or "Advanced" in row or "Initial" in row
    draft = page.split("Half done")[1].split("</tr>")[0]
    assert "%" in draft and "100%" not in draft  # some required questions still open


def test_list_sorts_by_each_column_server_side(app, analyst):
    with app.app_context():
        low = submitted(org_name="Bajo", strategy_plan="l1").id
        high = submitted(org_name="Alto", strategy_plan="l5").id
        draft = submitted(org_name="Borrador", submit=False, strategy_budget=None).id
    by_score = _ids(analyst.get("/staff/assessments?sort=-score", headers=EN).get_data(as_text=True))
    assert by_score == [high, low, draft]  # blank scores last
    assert _ids(analyst.get("/staff/assessments?sort=score", headers=EN).get_data(
        as_text=True)) == [low, high, draft]
    by_name = _ids(analyst.get("/staff/assessments?sort=name", headers=EN).get_data(as_text=True))
    assert by_name == [high, low, draft]  # Alto, Bajo, Borrador
    by_progress = _ids(analyst.get("/staff/assessments?sort=progress", headers=EN).get_data(
        as_text=True))
    assert by_progress[0] == draft
    page = analyst.get("/staff/assessments?sort=-score&country=CL", headers=EN).get_data(as_text=True)
    assert 'aria-sort="descending"' in page
    assert "sort=score" in page  # the heading links to the other direction, filters kept
    assert "country=CL" in page.split('aria-sort="descending"')[1].split("</th>")[0]


def test_sort_by_stage_follows_the_questionnaire_order(app, analyst, questionnaire):
    with app.app_context():
        ids = [submitted(org_name=f"Org {level}", strategy_plan=level).id
               for level in ("l5", "l1", "l3")]
    found = _ids(analyst.get("/staff/assessments?sort=stage", headers=EN).get_data(as_text=True))
    with app.app_context():
        from app.extensions import db
        from app.models import Assessment

        order = [s.id for s in questionnaire.stages]
        stages = {i: db.session.get(Assessment, i).stage for i in ids}
    assert [order.index(stages[i]) for i in found] == sorted(order.index(stages[i]) for i in ids)


@pytest.mark.parametrize("sort", ["drop table", "-", "--score", "score;", "x" * 500, "%00", "id,name"])
def test_any_sort_value_opens_the_list_in_its_default_order(app, analyst, sort):
    with app.app_context():
        first = submitted(org_name="Uno").id
        second = submitted(org_name="Dos").id
    response = analyst.get("/staff/assessments", query_string={"sort": sort}, headers=EN)
    assert response.status_code == 200
    assert _ids(response.get_data(as_text=True)) == [second, first]


def test_pages_keep_the_sort_and_the_filters(app, analyst):
    with app.app_context():
        for index in range(52):
            submitted(org_name=f"Bulk {index:02d}", submit=False)
    page = analyst.get("/staff/assessments?sort=name&status=draft", headers=EN).get_data(as_text=True)
    link = page.split('rel="next" href="')[1].split('"')[0]
    assert "sort=name" in link and "status=draft" in link and "page=2" in link
    second = analyst.get(link.replace("&amp;", "&"), headers=EN).get_data(as_text=True)
    assert _names(second) == ["Bulk 50", "Bulk 51"]


@pytest.mark.parametrize("number", ["-1", "0", "abc", "99999999999999999999", "3", "1e3", ""])
def test_any_page_number_is_clamped(app, analyst, number):
    with app.app_context():
        for index in range(3):
            submitted(org_name=f"Org {index}")
    response = analyst.get(f"/staff/assessments?page={number}", headers=EN)
    assert response.status_code == 200
    assert "Org 0" in response.get_data(as_text=True)


def test_pages_of_fifty(app, analyst):
    with app.app_context():
        for index in range(55):
            submitted(org_name=f"Bulk {index:02d}", submit=False)
    page_one = analyst.get("/staff/assessments", headers=EN).get_data(as_text=True)
    assert len(_names(page_one)) == 50 and "Page 1 of 2" in page_one
    page_two = analyst.get("/staff/assessments?page=2", headers=EN).get_data(as_text=True)
    assert len(_names(page_two)) == 5


def test_detail_shows_labelled_answers_scores_and_history(app, analyst):
    with app.app_context():
        first = submitted(org_name="Cámara Uno", services_tools={"crm": "in_use", "esign": "planned"},
                          strategy_budget="_na")
        second, _token = start_reassessment(first, active_questionnaire(), "en")
        first_id, second_id = first.id, second.id
    page = analyst.get(f"/staff/assessments/{first_id}", headers=EN).get_data(as_text=True)
    assert "Written plan" in page  # l3, labelled in English
    assert "CRM: In use" in page and "E-signature: Planned" in page
    assert "not applicable" in page
    assert "Training" in page
    assert "Overall" in page
    assert f'/staff/assessments/{second_id}"' in page  # the later re-assessment
    later = analyst.get(f"/staff/assessments/{second_id}", headers=EN).get_data(as_text=True)
    assert f"retakes #{first_id}" in later


def test_detail_of_a_sample_says_so(app, analyst):
    with app.app_context():
        sample_id = submitted(source=Source.SAMPLE).id
    page = analyst.get(f"/staff/assessments/{sample_id}", headers=EN).get_data(as_text=True)
    assert "not the results of a real organization" in page


def test_missing_assessment_is_404(analyst):
    assert analyst.get("/staff/assessments/999999").status_code == 404


def test_organization_name_is_escaped_in_pages(app, analyst):
    with app.app_context():
        assessment = submitted(org_name="<script>alert(1)</script>")
        db.session.execute(update(Organization).where(
            Organization.id == assessment.organization_id).values(name="<script>alert(1)</script>"))
        db.session.commit()
        assessment_id = assessment.id
    for url in ("/staff/assessments", f"/staff/assessments/{assessment_id}"):
        page = analyst.get(url, headers=EN).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
