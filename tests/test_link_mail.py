"""The private link by e-mail: a respondent types an address on a survey page, a real SMTP server
receives the message in the assessment's language, and the link in it opens the answers in
another browser. The address is kept only when reminders are asked for, and they can be stopped."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import OutgoingMessage, ReminderSubscription
from tests.factories import complete_answers, fill_profile, html, open_private_link
from tests.mailbox import links_in, text_of

CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                        r'name="csrf_token" value="([^"]+)"')
REQUEST_ID = re.compile(r'name="request_id" type="hidden" value="([^"]+)"')


@pytest.fixture
def app_config(mailbox):
    return mailbox.config()


@pytest.fixture
def questionnaire(detached_questionnaire):
    return detached_questionnaire  # several browsers per test



def start(client, questionnaire, language="es"):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = fill_profile(client, questionnaire, complete_answers(questionnaire, "Cámara Sur"))
    assert response.status_code == 303
    return response.location


def send_link(client, address="ana@example.org", next_path="/survey/strategy", **extra):
    return client.post("/survey/link/email", data={"email": address, "next": next_path, **extra})


def test_every_survey_page_offers_to_email_the_link(app, client, questionnaire):
    page = start(client, questionnaire)
    shown = html(client.get(page))
    assert 'action="/survey/link/email"' in shown
    assert 'id="link-mail-email"' in shown and 'type="email"' in shown
    assert 'id="link-mail-email"' in html(client.get("/survey/review"))


def test_the_emailed_link_opens_the_answers_in_another_browser(app, client, questionnaire,
                                                               mailbox):
    start(client, questionnaire, "es")
    response = send_link(client)
    assert response.status_code == 303 and response.location == "/survey/strategy"
    assert "va en camino a ana@example.org" in html(client.get(response.location))

    message = mailbox.wait_for(1)[0]
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == "Su enlace privado al autodiagnóstico de madurez digital"
    body = text_of(message)
    assert "Mantenga este enlace en privado" in body and "abre sus respuestas" in body.lower()
    [link] = links_in(message)
    assert "/resume/" in link

    other_browser = app.test_client()
    opened = open_private_link(other_browser, link.replace("http://localhost", ""))
    assert opened.status_code == 303
    assert "Cámara Sur" in html(other_browser.get("/survey/profile"))


def test_the_message_is_in_the_assessments_language(app, client, questionnaire, mailbox):
    start(client, questionnaire, "en")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"  # the browser's language changes nothing
    assert send_link(client).status_code == 303
    message = mailbox.wait_for(1)[0]
    assert message["Subject"] == "Your private link to the digital maturity self-assessment"
    assert "Keep this link private" in text_of(message)


def test_without_reminders_the_address_is_not_kept(app, client, questionnaire, mailbox):
    start(client, questionnaire)
    send_link(client, "ana@example.org")
    assert mailbox.wait_for(1)
    with app.app_context():
        stored = [m.recipient for m in db.session.query(OutgoingMessage)]
        assert stored == ["…@example.org"]
        assert db.session.query(ReminderSubscription).count() == 0
        assert "ana@example.org" not in db.session.query(OutgoingMessage).one().body_text


def test_reminders_keep_the_address_until_stopped_from_the_link_in_the_message(
        app, client, questionnaire, mailbox):
    start(client, questionnaire)
    send_link(client, "ana@example.org", reminders="y")
    message = mailbox.wait_for(1)[0]
    resume, stop = links_in(message)
    assert "/resume/" in resume and "/reminders/stop/" in stop
    with app.app_context():
        subscription = db.session.query(ReminderSubscription).one()
        assert subscription.address == "ana@example.org" and subscription.active
        assert db.session.query(OutgoingMessage).one().recipient == "ana@example.org"

    visitor = app.test_client()
    path = stop.replace("http://localhost", "")
    confirm = visitor.get(path)  # opening the link (a mail scanner does) stops nothing
    assert confirm.status_code == 200 and "¿Detener los recordatorios?" in html(confirm)
    with app.app_context():
        assert db.session.query(ReminderSubscription).one().active
    done = visitor.post(path)
    assert done.status_code == 200 and "Recordatorios detenidos" in html(done)
    with app.app_context():
        assert not db.session.query(ReminderSubscription).one().active
    assert visitor.get(path[:-3] + "xyz").status_code == 404


@pytest.mark.parametrize("address", ["ana", "ana@", "ana@example", "ana @example.org",
                                     "a" * 250 + "@example.org", ""])
def test_a_bad_address_gets_a_clear_message_in_the_respondents_language(
        app, client, questionnaire, mailbox, address):
    start(client, questionnaire)
    response = send_link(client, address)
    assert response.status_code == 422
    page = html(response)
    assert "Escriba una dirección de correo electrónico válida" in page
    assert 'aria-invalid="true"' in page
    if address and len(address) < 100:
        assert f'value="{address}"' in page
    with app.app_context():
        assert db.session.query(OutgoingMessage).count() == 0


def test_a_double_click_sends_one_message(app, client, questionnaire, mailbox):
    page = start(client, questionnaire)
    request_id = REQUEST_ID.search(html(client.get(page))).group(1)
    send_link(client, request_id=request_id)
    send_link(client, request_id=request_id)
    assert len(mailbox.wait_for(2, timeout=1)) == 1


def test_without_an_assessment_nothing_is_sent(app, client, mailbox):
    response = send_link(client)
    assert response.status_code == 303 and response.location == "/"
    assert mailbox.messages == []


def test_the_form_never_sends_the_browser_to_another_site(app, client, questionnaire, mailbox):
    start(client, questionnaire)
    assert send_link(client, next_path="https://evil.example/").location == "/"


class TestLimits:
    @pytest.fixture
    def app_config(self, mailbox):
        return {**mailbox.config(), "RATELIMIT_ENABLED": True}

    def test_three_an_hour_per_address(self, app, client, questionnaire, mailbox):
        start(client, questionnaire)
        for _ in range(3):
            assert send_link(client, "ana@example.org").status_code == 303
        blocked = send_link(client, "ANA@example.org ")
        assert blocked.status_code == 429
        assert "Retry-After" in blocked.headers
        assert len(mailbox.wait_for(4, timeout=1)) == 3

    def test_five_an_hour_per_assessment(self, app, client, questionnaire, mailbox):
        start(client, questionnaire)
        for index in range(5):
            assert send_link(client, f"person{index}@example.org").status_code == 303
        assert send_link(client, "another@example.org").status_code == 429
        other = app.test_client()  # another respondent is not held back by this one
        start(other, questionnaire)
        assert send_link(other, "another@example.org").status_code == 303


class TestCsrf:
    @pytest.fixture
    def app_config(self, mailbox):
        return {**mailbox.config(), "WTF_CSRF_ENABLED": True}

    def test_without_the_forms_token_nothing_is_sent_and_the_address_is_kept(
            self, app, client, questionnaire, mailbox):
        page = html(client.get("/survey/profile"))
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        fill_profile(client, questionnaire, complete_answers(questionnaire), csrf_token=token)
        with client.session_transaction() as session:
            assert "assessment_id" in session
        refused = send_link(client, "ana@example.org")
        assert refused.status_code == 400
        assert 'value="ana@example.org"' in html(refused)
        assert mailbox.messages == []
        fresh = CSRF_FIELD.search(html(refused))
        accepted = send_link(client, "ana@example.org", csrf_token=fresh.group(1) or fresh.group(2))
        assert accepted.status_code == 303
        assert len(mailbox.wait_for(1)) == 1
