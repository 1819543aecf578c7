"""Who may open which team page: the coordinator (the browser holding the organization's draft)
their team's pages only; a colleague their own answers only, and the team's comparison only once
they have submitted; anyone else nothing (404). Every route, with CSRF on for the forms."""

from __future__ import annotations

import re

import pytest

from tests.factories import complete_answers, fill_profile, html
from tests.team_flow import answer_and_submit, invite, join, start_coordinator

COORDINATOR_GETS = ["/team", "/team/compare"]
COORDINATOR_POSTS = ["/team/invite", "/team/agree", "/team/notes", "/team/own", "/team/back"]


@pytest.fixture
def questionnaire(detached_questionnaire):
    return detached_questionnaire


@pytest.fixture
def team(app, questionnaire):
    """A coordinator, a colleague who has submitted (Sistemas) and one still answering."""
    coordinator = start_coordinator(app, questionnaire, "Cámara Sur")
    it_link, services_link = invite(coordinator, "Sistemas"), invite(coordinator, "Socios")
    it = join(app, it_link)
    answer_and_submit(it, questionnaire, complete_answers(questionnaire, "Cámara Sur"))
    services = join(app, services_link)
    return {"coordinator": coordinator, "it": it, "it_token": it_link.rsplit("/", 1)[1],
            "services": services, "services_token": services_link.rsplit("/", 1)[1]}


@pytest.mark.parametrize("path", COORDINATOR_GETS + ["/team/start"])
def test_a_visitor_without_a_draft_gets_404(app, path):
    assert app.test_client().get(path).status_code == 404


@pytest.mark.parametrize("path", COORDINATOR_POSTS + ["/team/start"])
def test_a_visitor_posting_gets_404(app, path):
    assert app.test_client().post(path, data={"role": "IT", "locale": "en"}).status_code == 404


@pytest.mark.parametrize("path", COORDINATOR_GETS)
def test_a_plain_draft_is_no_team(app, questionnaire, path):
    client = app.test_client()
    fill_profile(client, questionnaire, complete_answers(questionnaire))
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("who", ["it", "services"])
def test_a_colleague_never_reaches_the_coordinators_pages(team, who):
    client = team[who]
    for path in COORDINATOR_GETS + ["/team/start"]:
        assert client.get(path).status_code == 404, path
    for path in COORDINATOR_POSTS + ["/team/start"]:
        assert client.post(path, data={"role": "X", "locale": "en"}).status_code == 404, path


def test_a_colleague_sees_the_team_only_after_submitting(team):
    assert team["it"].get(f"/team/answers/{team['it_token']}/team").status_code == 200
    services = team["services"]
    assert services.get(f"/team/answers/{team['services_token']}/team").status_code == 404
    assert services.get(f"/team/answers/{team['services_token']}").status_code == 303  # to join
    # a colleague's answers open only with their own link, never from another's session
    page = html(services.get("/survey/strategy"))
    assert "Sistemas:" not in page and team["it_token"] not in page


def test_a_colleagues_link_opens_no_report_download_or_share(app, team):
    visitor = app.test_client()
    token = team["it_token"]
    assert visitor.get(f"/results/{token}").status_code == 303  # to their thank-you page
    for path in (f"/results/{token}/report.pdf", f"/results/{token}/download.csv",
                 f"/results/{token}/download.json", f"/results/{token}/chart/radar.svg",
                 f"/results/{token}/chart/peers.svg", f"/results/{token}/newer"):
        assert visitor.get(path).status_code == 404, path
    assert visitor.post(f"/results/{token}/again").status_code == 404


@pytest.mark.parametrize("path", ["/team/join/{t}", "/team/answers/{t}", "/team/answers/{t}/team"])
def test_a_wrong_or_organizations_token_opens_no_member_page(app, team, path):
    visitor = app.test_client()
    assert visitor.get(path.format(t="x" * 43)).status_code == 404
    assert visitor.get(path.format(t=""), follow_redirects=True).status_code == 404
    with team["coordinator"].session_transaction() as session:
        organization_token = session["resume_token"]
    assert visitor.get(path.format(t=organization_token)).status_code == 404
    assert visitor.post("/team/join/" + organization_token).status_code == 404


def test_a_coordinator_of_another_team_sees_only_their_own(app, questionnaire, team):
    other = start_coordinator(app, questionnaire, "Cámara Norte", role="Dirección")
    invite(other, "Finanzas")
    page = html(other.get("/team"))
    assert "Finanzas" in page and "Socios" not in page and "Cámara Sur" not in page
    assert "Sistemas" not in html(other.get("/team/compare"))
    # the other team's colleague links open only that colleague's own answers
    assert other.get(f"/team/answers/{team['services_token']}/team").status_code == 404


def test_the_member_thank_you_page_has_no_peer_comparison(app, team):
    page = html(app.test_client().get(f"/team/answers/{team['it_token']}"))
    assert "Thank you" in page and "peer" not in page.lower() and "score" not in page.lower()


CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


class TestWithCsrf:
    @pytest.fixture
    def app_config(self):
        return {"WTF_CSRF_ENABLED": True}

    def test_every_team_form_needs_its_token(self, app, questionnaire):
        coordinator = app.test_client()
        token = CSRF.search(html(coordinator.get("/survey/profile"))).group(1)
        assert fill_profile(coordinator, questionnaire, complete_answers(questionnaire),
                            csrf_token=token).status_code == 303
        assert coordinator.post("/team/start", data={"role": "IT"}).status_code == 400
        token = CSRF.search(html(coordinator.get("/team/start"))).group(1)
        assert coordinator.post("/team/start", data={"role": "IT", "csrf_token": token}
                                ).status_code == 303
        for path in COORDINATOR_POSTS[:-1]:  # /team/back: nothing to go back to, 400 or 404
            response = coordinator.post(path, data={"role": "Otra", "locale": "en"})
            assert response.status_code == 400, path
        assert "Otra" not in html(coordinator.get("/team"))


def test_a_lost_link_is_replaced_by_the_coordinator_only(app, questionnaire, team):
    from sqlalchemy import select

    from app.extensions import db
    from app.models import TeamMember

    with app.app_context():
        member_id = db.session.scalar(select(TeamMember.id).filter_by(role="Socios"))
    other = start_coordinator(app, questionnaire, "Cámara Norte")
    for client in (app.test_client(), team["it"], team["services"], other):
        assert client.post(f"/team/members/{member_id}/link").status_code == 404
    coordinator = team["coordinator"]
    assert coordinator.post("/team/members/99999/link").status_code == 404
    assert coordinator.post(f"/team/members/{member_id}/link").status_code == 303
    page = html(coordinator.get("/team"))
    fresh = re.search(r"/team/join/([\w-]{40,})", page).group(1)
    assert fresh != team["services_token"]
    visitor = app.test_client()
    assert visitor.get(f"/team/join/{team['services_token']}").status_code == 404  # the old one
    assert visitor.get(f"/team/join/{fresh}").status_code == 200
