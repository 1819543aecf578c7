"""Rounds as programme staff run them: a round is created, organizations are added one by one or
from a CSV or Excel list (all rows or none), each gets a personal link that opens an assessment
tied to its organization and round (prefilled, opened twice it continues), the result is trusted,
a closed round refuses submissions until staff reopen it, and only signed-in staff see any of it."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assessment, AssessmentRound, Invitation, Organization, Trust
from app.operations.rounds import new_link
from tests.factories import complete_answers, html, page_data, staff_client
from tests.test_account_races import at_once

LINK = re.compile(r'value="(http://localhost/invitation/[A-Za-z0-9_-]+)"')
TODAY = date.today()


def create_round(client, name="Ronda Centroamérica 2026", closes_on=None, **extra):
    data = {"name": name, "version": "example-v1", "opens_on": TODAY.isoformat(),
            "closes_on": closes_on.isoformat() if closes_on else "", "note": "Taller de junio",
            **extra}
    response = client.post("/staff/rounds/new", data=data)
    assert response.status_code == 303, html(response)[:2000]
    return int(response.location.rsplit("/", 1)[1])


def add_organization(client, round_id, name="Cámara de Honduras", **extra):
    data = {"name": name, "country": "HN", "org_type": "sectoral", "contact_name": "Ana",
            "contact_email": "ana@example.org", "language": "", **extra}
    return client.post(f"/staff/rounds/{round_id}/organizations", data=data)


def invitation_id(app, name="Cámara de Honduras") -> int:
    with app.app_context():
        return db.session.scalar(select(Invitation.id).where(Invitation.name == name))


def fresh_link(client, round_id, invitation) -> str:
    response = client.post(f"/staff/rounds/{round_id}/invitations/{invitation}/link")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    return LINK.search(html(response)).group(1).replace("http://localhost", "")


def upload(client, round_id, content: bytes, name="list.csv"):
    return client.post(f"/staff/rounds/{round_id}/list",
                       data={"file": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


@pytest.fixture
def analyst(app):
    client = staff_client(app, "analyst")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def questionnaire(detached_questionnaire):
    return detached_questionnaire


def test_an_analyst_creates_a_round_and_adds_an_organization(app, analyst):
    round_id = create_round(analyst)
    assert add_organization(analyst, round_id).status_code == 303
    page = html(analyst.get(f"/staff/rounds/{round_id}"))
    assert "Ronda Centroamérica 2026" in page and "Cámara de Honduras" in page
    assert "Not invited yet" in page and "Taller de junio" in page
    assert 'aria-current="page">Rounds' in page
    assert "Ronda Centroamérica 2026" in html(analyst.get("/staff/rounds"))
    again = add_organization(analyst, round_id)
    assert again.status_code == 409 and "already invited" in html(again)
    bad = add_organization(analyst, round_id, name="Otra", country="XX", contact_email="ana@")
    assert bad.status_code == 422
    assert "Not a country of this questionnaire" in html(bad) and "Not an e-mail address" in html(bad)
    with app.app_context():
        assert db.session.scalar(select(func.count(Invitation.id))) == 1
        invitation = db.session.scalar(select(Invitation))
        assert invitation.locale == "es" and invitation.token_hash is None
        assert invitation.organization.name == "Cámara de Honduras"


def test_a_round_form_refuses_bad_dates_with_a_message(app, analyst):
    response = analyst.post("/staff/rounds/new", data={
        "name": "R", "version": "example-v1", "opens_on": "2026-06-30", "closes_on": "2026-06-01"})
    assert response.status_code == 422 and "cannot be before the opening date" in html(response)
    response = analyst.post("/staff/rounds/new", data={
        "name": "R", "version": "example-v1", "opens_on": "junio"})
    assert response.status_code == 422 and "Enter a date as on a calendar" in html(response)


GOOD_LIST = ("name;country;type;contact name;contact e-mail\n"
             "Cámara Norte;HN;Cámara sectorial;Ana;ana@example.org\n"
             "Confederación Sur;Chile;confederation;;\n")


def test_a_list_with_one_bad_row_adds_nothing_and_names_the_row(app, analyst):
    round_id = create_round(analyst)
    bad = GOOD_LIST + "Tercera;Narnia;confederation;Ben;ben@\n"
    response = upload(analyst, round_id, bad.encode("cp1252"))
    assert response.status_code == 422
    page = html(response)
    assert "Nothing was added" in page and "Narnia" in page and "ben@" in page
    assert "<td>4</td>" in page  # the row, counting the header as row 1
    with app.app_context():
        assert db.session.scalar(select(func.count(Invitation.id))) == 0
    response = upload(analyst, round_id, GOOD_LIST.encode())
    assert response.status_code == 303
    with app.app_context():
        found = {i.name: (i.country, i.org_type, i.contact_email)
                 for i in db.session.scalars(select(Invitation))}
    assert found == {"Cámara Norte": ("HN", "sectoral", "ana@example.org"),
                     "Confederación Sur": ("CL", "confederation", None)}
    again = upload(analyst, round_id, GOOD_LIST.encode())
    assert again.status_code == 422 and "already invited to this round" in html(again)


def test_an_excel_list_is_read_too(app, analyst):
    from openpyxl import Workbook

    round_id = create_round(analyst)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nombre", "País", "Tipo", "Contacto", "Correo"])
    sheet.append(["Cámara Excel", "AR", "confederation", "Eva", "eva@example.org"])
    sheet.append([None, None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(analyst, round_id, buffer.getvalue(), "list.xlsx")
    assert response.status_code == 303, html(response)[-3000:]
    with app.app_context():
        assert db.session.scalar(select(Invitation.country)) == "AR"
    broken = upload(analyst, round_id, b"PK\x03\x04 not really a workbook", "list.xlsx")
    assert broken.status_code == 422 and "neither CSV text nor an Excel workbook" in html(broken)


def test_an_invitation_opens_one_prefilled_assessment_tied_to_its_round(app, analyst, questionnaire):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    link = fresh_link(analyst, round_id, invitation_id(app))

    respondent = app.test_client()
    respondent.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = respondent.get(link)
    assert page.status_code == 200 and "Cámara de Honduras" in html(page)
    with app.app_context():
        assert db.session.scalar(select(func.count(Assessment.id))) == 0  # a GET starts nothing
        assert db.session.scalar(select(Invitation.opened_at)) is not None
    started = respondent.post(link)
    assert started.status_code == 303 and started.location == "/survey/profile"
    profile = html(respondent.get("/survey/profile"))
    assert 'value="Cámara de Honduras"' in profile

    other = app.test_client()  # another browser, the same link: the same assessment
    assert other.post(link).status_code == 303
    resume = link.replace("/invitation/", "/resume/")
    third = app.test_client()
    assert third.get(resume).status_code == 200 and third.post(resume).status_code == 303
    with app.app_context():
        [assessment] = db.session.scalars(select(Assessment)).all()
        invitation = db.session.scalar(select(Invitation))
        assert invitation.assessment_id == assessment.id
        assert assessment.organization_id == invitation.organization_id
        assert {a.question_id: a.value for a in assessment.answers} == {
            "org_name": "Cámara de Honduras", "country": "HN", "org_type": "sectoral"}

    answers = complete_answers(questionnaire, "Cámara de Honduras")
    for dimension in questionnaire.dimensions:
        respondent.post(f"/survey/{dimension.id}", data=page_data(
            questionnaire, dimension.id, answers, direction="next"))
    done = respondent.post("/survey/submit")
    assert done.status_code == 303 and "/results/" in done.location
    with app.app_context():
        assert db.session.scalar(select(Assessment.trust)) == Trust.TRUSTED.value
    shown = html(analyst.get(f"/staff/rounds/{round_id}"))
    assert "Submitted" in shown and "100%" in shown
    detail = html(analyst.get(f"/staff/assessments/{assessment.id}"))
    assert f'href="/staff/rounds/{round_id}">Ronda Centroamérica 2026</a>' in detail


def test_opening_an_invitation_in_parallel_makes_one_assessment(app, analyst):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    link = fresh_link(analyst, round_id, invitation_id(app))
    browsers = [app.test_client() for _ in range(6)]
    answers = at_once(*(lambda b=b: b.post(link) for b in browsers))
    assert [a.status_code for a in answers] == [303] * 6
    with app.app_context():
        assert db.session.scalar(select(func.count(Assessment.id))) == 1


def test_a_new_link_replaces_the_old_one_everywhere(app, analyst):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    first = fresh_link(analyst, round_id, invitation_id(app))
    respondent = app.test_client()
    respondent.post(first)
    second = fresh_link(analyst, round_id, invitation_id(app))
    assert respondent.get(first).status_code == 404
    assert "no funciona" in html(respondent.get(first))
    assert app.test_client().get(first.replace("/invitation/", "/resume/")).status_code == 404
    again = app.test_client()
    assert again.post(second).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Assessment.id))) == 1


def test_a_closed_round_refuses_the_submission_keeps_the_answers_and_can_be_reopened(
        app, analyst, questionnaire):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    link = fresh_link(analyst, round_id, invitation_id(app))
    respondent = app.test_client()
    respondent.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    respondent.post(link)
    answers = complete_answers(questionnaire, "Cámara de Honduras")
    for dimension in questionnaire.dimensions:
        respondent.post(f"/survey/{dimension.id}", data=page_data(
            questionnaire, dimension.id, answers, direction="next"))
    with app.app_context():
        found = db.session.get(AssessmentRound, round_id)
        found.opens_on = TODAY - timedelta(days=30)
        found.closes_on = TODAY - timedelta(days=2)
        db.session.commit()
    review = html(respondent.get("/survey/review"))
    assert "«Ronda Centroamérica 2026» cerró el" in review
    assert "La ronda ya no acepta envíos" in review and 'action="/survey/submit"' not in review
    refused = respondent.post("/survey/submit")
    assert refused.status_code == 403
    assert "Esta ronda está cerrada" in html(refused), html(refused)
    with app.app_context():
        assessment = db.session.scalar(select(Assessment))
        assert assessment.status == "draft" and len(assessment.answers) > 3
    assert "Closed" in html(analyst.get(f"/staff/rounds/{round_id}"))
    reopened = analyst.post(f"/staff/rounds/{round_id}/edit", data={
        "name": "Ronda Centroamérica 2026", "opens_on": (TODAY - timedelta(days=30)).isoformat(),
        "closes_on": (TODAY + timedelta(days=7)).isoformat(), "note": ""})
    assert reopened.status_code == 303
    review = html(respondent.get("/survey/review"))
    assert "que acepta envíos hasta el" in review and 'action="/survey/submit"' in review
    assert respondent.post("/survey/submit").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Assessment.status)) == "submitted"


def test_a_closed_round_starts_nothing(app, analyst):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    link = fresh_link(analyst, round_id, invitation_id(app))
    with app.app_context():
        found = db.session.get(AssessmentRound, round_id)
        found.opens_on, found.closes_on = TODAY - timedelta(days=9), TODAY - timedelta(days=2)
        db.session.commit()
    respondent = app.test_client()
    page = respondent.get(link)
    assert page.status_code == 200 and "Start the assessment" not in html(page)
    assert respondent.post(link).status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(Assessment.id))) == 0


def test_an_open_result_is_not_trusted_by_a_round(app, questionnaire):
    from tests.factories import fill_everything

    client = app.test_client()
    fill_everything(client, questionnaire, complete_answers(questionnaire))
    assert client.post("/survey/submit").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Assessment.trust)) == Trust.PENDING.value


ROUTES = [("get", "/staff/rounds"), ("get", "/staff/rounds/new"), ("post", "/staff/rounds/new"),
          ("get", "/staff/rounds/{r}"), ("get", "/staff/rounds/{r}/edit"),
          ("post", "/staff/rounds/{r}/edit"), ("post", "/staff/rounds/{r}/organizations"),
          ("post", "/staff/rounds/{r}/list"), ("post", "/staff/rounds/{r}/send"),
          ("post", "/staff/rounds/{r}/invitations/{i}/send"),
          ("post", "/staff/rounds/{r}/invitations/{i}/link")]


def test_every_rounds_page_needs_a_signed_in_staff_member(app, analyst):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    invitation = invitation_id(app)
    anonymous = app.test_client()
    for method, path in ROUTES:
        response = getattr(anonymous, method)(path.format(r=round_id, i=invitation))
        assert response.status_code in (302, 401, 403), (method, path, response.status_code)
        if response.status_code == 302:
            assert "/staff/login" in response.location
    with app.app_context():
        assert db.session.scalar(select(Invitation.token_hash)) is None
        assert db.session.scalar(select(func.count(AssessmentRound.id))) == 1


def test_a_link_issued_outside_the_pages_still_opens_the_same_assessment(app, analyst):
    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    with app.app_context():
        token = new_link(invitation_id(app), None)
    first, second = app.test_client(), app.test_client()
    first.post(f"/invitation/{token}")
    second.post(f"/invitation/{token}")
    with app.app_context():
        assert db.session.scalar(select(func.count(Organization.id))) == 1
        assert db.session.scalar(select(func.count(Assessment.id))) == 1


def submit_invited(app, questionnaire, invitation: int) -> int:
    """Open the invitation and submit its assessment as the respondent's pages would."""
    from app.operations.assessment import save_answers, submit_assessment
    from app.operations.rounds import open_invitation, submission_trust

    with app.app_context():
        token = new_link(invitation, None)
        assessment = open_invitation(invitation, token, questionnaire, "es")
        save_answers(assessment, questionnaire, complete_answers(questionnaire, "Cámara de Honduras"))
        submit_assessment(assessment, questionnaire, submission_trust(assessment))
        return assessment.id


