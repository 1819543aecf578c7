"""Each assessment keeps the profile it was submitted with (issue 11): a later draft of the same
organization (`POST /results/<token>/again` and a profile save) changes nothing that a submitted
assessment shows: its staff page, its export row, its results page and its peer groups."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import func, select

from app.benchmark.selection import Selection
from app.extensions import db
from app.models import Assessment, Organization
from app.questionnaires import active_questionnaire
from tests.factories import fill_everything, fill_profile, html, session_assessment, staff_client

EN = {"Accept-Language": "en"}
FIRST = {"org_name": "Cámara Uno", "country": "CL", "org_type": "sectoral", "strategy_plan": "l3",
         "strategy_budget": "partial", "services_online": ["training"]}
MOVED = {**FIRST, "org_name": "Otro Nombre", "country": "HN", "org_type": "confederation"}


def wide_rows(analyst) -> list[dict]:
    text = analyst.get("/staff/export?kind=wide").data.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def peers_in(**profile) -> int:
    questionnaire = active_questionnaire()
    selection = Selection(questionnaire.id, questionnaire.version, **profile)
    return db.session.scalar(select(func.count()).select_from(Assessment)
                             .where(*selection.peer_conditions()))


@pytest.fixture
def submitted_then_redrafted(app, client):
    """A respondent submits, starts again from the results page and changes the profile."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    with app.app_context():
        questionnaire = active_questionnaire()
    fill_everything(client, questionnaire, FIRST)
    results = client.post("/survey/submit").location
    with app.app_context():
        first_id = session_assessment(app, client).id
        from app.operations.trust import decide
        from tests.factories import make_user
        assert decide(first_id, "verify", make_user(app, "checker@example.org"))
    again = client.post(f"{results}/again")
    assert again.status_code == 303
    response = fill_profile(client, questionnaire, MOVED)
    assert response.status_code == 303
    with app.app_context():
        draft = session_assessment(app, client)
        assert draft.id != first_id and not draft.is_submitted
    return first_id, results


def test_a_later_draft_never_changes_the_submitted_profile(app, client, submitted_then_redrafted):
    first_id, results = submitted_then_redrafted
    analyst = staff_client(app, "analyst")
    page = html(analyst.get(f"/staff/assessments/{first_id}", headers=EN))
    assert "Cámara Uno" in page and "Otro Nombre" not in page
    row = next(r for r in wide_rows(analyst) if r["assessment_id"] == str(first_id))
    assert (row["organization_name"], row["organization_country"], row["organization_type"],
            row["region"]) == ("Cámara Uno", "CL", "sectoral", "southern_cone")
    assert "Cámara Uno" in html(client.get(results, headers=EN))
    with app.app_context():
        assert peers_in(country="CL") == 1 and peers_in(country="HN") == 0
        assert peers_in(org_type="sectoral") == 1
        # The organization row holds the latest submitted profile, untouched by the draft.
        first = db.session.get(Assessment, first_id)
        organization = db.session.get(Organization, first.organization_id)
        assert (organization.name, organization.country) == ("Cámara Uno", "CL")


def test_the_new_profile_counts_once_the_new_assessment_is_submitted(app, client,
                                                                      submitted_then_redrafted):
    first_id, _results = submitted_then_redrafted
    with app.app_context():
        questionnaire = active_questionnaire()
    for dimension in questionnaire.dimensions:
        from tests.factories import page_data
        client.post(f"/survey/{dimension.id}", data=page_data(questionnaire, dimension.id, MOVED,
                                                              direction="next"))
    assert client.post("/survey/submit").status_code == 303
    with app.app_context():
        second = session_assessment(app, client)
        first = db.session.get(Assessment, first_id)
        assert (first.name, first.country) == ("Cámara Uno", "CL")
        assert (second.name, second.country) == ("Otro Nombre", "HN")
        organization = db.session.get(Organization, first.organization_id)
        assert (organization.name, organization.country) == ("Otro Nombre", "HN")
