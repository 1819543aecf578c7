"""One organization's history: every assessment with its scores, change, stage, trust and links."""

import re

from app.models import Trust
from app.operations.assessment import save_answers, start_reassessment, submit_assessment
from app.questionnaires import active_questionnaire
from tests.factories import staff_client, submitted

EN = {"Accept-Language": "en"}


def _history(app):
    """A first result, its re-assessment submitted with a better plan (pending), then a draft."""
    with app.app_context():
        questionnaire = active_questionnaire()
        first = submitted(org_name="Cámara Historia", strategy_plan="l1")
        second, _token = start_reassessment(first, questionnaire, "en")
        save_answers(second, questionnaire, {"strategy_plan": "l5"})
        submit_assessment(second, questionnaire, Trust.PENDING)
        third, _token = start_reassessment(second, questionnaire, "en")
        return (first.organization_id, first.id, second.id, third.id,
                first.overall_score, second.overall_score,
                first.score_snapshot().dimensions["strategy"],
                second.score_snapshot().dimensions["strategy"])


def test_every_assessment_with_scores_change_stage_trust_and_links(app):
    organization, first, second, third, before, after, s_before, s_after = _history(app)
    client = staff_client(app, "analyst")
    page = client.get(f"/staff/organizations/{organization}", headers=EN).get_data(as_text=True)
    assert "History of Cámara Historia" in page
    table = page.split('id="assessments-title"')[1].split("</table>")[0]
    rows = table.split("<tr>")[2:]
    assert [int(re.search(r"/staff/assessments/(\d+)", r)[1]) for r in rows] == [first, second, third]
    assert f"{before:.1f}" in rows[0] and "Trusted" in rows[0]
    assert f"{after:.1f}" in rows[1] and f"+{after - before:.1f}" in rows[1]
    assert f"since #{first}" in rows[1] and "Pending" in rows[1]
    assert "Draft" in rows[2] and f"retakes #{second}" in rows[2]
    dimensions = page.split("Dimension scores:")[1]
    assert f"+{s_after - s_before:.1f}" in dimensions


def test_the_assessment_page_links_to_the_history(app):
    organization, first, *_rest = _history(app)
    client = staff_client(app, "analyst")
    page = client.get(f"/staff/assessments/{first}", headers=EN).get_data(as_text=True)
    assert f'href="/staff/organizations/{organization}"' in page
    listing = client.get("/staff/assessments", headers=EN).get_data(as_text=True)
    assert f'href="/staff/organizations/{organization}"' in listing


def test_an_unknown_organization_is_404_inside_the_staff_layout(app):
    client = staff_client(app, "analyst")
    response = client.get("/staff/organizations/99999", headers=EN)
    assert response.status_code == 404
    assert 'class="staff-nav"' in response.get_data(as_text=True)


def test_history_in_spanish(app):
    organization, *_rest = _history(app)
    client = staff_client(app, "analyst")
    page = client.get(f"/staff/organizations/{organization}",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "Historial de Cámara Historia" in page and "Borrador" in page
