"""Answering as a team through the pages: the coordinator starts a team from the draft and invites
colleagues, each answers with their own link and sees nobody else's answers until they submit,
the coordinator sees where the team disagrees and agrees the answers, which are the organization's
one assessment."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Assessment, Source, Team, TeamMember
from tests.factories import complete_answers, html
from tests.team_flow import answer_and_submit, invite, join, start_coordinator


@pytest.fixture
def questionnaire(detached_questionnaire):
    return detached_questionnaire  # several browsers per test


def lower(answers, question_id, value):
    return {**answers, question_id: value}


def test_the_survey_pages_offer_to_answer_as_a_team(app, questionnaire):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    from tests.factories import fill_profile

    fill_profile(client, questionnaire, complete_answers(questionnaire))
    page = html(client.get("/survey/strategy"))
    assert 'href="/team/start"' in page
    assert 'href="/team/start"' in html(client.get("/survey/review"))
    start = client.get("/team/start")
    assert start.status_code == 200 and "Your role in the organization" in html(start)


def test_a_role_is_required_and_at_most_60_characters(app, questionnaire):
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    from tests.factories import fill_profile

    fill_profile(client, questionnaire, complete_answers(questionnaire))
    for role in ("", "   ", "x" * 61):
        response = client.post("/team/start", data={"role": role})
        assert response.status_code == 422
        assert "Please give a role" in html(response)
    coordinator = start_coordinator(app, questionnaire)
    response = coordinator.post("/team/invite", data={"role": "y" * 61, "locale": "en"})
    assert response.status_code == 422 and "Please give a role" in html(response)


def test_the_coordinator_invites_and_sees_each_link_once(app, questionnaire):
    coordinator = start_coordinator(app, questionnaire)
    page = html(coordinator.get("/team"))
    assert "Management" in page and "(you)" in page
    link = invite(coordinator, "IT")
    assert link and link.startswith("/team/join/")
    assert link not in html(coordinator.get("/team"))  # shown once
    with app.app_context():
        member = db.session.scalar(select(TeamMember).filter_by(role="IT"))
        assert member.assessment.source == Source.TEAM_MEMBER.value
        token = link.rsplit("/", 1)[1]
        assert token not in (member.assessment.token_hash or "")  # only the hash is stored
        # the profile comes from the coordinator's draft, so the colleague does not retype it
        assert member.assessment.answer_values()["org_name"] == "Cámara Sur"
        assert member.assessment.name == "Cámara Sur"


def test_a_double_click_invites_once(app, questionnaire):
    coordinator = start_coordinator(app, questionnaire)
    for _ in range(2):
        coordinator.post("/team/invite", data={"role": "IT", "locale": "en",
                                                "request_id": "same-form-id-123"})
    with app.app_context():
        assert db.session.query(TeamMember).filter_by(is_coordinator=False).count() == 1


def test_at_most_eight_colleagues(app, questionnaire):
    coordinator = start_coordinator(app, questionnaire)
    for index in range(8):
        assert invite(coordinator, f"Area {index}")
    response = invite(coordinator, "One too many")
    assert response.status_code == 409
    assert "at most 8 colleagues" in html(response)
    assert "at most 8 colleagues" in html(coordinator.get("/team"))


def test_a_colleague_answers_on_their_own_and_sees_the_team_after_submitting(app, questionnaire):
    coordinator = start_coordinator(app, questionnaire, "Cámara Sur")
    link = invite(coordinator, "Communication")
    colleague = join(app, link)
    page = html(colleague.get("/survey/strategy"))
    assert "You are answering as Communication for the team of Cámara Sur" in page
    # before submitting, nobody else's answers
    token = link.rsplit("/", 1)[1]
    assert colleague.get(f"/team/answers/{token}/team").status_code == 404
    assert colleague.get("/team/compare").status_code == 404
    answer_and_submit(colleague, questionnaire,
                      lower(complete_answers(questionnaire, "Cámara Sur"), "strategy_plan", "l3"))
    thanks = colleague.get(f"/results/{token}", follow_redirects=True)
    text = html(thanks)
    assert "Thank you" in text and "Written plan" in text  # their own answers
    assert "peer" not in text.lower()
    team = html(colleague.get(f"/team/answers/{token}/team"))
    assert "Where the team disagrees" in team and "Communication" in team
    assert 'action="/team/agree"' not in team  # read-only


def test_the_coordinator_sees_the_disagreement_first_and_agrees_the_answers(app, questionnaire):
    coordinator = start_coordinator(app, questionnaire)
    best = complete_answers(questionnaire, "Cámara Sur")
    it = join(app, invite(coordinator, "IT"))
    services = join(app, invite(coordinator, "Services"))
    pending = invite(coordinator, "Finance")  # never answers: does not block
    assert pending
    answer_and_submit(it, questionnaire, best)
    answer_and_submit(services, questionnaire, lower(best, "strategy_plan", "l3"))
    page = html(coordinator.get("/team/compare"))
    assert "Finance" in page and "Still answering" in page
    disputed = page.split('id="disputed-title"')[1].split('id="dimensions-title"')[0]
    assert "Do you have a digital plan?" in disputed
    assert "IT:</strong> Plan with indicators" in disputed
    assert "Services:</strong> Written plan" in disputed
    assert "how far apart: 50% of the scale" in disputed  # two of the four steps
    # the rule of each type, stated in words
    assert "Levels: the team disagrees when two answers are two or more levels apart" in page
    assert "Tables: each row is compared like a level question" in page
    assert "Proposal:</strong> Written plan" in disputed  # the lower middle of l5, l3
    dimensions = page.split('id="dimensions-title"')[1].split('id="all-title"')[0]
    assert "agreed on 1 of 2 questions" in dimensions  # strategy: the budget, not the plan
    assert "IT: 100" in dimensions
    response = coordinator.post("/team/agree")
    assert response.status_code == 303 and response.location == "/survey/review"
    with app.app_context():
        team = db.session.scalar(select(Team))
        assert team.assessment.answer_values()["strategy_plan"] in {"l3", "l4", "l5"}
    notes = coordinator.post("/team/notes", data={"note_strategy_plan": "The budget is not approved yet."})
    assert notes.status_code == 303
    assert "The budget is not approved yet." in html(coordinator.get("/team/compare"))
    assert coordinator.post("/team/notes", data={"note_strategy_plan": "x" * 1001}).status_code == 422


def test_the_comparison_needs_someone_who_submitted(app, questionnaire):
    coordinator = start_coordinator(app, questionnaire)
    page = html(coordinator.get("/team/compare"))
    assert "Nobody has submitted their answers yet" in page
    assert coordinator.post("/team/agree").status_code == 409


def test_the_coordinator_answers_individually_and_comes_back(app, questionnaire):
    coordinator = start_coordinator(app, questionnaire, "Cámara Sur", role="Management")
    response = coordinator.post("/team/own")
    assert response.status_code == 303
    page = html(coordinator.get("/survey/strategy"))
    assert "You are answering as Management for the team of Cámara Sur" in page
    assert 'action="/team/back"' in page
    assert coordinator.get("/team").status_code == 404  # this browser now answers as a member
    back = coordinator.post("/team/back")
    assert back.status_code == 303 and back.location == "/team"
    assert coordinator.get("/team").status_code == 200
    with app.app_context():
        own = db.session.scalar(select(TeamMember).filter_by(is_coordinator=True)).assessment
        organization = db.session.scalar(select(Team)).assessment
        assert own.answer_values() == organization.answer_values()  # a copy of the draft


def test_submitting_the_agreed_answers_gives_the_organizations_report_with_the_team(
        app, questionnaire):
    coordinator = start_coordinator(app, questionnaire)
    best = complete_answers(questionnaire, "Cámara Sur")
    it = join(app, invite(coordinator, "IT"))
    answer_and_submit(it, questionnaire, lower(best, "strategy_plan", "l2"))
    coordinator.post("/team/agree")
    from tests.factories import fill_everything

    fill_everything(coordinator, questionnaire, {**best, "strategy_plan": "l4"})
    coordinator.post("/team/notes", data={"note_strategy_plan": "We settled on a budgeted plan."})
    response = coordinator.post("/survey/submit")
    assert response.status_code == 303 and response.location.startswith("/results/")
    report = html(coordinator.get(response.location))
    assert "How the team agreed" in report
    assert "We settled on a budgeted plan." in report
    with app.app_context():
        organization = db.session.scalar(select(Team)).assessment
        assert organization.is_latest and organization.source == Source.RESPONDENT.value
        members = db.session.scalars(select(Assessment).filter_by(
            source=Source.TEAM_MEMBER.value)).all()
        assert all(not m.is_latest for m in members)
