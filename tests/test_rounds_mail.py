"""A round's invitations and reminders by e-mail, through a real SMTP server: each message is
recorded, goes out once however often (or however fast) its button is pressed, is in the
invitation's language, and carries a link only while nobody has started from the invitation."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Invitation, OutgoingMessage
from tests.factories import html
from tests.mailbox import links_in, text_of
from tests.test_account_races import at_once
from tests.test_rounds import add_organization, create_round, invitation_id


@pytest.fixture
def app_config(mailbox):
    return mailbox.config()


@pytest.fixture
def analyst(app):
    from tests.factories import staff_client

    client = staff_client(app, "analyst")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def send(client, round_id, invitation, kind="round_invitation", nonce="nonce-00000001"):
    return client.post(f"/staff/rounds/{round_id}/invitations/{invitation}/send",
                       data={"kind": kind, "request_id": nonce})


def local(link: str) -> str:
    return link.replace("http://localhost", "")


def test_the_invitation_goes_out_once_in_its_language_with_a_working_link(app, analyst, mailbox):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    invitation = invitation_id(app)
    assert send(analyst, round_id, invitation).status_code == 303
    assert send(analyst, round_id, invitation).status_code == 303  # the double click
    [message] = mailbox.wait_for(1)
    assert message["To"] == "ana@example.org"
    assert message["Subject"] == ("Invitación: autodiagnóstico de madurez digital, "
                                  "Ronda Centroamérica 2026")
    assert "Hola, Ana:" in text_of(message)
    [link] = links_in(message)
    assert "/invitation/" in link
    html_part = message.get_body(preferencelist=("html",)).get_content()
    assert f'<a href="{link}">' in html_part and "Hola, Ana:" in html_part
    respondent = app.test_client()
    assert "Cámara de Honduras" in html(respondent.get(local(link)))
    assert respondent.post(local(link)).status_code == 303
    with app.app_context():
        stored = db.session.scalar(select(OutgoingMessage))
        assert (stored.kind, stored.subject_kind, stored.subject_id) == (
            "round_invitation", "invitation", invitation)
        assert stored.secrets is None and link not in stored.body_text
        assert db.session.scalar(select(Invitation.invited_at)) is not None
    page = html(analyst.get(f"/staff/rounds/{round_id}"))
    assert "Invitation to a round: sent" in page


def test_a_double_click_sent_in_parallel_sends_once(app, analyst, mailbox):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    invitation = invitation_id(app)
    clients = [analyst] + [app.test_client() for _ in range(3)]
    from tests.factories import sign_in

    for client in clients[1:]:
        sign_in(client, "analyst@example.org")
    answers = at_once(*(lambda c=c: send(c, round_id, invitation, nonce="same-nonce-1")
                        for c in clients))
    assert all(a.status_code == 303 for a in answers)
    with app.app_context():
        assert db.session.scalar(select(func.count(OutgoingMessage.id))) == 1
    assert len(mailbox.wait_for(1)) == 1


def test_reminders_are_new_messages_and_keep_a_started_organizations_link(app, analyst, mailbox):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    invitation = invitation_id(app)
    send(analyst, round_id, invitation)
    [first] = mailbox.wait_for(1)
    [link] = links_in(first)
    respondent = app.test_client()
    respondent.post(local(link))  # started: its link must keep working
    assert send(analyst, round_id, invitation, "round_reminder", "nonce-reminder-1").status_code == 303
    assert send(analyst, round_id, invitation, "round_reminder", "nonce-reminder-1").status_code == 303
    reminder = mailbox.wait_for(2)[1]
    assert reminder["Subject"].startswith("Recordatorio")
    assert links_in(reminder) == [] and "el enlace que usó" in text_of(reminder)
    assert app.test_client().post(local(link)).status_code == 303
    send(analyst, round_id, invitation, "round_reminder", "nonce-reminder-2")
    assert len(mailbox.wait_for(3)) == 3
    with app.app_context():
        assert db.session.scalar(select(func.count(OutgoingMessage.id))) == 3


def test_a_reminder_before_anyone_started_carries_a_link_that_replaces_the_first(
        app, analyst, mailbox):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    invitation = invitation_id(app)
    send(analyst, round_id, invitation)
    send(analyst, round_id, invitation, "round_reminder", "nonce-reminder-9")
    first, reminder = mailbox.wait_for(2)
    [old], [new] = links_in(first), links_in(reminder)
    assert old != new and "reemplaza" in text_of(reminder)
    assert app.test_client().get(local(old)).status_code == 404
    assert app.test_client().get(local(new)).status_code == 200


def test_sending_to_everyone_skips_who_needs_nothing(app, analyst, mailbox):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    add_organization(analyst, round_id, name="Sin correo", contact_email="")
    response = analyst.post(f"/staff/rounds/{round_id}/send",
                            data={"kind": "round_invitation", "request_id": "bulk-nonce-1"})
    assert response.status_code == 303
    page = html(analyst.get(response.location))
    assert "1 message is on its way" in page and "without a contact e-mail" in page
    assert len(mailbox.wait_for(1)) == 1
    analyst.post(f"/staff/rounds/{round_id}/send",
                 data={"kind": "round_invitation", "request_id": "bulk-nonce-2"})
    with app.app_context():  # the first is invited now; the second has no address
        assert db.session.scalar(select(func.count(OutgoingMessage.id))) == 1
    assert analyst.post(f"/staff/rounds/{round_id}/send",
                        data={"kind": "nonsense", "request_id": "x" * 10}).status_code == 400
