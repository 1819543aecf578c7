"""The staff queue of results waiting for a decision (issue 11): what it lists and the signs it
shows, verify and exclude (recorded with who, when and why, once, even in parallel), and where the
decision shows: the assessment's page, the exports and the respondent's own results page."""

from __future__ import annotations

import csv
import io
import threading

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Assessment, StaffUser, Trust
from app.operations.trust import decide
from app.questionnaires import active_questionnaire
from tests.factories import (
    fill_everything,
    html,
    make_user,
    session_assessment,
    staff_client,
    submitted,
)

EN = {"Accept-Language": "en"}
ANSWERS = {"org_name": "Cámara Abierta", "country": "CL", "org_type": "sectoral",
           "strategy_plan": "l3", "strategy_budget": "partial", "services_online": ["training"]}


def open_submission(app, address="203.0.113.7", **answers):
    """A respondent's submission through the pages, from `address`; (assessment id, results)."""
    client = app.test_client()
    client.environ_base.update(HTTP_ACCEPT_LANGUAGE="en", REMOTE_ADDR=address)
    with app.app_context():
        questionnaire = active_questionnaire()
    fill_everything(client, questionnaire, {**ANSWERS, **answers})
    results = client.post("/survey/submit").location
    client.get(results)
    with app.app_context():
        return session_assessment(app, client).id, client, results


def wide(analyst) -> dict[str, dict]:
    text = analyst.get("/staff/export?kind=wide").data.decode("utf-8")[1:]
    return {row["assessment_id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}


@pytest.fixture
def analyst(app):
    client = staff_client(app, "analyst")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def test_the_queue_lists_pending_results_newest_first_with_signs(app, analyst):
    first, *_ = open_submission(app, org_name="Cámara Abierta")
    second, *_ = open_submission(app, org_name="Otra Cámara")
    third, *_ = open_submission(app, address="198.51.100.9", org_name="cámara abierta ")
    page = html(analyst.get("/staff/trust", headers=EN))
    assert "3 results wait for a decision." in page
    positions = [page.index(f"#{i}\n") for i in (third, second, first)]
    assert positions == sorted(positions), "not newest first"
    assert page.count("1 other submission was started from the same address") == 2
    assert "No other submission was started from the same address." in page  # the third
    assert "Another organization has submitted under the same name:" in page  # first and third
    assert "Sectoral chamber" in page and "Chile" in page and "Overall" in page
    assert "Completed in" in page


def test_verify_records_who_and_when_once_and_the_result_joins_the_statistics(app, analyst):
    assessment_id, respondent, results = open_submission(app)
    assert "not yet part of the peer statistics" in html(respondent.get(results))
    assert wide(analyst)[str(assessment_id)]["trust"] == "pending"
    response = analyst.post(f"/staff/assessments/{assessment_id}/verify",
                            data={"next": "/staff/trust"})
    assert response.status_code == 303 and response.location == "/staff/trust"
    again = analyst.post(f"/staff/assessments/{assessment_id}/verify", follow_redirects=True)
    assert "had already been decided" in html(again)
    with app.app_context():
        stored = db.session.get(Assessment, assessment_id)
        assert stored.trust == Trust.TRUSTED and stored.trust_decided_at is not None
        assert stored.trust_decided_by.email == "analyst@example.org"
    page = html(analyst.get(f"/staff/assessments/{assessment_id}", headers=EN))
    assert "Verified by analyst@example.org on" in page
    row = wide(analyst)[str(assessment_id)]
    assert row["trust"] == "trusted" and row["trust_decided_at"].startswith("20")
    assert "not yet part of the peer statistics" not in html(respondent.get(results))
    assert "No result waits for a decision." in html(analyst.get("/staff/trust", headers=EN))


def test_exclude_needs_a_reason_and_records_it(app, analyst):
    assessment_id, respondent, results = open_submission(app)
    refused = analyst.post(f"/staff/assessments/{assessment_id}/exclude", data={"reason": "  "},
                           follow_redirects=True, headers=EN)
    assert "Not excluded: Say why the result is excluded." in html(refused)
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).trust == Trust.PENDING
    analyst.post(f"/staff/assessments/{assessment_id}/exclude",
                 data={"reason": "Five copies from one address in a minute"})
    page = html(analyst.get(f"/staff/assessments/{assessment_id}", headers=EN))
    assert "Excluded by analyst@example.org" in page
    assert "Five copies from one address in a minute" in page
    assert wide(analyst)[str(assessment_id)]["trust"] == "excluded"
    assert "not part of the peer statistics" in html(respondent.get(results))
    # A decided result is never decided again, whichever way.
    analyst.post(f"/staff/assessments/{assessment_id}/verify")
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).trust == Trust.EXCLUDED


