"""After submitting: the read-only share link, targets for next time, the newer results link, and
the re-assessment's "new copy" notice on every survey page, through the client."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assessment, DimensionTarget, Organization, ShareLink, Source
from app.models.assessment import hash_token
from app.operations.assessment import save_answers, start_assessment, submit_assessment
from app.questionnaires import active_questionnaire
from tests.factories import html, results_token

SHARED = re.compile(r"/shared/([A-Za-z0-9_-]{20,})")


def share(client, token) -> str:
    response = client.post(f"/results/{token}/share")
    assert response.status_code == 303 and response.headers["Location"].endswith("#share")
    return SHARED.search(html(client.get(f"/results/{token}"))).group(1)


# -- the read-only share link --------------------------------------------------------------------
def test_share_link_shows_the_report_and_pdf_only(app, client):
    token = results_token(app)
    shared = share(client, token)
    page = html(client.get(f"/shared/{shared}", headers={"Accept-Language": "en"}))
    assert "Digital maturity results" in page and 'id="summary"' in page and 'id="answers"' in page
    assert "A read-only copy of this organization’s report" in page
    assert f"/shared/{shared}/report.pdf" in page
    for private in (token, "/again", "download.csv", "download.json", "share/revoke", 'id="share"',
                    'id="targets"', "/targets",
                    "/resume/", "Start a new assessment", "Bookmark this page"):
        assert private not in page, private
    other = app.test_client()  # a board member's browser: no session at all
    assert other.get(f"/shared/{shared}").status_code == 200
    assert other.get(f"/resume/{shared}").status_code == 404  # never opens the answers
    assert other.get(f"/results/{shared}").status_code == 404
    assert other.post(f"/shared/{shared}/again").status_code in (404, 405)


def test_the_share_token_is_stored_hashed_and_a_new_link_replaces_the_old(app, client):
    token = results_token(app)
    first = share(client, token)
    second = share(client, token)
    assert first != second
    with app.app_context():
        hashes = db.session.scalars(select(ShareLink.token_hash)).all()
    assert hashes == [hash_token(second)]
    assert client.get(f"/shared/{first}").status_code == 404
    assert client.get(f"/shared/{second}").status_code == 200


def test_revoking_stops_the_link(app, client):
    token = results_token(app)
    shared = share(client, token)
    response = client.post(f"/results/{token}/share/revoke")
    assert response.status_code == 303
    assert client.get(f"/shared/{shared}").status_code == 404
    assert client.get(f"/shared/{shared}/chart/peers.svg").status_code == 404
    page = html(client.get(f"/results/{token}", headers={"Accept-Language": "en"}))
    assert "/shared/" not in page and "Create a read-only link" in page


def test_another_browser_with_the_private_link_sees_that_a_link_exists_not_the_link(app, client):
    token = results_token(app)
    shared = share(client, token)
    page = html(app.test_client().get(f"/results/{token}", headers={"Accept-Language": "en"}))
    assert shared not in page and "A read-only link was created on" in page


def test_a_draft_cannot_be_shared(app, client):
    token = results_token(app, submit=False)
    assert client.post(f"/results/{token}/share").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShareLink)) == 0


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_sharing_and_targets_need_the_form_token(app, client):
    token = results_token(app)
    assert client.post(f"/results/{token}/share").status_code == 400
    assert client.post(f"/results/{token}/targets", data={"target-strategy": "50"}).status_code == 400
    page = html(client.get(f"/results/{token}"))
    assert page.count('name="csrf_token"') >= 4  # targets, again, share (and the language switch)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShareLink)) == 0


def test_two_clicks_at_once_leave_one_link(app):
    token = results_token(app)
    barrier, codes = threading.Barrier(2), []

    def click():
        barrier.wait()
        codes.append(app.test_client().post(f"/results/{token}/share").status_code)

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert codes == [303, 303]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ShareLink)) == 1


# -- targets --------------------------------------------------------------------------------------
def test_targets_are_saved_and_shown_again(app, client):
    token = results_token(app)
    response = client.post(f"/results/{token}/targets",
                           data={"target-strategy": "72,5", "target-services": " 40 "})
    assert response.status_code == 303 and response.headers["Location"].endswith("#targets")
    with app.app_context():
        saved = {t.dimension_id: t.score for t in db.session.scalars(select(DimensionTarget))}
    assert saved == {"strategy": 72.5, "services": 40.0}
    page = html(client.get(f"/results/{token}", headers={"Accept-Language": "en"}))
    assert 'name="target-strategy" value="72.5"' in page


@pytest.mark.parametrize(("value", "message"), [("abc", "Write a number"),
                                                ("150", "Write a score from 0 to 100"),
                                                ("-1", "Write a score from 0 to 100"),
                                                ("nan", "Write a score from 0 to 100")])
def test_a_wrong_target_is_explained_and_nothing_is_saved(app, client, value, message):
    token = results_token(app)
    response = client.post(f"/results/{token}/targets",
                           data={"target-strategy": "60", "target-services": value},
                           headers={"Accept-Language": "en"})
    assert response.status_code == 422
    page = html(response)
    assert message in page and 'aria-invalid="true"' in page
    assert f'value="{value}"' in page  # what was typed is kept
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(DimensionTarget)) == 0


def reassess(app, client, token, changes) -> str:
    """Start again from `token` in this browser, change answers, submit; the new private token."""
    response = client.post(f"/results/{token}/again")
    assert response.status_code == 303
    with client.session_transaction() as session:
        draft_id, new_token = session["assessment_id"], session["resume_token"]
    with app.app_context():
        draft = db.session.get(Assessment, draft_id)
        questionnaire = active_questionnaire()
        save_answers(draft, questionnaire, changes)
        submit_assessment(draft, questionnaire)
    return new_token


def test_the_next_report_shows_progress_against_the_targets(app, client):
    token = results_token(app)  # strategy 50, services 50
    client.post(f"/results/{token}/targets", data={"target-strategy": "60", "target-services": "90"})
    new_token = reassess(app, client, token, {"strategy_plan": "l5", "strategy_budget": "yes"})
    page = html(client.get(f"/results/{new_token}", headers={"Accept-Language": "en"}))
    assert "Your target" in page
    table = page.split('class="scores stack"')[1].split("</table>")[0]
    assert "60.0" in table and "reached" in table  # strategy 100 >= 60
    assert "90.0" in table and "40.0 to go" in table  # services 50 < 90


# -- newer results, and the new copy ---------------------------------------------------------------
def test_the_older_report_links_to_the_newer_one_only_for_its_own_browser(app, client):
    token = results_token(app)
    new_token = reassess(app, client, token, {"strategy_plan": "l5"})
    old_page = html(client.get(f"/results/{token}", headers={"Accept-Language": "en"}))
    assert "A newer assessment of this organization was submitted on" in old_page
    assert new_token not in old_page
    own = client.get(f"/results/{token}/newer")
    assert own.status_code == 303 and own.headers["Location"] == f"/results/{new_token}"
    stranger = app.test_client().get(f"/results/{token}/newer", headers={"Accept-Language": "en"})
    assert stranger.status_code == 200
    assert "open with their own private link" in html(stranger) and new_token not in html(stranger)


def test_the_shared_older_report_does_not_point_to_the_newer_one(app, client):
    token = results_token(app)
    shared = share(client, token)
    reassess(app, client, token, {"strategy_plan": "l5"})
    assert "newer" not in html(client.get(f"/shared/{shared}")).lower()


def test_every_page_of_a_reassessment_draft_says_it_is_a_new_copy(app, client):
    token = results_token(app)
    client.post(f"/results/{token}/again")
    with app.app_context():
        steps = [d.id for d in active_questionnaire().dimensions]
    for url in ["/survey/profile", *(f"/survey/{step}" for step in steps),
                "/survey/review"]:
        page = html(client.get(url, headers={"Accept-Language": "en"}))
        assert "This is a new assessment, prefilled with the answers of your assessment of" in page, url
    fresh = app.test_client()
    assert "This is a new assessment" not in html(fresh.get("/survey/profile"))


class TestAcrossVersions:
    """A re-assessment on version 2 of a version-1 result: only the dimensions the crosswalk pairs
    compare, the overall score never does, and the page says so plainly."""

    @pytest.fixture
    def app_config(self):
        return {"ACTIVE_QUESTIONNAIRE": "example-v1"}  # the reference profiles have no Portuguese

    @pytest.fixture
    def questionnaire_dir(self, tmp_path):
        import shutil

        import yaml

        data = Path(__file__).parent / "data"
        shutil.copy(data / "example-v1.yaml", tmp_path / "example-v1.yaml")
        document = yaml.safe_load((data / "validation" / "example-v2.yaml").read_text("utf-8"))
        document["crosswalk"]["dimensions"] = [{"to": "strategy", "from": "strategy"}]
        (tmp_path / "example-v2.yaml").write_text(yaml.safe_dump(document, allow_unicode=True),
                                                  encoding="utf-8")
        shutil.copy(data / "validation" / "regions.yaml", tmp_path / "regions.yaml")
        return tmp_path

    def test_the_report_compares_only_what_both_versions_measure(self, app, client):
        from app.operations.assessment import store_submitted
        from app.questionnaires import library

        with app.app_context():
            v1, v2 = library().get("example", 1), library().get("example", 2)
            older = store_submitted(Organization(name="Cámara"), v1,
                                    {"strategy_plan": "l1", "strategy_budget": "no",
                                     "services_online": ["none"]}, Source.RESPONDENT)
            db.session.commit()
            assessment, token = start_assessment(v2, "en", older.organization, previous=older)
            save_answers(assessment, v2, {"country": "AR", "strategy_plan": "measured",
                                          "strategy_budget": "yes", "services_online": ["training"],
                                          "services_tools": {"crm": "in_use",
                                                             "signature": "in_use"}})
            submit_assessment(assessment, v2)
        page = html(client.get(f"/results/{token}", headers={"Accept-Language": "en"}))
        assert "only the dimensions both versions measure alike are compared" in page
        assert "Not compared: Services." in page
        assert "overall scores cannot be compared" in page
        assert "Change since your previous assessment" not in page
        table = page.split('class="scores stack"')[1].split("</table>")[0]
        assert "+100.0" in table and "not compared" in table
        progress = client.get(f"/results/{token}/chart/progress.svg?lang=en")
        assert progress.status_code == 200
        assert "Strategy" in progress.get_data(as_text=True)
        assert "Services" not in progress.get_data(as_text=True)


def test_the_share_token_never_reaches_a_log():
    from app.logging import redact

    assert redact("GET /shared/abc-DEF_1/report.pdf HTTP/1.1") == "GET /shared/…/report.pdf HTTP/1.1"
