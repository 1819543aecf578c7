"""A programme round on the production set-up (issue 18): two app instances without state of their
own, one PostgreSQL database, one job worker on Redis and a real SMTP server. Staff upload 50
organizations on one instance and press "send to all" on both (a double click that lands on two
instances behind a load balancer); every organization gets its invitation exactly once, and
invited respondents who move between the instances mid-way lose nothing."""

from __future__ import annotations

import threading
import time
from datetime import date
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from sqlalchemy import create_engine, text

from tests.factories import PASSWORD
from tests.mailbox import links_in
from tests.servers import EXAMPLE_DIR, Respondent, forms_on, prepare_database, running, server_config
from tests.workers import Workers

pytestmark = pytest.mark.slow

ORGANIZATIONS = 50
MOVING_RESPONDENTS = 6
STAFF_EMAIL = "coordinacion@example.org"


def add_staff_member(database_url: str) -> None:
    from app import create_app
    from app.extensions import db
    from app.operations.accounts import create_account
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=database_url,
                     QUESTIONNAIRE_DIR=str(EXAMPLE_DIR))
    with app.app_context():
        create_account(STAFF_EMAIL, PASSWORD, "analyst")
        db.engine.dispose()


def post_form(session: requests.Session, page: requests.Response, action_ends: str,
              data: dict | None = None, files=None) -> requests.Response:
    """Send the page's form whose action ends with `action_ends`, its hidden fields included."""
    [(form, action)] = [(f, urljoin(page.url, f.action)) for f in forms_on(page.text)
                        if f.method == "post"
                        and urlsplit(urljoin(page.url, f.action)).path.endswith(action_ends)]
    fields = dict(form.hidden_only())
    fields.update(data or {})
    return session.post(action, data=fields, files=files, timeout=60)


def sign_in(base_url: str) -> requests.Session:
    staff = requests.Session()
    staff.headers["Accept-Language"] = "en"
    page = staff.get(f"{base_url}/staff/login", timeout=30)
    signed_in = post_form(staff, page, "/staff/login",
                          {"email": STAFF_EMAIL, "password": PASSWORD})
    assert signed_in.status_code == 200 and "/staff/login" not in signed_in.url
    return staff


def organization_list() -> bytes:
    rows = ["name,country,type,contact name,contact e-mail"]
    rows += [f"Cámara de ejemplo {n:02d},HN,sectoral,Contacto {n},contacto{n:02d}@example.org"
             for n in range(1, ORGANIZATIONS + 1)]
    return ("\r\n".join(rows) + "\r\n").encode("utf-8")


def count(database_url: str, sql: str) -> int:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar_one()
    finally:
        engine.dispose()


def test_a_round_of_fifty_is_invited_once_each_and_respondents_move_between_instances(
        postgres_schema_url, tmp_path, mailbox, redis_url, queue_name):
    prepare_database(postgres_schema_url, EXAMPLE_DIR)
    add_staff_member(postgres_schema_url)
    config = server_config(postgres_schema_url, EXAMPLE_DIR, RATELIMIT_ENABLED=False,
                           REDIS_URL=redis_url, JOBS_QUEUE=queue_name, **mailbox.config())
    workers = Workers(config, tmp_path)
    with running(config, tmp_path, workers=1, threads=4) as a, \
            running(config, tmp_path, workers=1, threads=4) as b:
        try:
            _run_the_round(a, b, workers, mailbox, postgres_schema_url)
        finally:
            workers.stop()


def _run_the_round(a, b, workers, mailbox, database_url) -> None:
    # A staff member creates the round and uploads its list on instance A.
    staff = sign_in(a.url)
    new_round = staff.get(f"{a.url}/staff/rounds/new", timeout=30)
    round_page = post_form(staff, new_round, "/staff/rounds/new", {
        "name": "Ronda de prueba 2026", "version": "example-v1",
        "opens_on": date.today().isoformat(), "closes_on": "", "note": ""})
    assert round_page.status_code == 200 and "/staff/rounds/" in round_page.url
    listed = post_form(staff, round_page, "/list",
                       files={"file": ("lista.csv", organization_list(), "text/csv")})
    assert listed.status_code == 200, listed.text[:2000]
    round_path = urlsplit(listed.url).path

    # "Send to all", pressed twice: once on each instance, at the same moment, same form.
    [send_form] = [f for f in forms_on(listed.text) if f.method == "post"
                   and urlsplit(urljoin(listed.url, f.action)).path == f"{round_path}/send"
                   and dict(f.hidden_only()).get("kind") == "round_invitation"]
    fields = dict(send_form.hidden_only())
    answers = []

    def press(base_url: str) -> None:
        answers.append(staff.post(base_url + f"{round_path}/send", data=fields, timeout=120,
                                  allow_redirects=False).status_code)

    presses = [threading.Thread(target=press, args=(base,)) for base in (a.url, b.url)]
    for thread in presses:
        thread.start()
    for thread in presses:
        thread.join()
    assert answers == [303, 303]
    assert count(database_url, "SELECT count(*) FROM outgoing_message") == ORGANIZATIONS

    # One worker sends them: exactly one message to each organization, none twice.
    workers.start(1)
    delivered = mailbox.wait_for(ORGANIZATIONS, timeout=120)
    time.sleep(2)  # a duplicate would arrive now
    delivered = list(mailbox.messages)
    recipients = sorted(message["To"] for message in delivered)
    assert recipients == sorted(f"contacto{n:02d}@example.org"
                                for n in range(1, ORGANIZATIONS + 1))
    assert count(database_url, "SELECT count(*) FROM outgoing_message WHERE status = 'sent'") \
        == ORGANIZATIONS
    on_b = staff.get(b.url + round_path, timeout=30)
    assert on_b.status_code == 200

    # Invited respondents open their link on A, start on B, answer on both, submit on A.
    links = [links_in(message)[0] for message in delivered[:MOVING_RESPONDENTS]]
    for number, link in enumerate(links):
        respondent = Respondent(a.url, f"Respondent {number}")
        path = urlsplit(link).path
        invitation_page = respondent.request("GET", a.url + path)
        assert invitation_page.status_code == 200
        [start] = [f for f in forms_on(invitation_page.text)
                   if f.method == "post" and f.action.endswith(path)]
        first = respondent.request("POST", b.url + path, data=start.hidden_only())
        assert first.url.startswith(b.url) and "/survey/" in first.url
        second = respondent.answer_page(first)  # saved on B
        on_a = respondent.request("GET", a.url + urlsplit(second.url).path)
        review = respondent.answer_all(on_a)  # the rest saved on A
        results = respondent.submit(respondent.request("GET", b.url + urlsplit(review.url).path))
        assert "/results/" in results.url
        assert not respondent.server_errors()

    # Nothing lost: each invited respondent's assessment is submitted once, trusted, tied to its
    # invitation, with every saved answer.
    assert count(database_url, """
        SELECT count(*) FROM assessment JOIN invitation ON invitation.assessment_id = assessment.id
        WHERE assessment.status = 'submitted' AND assessment.trust = 'trusted'""") \
        == MOVING_RESPONDENTS
    assert count(database_url, "SELECT count(*) FROM assessment") == MOVING_RESPONDENTS
    assert count(database_url, """
        SELECT count(*) FROM assessment WHERE NOT EXISTS (
            SELECT 1 FROM answer WHERE answer.assessment_id = assessment.id)""") == 0
    assert count(database_url, "SELECT count(*) FROM outgoing_message") == ORGANIZATIONS