def test_lists_dashboards_history_and_exports_filter_by_round(app, analyst, questionnaire):
    import csv

    from tests.factories import submitted

    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    add_organization(analyst, round_id, name="Cámara Dos", contact_email="")
    assessment_id = submit_invited(app, questionnaire, invitation_id(app))
    with app.app_context():
        submitted({"org_name": "Abierta sin ronda"})  # an open result, in no round
    listed = html(analyst.get(f"/staff/assessments?round={round_id}"))
    assert "Cámara de Honduras" in listed and "Abierta sin ronda" not in listed
    assert "1 assessment found" in listed and f'<option value="{round_id}" selected' in listed
    everything = html(analyst.get("/staff/assessments"))
    assert "Abierta sin ronda" in everything and "Ronda Centroamérica 2026</a>" in everything
    unknown = html(analyst.get("/staff/assessments?round=999999"))
    assert "not recognised" in unknown and "round" in unknown and "Abierta sin ronda" in unknown
    dashboard = html(analyst.get(f"/staff/?round={round_id}"))
    assert re.search(r"Organizations invited</dt><dd>1<", dashboard)  # a link was issued to one
    export = analyst.get(f"/staff/export?kind=wide&round={round_id}")
    rows = list(csv.DictReader(io.StringIO(export.get_data(as_text=True).lstrip("\ufeff"),
                                           newline="")))
    assert [(r["assessment_id"], r["round_id"], r["round_name"]) for r in rows] == [
        (str(assessment_id), str(round_id), "Ronda Centroamérica 2026")]
    with app.app_context():
        organization_id = db.session.get(Assessment, assessment_id).organization_id
    history = html(analyst.get(f"/staff/organizations/{organization_id}"))
    assert f'/staff/rounds/{round_id}">Ronda Centroamérica 2026' in history


def test_a_fresh_private_link_from_the_assessment_page_moves_the_invitation_link_too(app, analyst):
    from app.operations.private_links import issue_fresh_link
    from app.operations.rounds import find_invitation

    round_id = create_round(analyst)
    add_organization(analyst, round_id)
    link = fresh_link(analyst, round_id, invitation_id(app))
    app.test_client().post(link)
    with app.app_context():
        assessment = db.session.scalar(select(Assessment))
        token = issue_fresh_link(assessment, _AdminStub())
        assert find_invitation(token) is not None
    assert app.test_client().get(link).status_code == 404
    again = app.test_client()
    assert again.post(f"/invitation/{token}").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(Assessment.id))) == 1


class _AdminStub:
    id = None
