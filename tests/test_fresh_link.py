"""Admins issue a fresh private link for an assessment: the old link and every browser that opened
it stop working, the new one is shown once and can be e-mailed (read back from a real SMTP server
and followed); who and when is recorded on the assessment's page. Analysts cannot."""

from __future__ import annotations

import re

import pytest
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import LinkReissue, OutgoingMessage, StaffUser
from app.operations.assessment import start_assessment
from app.operations.private_links import LinkChanged, issue_fresh_link
from app.questionnaires import active_questionnaire
from tests.factories import complete_answers, fill_profile, html, make_user, open_private_link, staff_client
from tests.mailbox import links_in, text_of

NEW_LINK = re.compile(r'<code id="fresh-link">([^<]+)</code>')


@pytest.fixture
def app_config(mailbox):
    return mailbox.config()


@pytest.fixture
def questionnaire(detached_questionnaire):
    return detached_questionnaire  # several browsers per test


@pytest.fixture
def respondent(app, questionnaire):
    """A browser with a draft (its session holds the old link), and that link."""
    browser = app.test_client()
    fill_profile(browser, questionnaire, complete_answers(questionnaire, "Cámara Este"))
    with browser.session_transaction() as session:
        return browser, session["assessment_id"], session["resume_token"]


def path_of(link: str) -> str:
    return link.replace("http://localhost", "")


def test_a_fresh_link_replaces_the_old_one_everywhere(app, respondent, mailbox):
    browser, assessment_id, old_token = respondent
    admin = staff_client(app, "admin")
    response = admin.post(f"/staff/assessments/{assessment_id}/fresh-link", data={"email": ""})
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    new_link = NEW_LINK.search(html(response)).group(1)
    assert old_token not in new_link

    assert app.test_client().get(f"/resume/{old_token}").status_code == 404
    assert browser.get("/survey/strategy").status_code == 302  # the old session lost it too
    fresh_browser = app.test_client()
    assert open_private_link(fresh_browser, path_of(new_link)).status_code == 303
    assert "Cámara Este" in html(fresh_browser.get("/survey/profile"))

    page = html(admin.get(f"/staff/assessments/{assessment_id}"))
    assert "Enlace nuevo emitido el" in page and "por admin@example.org" in page
    assert new_link not in page  # shown once, never again
    assert mailbox.messages == []


def test_the_fresh_link_can_be_emailed_and_followed(app, respondent, mailbox):
    _browser, assessment_id, _old = respondent
    admin = staff_client(app, "admin")
    shown = html(admin.post(f"/staff/assessments/{assessment_id}/fresh-link", data={}))
    new_link = NEW_LINK.search(shown).group(1)
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', shown).group(1)
    response = admin.post(f"/staff/assessments/{assessment_id}/fresh-link/email",
                          data={"email": "coordinacion@example.org", "token": token})
    assert response.status_code == 200
    assert new_link in html(response)  # still on the page that shows it

    message = mailbox.wait_for(1)[0]
    assert message["To"] == "coordinacion@example.org"
    assert "enlace privado nuevo" in text_of(message)  # the assessment's language: Spanish
    assert links_in(message) == [new_link]
    opened = app.test_client()
    assert open_private_link(opened, path_of(new_link)).status_code == 303
    assert "Cámara Este" in html(opened.get("/survey/profile"))
    with app.app_context():
        stored = db.session.query(OutgoingMessage).one()
        assert stored.kind == "fresh_link" and stored.assessment_id == assessment_id
        assert stored.recipient == "coordinacion@example.org"
    assert "coordinacion@example.org" in html(admin.get(f"/staff/assessments/{assessment_id}"))


def test_issuing_and_sending_in_one_step(app, respondent, mailbox):
    _browser, assessment_id, _old = respondent
    admin = staff_client(app, "admin")
    shown = html(admin.post(f"/staff/assessments/{assessment_id}/fresh-link",
                            data={"email": "ana@example.org"}))
    assert links_in(mailbox.wait_for(1)[0]) == [NEW_LINK.search(shown).group(1)]


def test_an_old_link_cannot_be_emailed_through_the_form(app, respondent, mailbox):
    _browser, assessment_id, old_token = respondent
    admin = staff_client(app, "admin")
    admin.post(f"/staff/assessments/{assessment_id}/fresh-link", data={})
    response = admin.post(f"/staff/assessments/{assessment_id}/fresh-link/email",
                          data={"email": "ana@example.org", "token": old_token})
    assert response.status_code == 409
    assert mailbox.messages == []


def test_a_bad_address_issues_nothing(app, respondent):
    _browser, assessment_id, old_token = respondent
    admin = staff_client(app, "admin")
    response = admin.post(f"/staff/assessments/{assessment_id}/fresh-link", data={"email": "ana@"})
    assert response.status_code == 422
    assert app.test_client().get(f"/resume/{old_token}").status_code == 200  # still opens
    with app.app_context():
        assert db.session.query(LinkReissue).count() == 0


def test_only_admins_issue_links(app, respondent):
    _browser, assessment_id, old_token = respondent
    analyst = staff_client(app, "analyst")
    assert analyst.post(f"/staff/assessments/{assessment_id}/fresh-link").status_code == 403
    assert analyst.post(f"/staff/assessments/{assessment_id}/fresh-link/email",
                        data={"email": "a@example.org", "token": old_token}).status_code == 403
    assert "Issue a fresh link" not in html(analyst.get(f"/staff/assessments/{assessment_id}"))
    anonymous = app.test_client()
    assert anonymous.post(f"/staff/assessments/{assessment_id}/fresh-link").status_code == 302
    assert app.test_client().get(f"/resume/{old_token}").status_code == 200  # still opens
    assert staff_client(app, "admin").post("/staff/assessments/999999/fresh-link").status_code == 404


def test_two_admins_at_once_never_both_get_a_link(app):
    """An issue made from a reading of the assessment taken before another admin's issue is
    refused: only one new link exists, and the admin who got none is told."""
    admin_id = make_user(app, "first-admin@example.org", "admin")
    with app.app_context():
        assessment, _token = start_assessment(active_questionnaire(), "es")
        admin = db.session.get(StaffUser, admin_id)
        read_before = assessment.token_hash
        issue_fresh_link(assessment, admin)
        set_committed_value(assessment, "token_hash", read_before)  # the other admin's view
        with pytest.raises(LinkChanged):
            issue_fresh_link(assessment, admin)
        assert db.session.query(LinkReissue).count() == 1