def test_parallel_verifications_record_one_decision(app):
    assessment_id, *_ = open_submission(app)
    users = [make_user(app, f"staff{n}@example.org") for n in range(8)]
    barrier = threading.Barrier(len(users), timeout=30)
    recorded, errors = [], []

    def verify(user_id):
        try:
            with app.app_context():
                barrier.wait()
                if decide(assessment_id, "verify", user_id):
                    recorded.append(user_id)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=verify, args=(u,)) for u in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors and len(recorded) == 1
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).trust_decided_by_id == recorded[0]


@pytest.mark.parametrize("app_config", [{"WTF_CSRF_ENABLED": True}])
def test_a_decision_without_its_form_token_is_refused_and_changes_nothing(app):
    with app.app_context():  # stored directly: the pages would need their form tokens too
        assessment_id = submitted(trust=Trust.PENDING).id
    client = app.test_client()
    make_user(app, "csrf@example.org")
    login = client.get("/staff/login").get_data(as_text=True)
    token = login.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    client.post("/staff/login", data={"email": "csrf@example.org",
                                      "password": "a long enough password", "csrf_token": token})
    assert client.post(f"/staff/assessments/{assessment_id}/verify").status_code == 400
    with app.app_context():
        assert db.session.get(Assessment, assessment_id).trust == Trust.PENDING
        assert db.session.scalar(select(StaffUser.id).where(StaffUser.email == "csrf@example.org"))


OLD_FIXED = ["assessment_id", "organization_id", "organization_name", "organization_country",
             "region", "organization_type", "organization_scope", "organization_members_band",
             "organization_staff_band", "organization_sme_share_band", "source", "status",
             "locale", "created_at", "submitted_at", "questionnaire_id", "questionnaire_version",
             "previous_id", "is_latest", "overall_score", "stage"]


def test_the_trust_columns_follow_every_existing_fixed_column_and_are_in_the_codebook(app, analyst):
    open_submission(app)
    header = analyst.get("/staff/export?kind=wide").data.decode("utf-8")[1:].splitlines()[0]
    columns = header.split(",")
    assert columns[:len(OLD_FIXED) + 2] == [*OLD_FIXED, "trust", "trust_decided_at"]
    # then the round's (issue 15), then the scores
    assert columns[len(OLD_FIXED) + 2:len(OLD_FIXED) + 4] == ["round_id", "round_name"]
    assert columns[len(OLD_FIXED) + 4].startswith("score__")
    text = analyst.get("/staff/export?kind=codebook").data.decode("utf-8")[1:]
    book = {row["column"]: row for row in csv.DictReader(io.StringIO(text, newline=""))
            if row["file"] == "wide"}
    assert "pending = Pending: waits for staff to verify it" in book["trust"]["values_en"]
    assert "submitted with" in book["organization_country"]["text_en"]
    assert "tal como se dio con este diagnóstico" in book["organization_type"]["text_es"]
    labels = analyst.get("/staff/export?kind=wide&values=labels&lang=es").data.decode("utf-8")
    assert "Pendiente: espera que el equipo lo verifique" in labels
