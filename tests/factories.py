"""Builders the tests share. Every one makes its data through the app's own operations and pages:
staff accounts (`create_account`), assessments started, answered and submitted as respondents do,
pages posted as a browser posts them (each type's form adapter says what it sends), and peers whose
score snapshot is written by `record_score`. Call the database builders inside an app context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from sqlalchemy import update

from app.domain.scoring import DimensionScore, Score
from app.extensions import db
from app.models import Assessment, AssessmentStatus, Organization, Source, Trust
from app.models.time import utcnow
from app.operations.accounts import create_account, deactivate
from app.operations.assessment import (
    save_answers,
    start_assessment,
    store_submitted,
    submit_assessment,
)
from app.operations.peers import profile_answers, sample_answers
from app.operations.scores import record_score
from app.questionnaires import active_questionnaire
from app.survey.fields import field_for
from app.survey.forms import PROFILE, field_name, page_questions

# -- staff ----------------------------------------------------------------------------------------
PASSWORD = "a long enough password"
ANSWERS = {"org_name": "Cámara de Prueba", "country": "CL", "strategy_plan": "l3",
           "strategy_budget": "partial", "services_online": ["training"]}


def make_user(app, email: str, role: str = "analyst", password: str = PASSWORD,
              active: bool = True) -> int:
    with app.app_context():
        user = create_account(email, password, role)
        if not active:
            deactivate(user)
        return user.id


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/staff/login", data={"email": email, "password": password})


def staff_client(app, role: str):
    """A test client signed in as a new account with this role."""
    client = app.test_client()
    make_user(app, f"{role}@example.org", role)
    response = sign_in(client, f"{role}@example.org")
    assert response.status_code == 302, response.status_code
    return client


def submitted(answers: dict | None = None, source: Source = Source.RESPONDENT,
              submitted_at: datetime | None = None, organization: Organization | None = None,
              previous: Assessment | None = None, submit: bool = True,
              trust: Trust = Trust.TRUSTED, **more) -> Assessment:
    """A submitted (or, with submit=False, draft) assessment; call inside an app context. It is
    submitted as trusted (a real peer result, as from an invitation) unless `trust` says
    otherwise; the pages submit open results as pending."""
    questionnaire = active_questionnaire()
    assessment, _token = start_assessment(questionnaire, "es", organization, source, previous)
    save_answers(assessment, questionnaire, {**ANSWERS, **(answers or {}), **more})
    if submit:
        submit_assessment(assessment, questionnaire, trust)
    if submitted_at is not None:
        db.session.execute(update(Assessment).where(Assessment.id == assessment.id)
                           .values(submitted_at=submitted_at, created_at=submitted_at))
        db.session.commit()
        db.session.refresh(assessment)
    return assessment


# -- respondents through the pages -----------------------------------------------------------------
TOKEN_LINK = re.compile(r"/resume/([A-Za-z0-9_-]+)")


def complete_answers(questionnaire, org_name: str = "Cámara de Prueba") -> dict:
    """The best answer to every question (a name for free-text profile questions)."""
    answers = {}
    for question in questionnaire.questions:
        answers[question.id] = (org_name if question.input == "text"
                                else question.kind.highest(question))
    return answers


def page_data(questionnaire, step: str, answers: dict, **extra) -> dict:
    """The form fields a browser posts for `answers` on one page."""
    data = {}
    for question in page_questions(questionnaire, step):
        data.update(field_for(question).posted(question, field_name(question),
                                                answers.get(question.id)))
    data.update(extra)
    return data


def fill_profile(client, questionnaire, answers, **extra):
    return client.post("/survey/profile",
                       data=page_data(questionnaire, PROFILE, answers, direction="next", **extra))


def fill_everything(client, questionnaire, answers) -> None:
    """Profile and every dimension page, leaving each by "next"."""
    response = fill_profile(client, questionnaire, answers)
    assert response.status_code == 303
    for dimension in questionnaire.dimensions:
        response = client.post(f"/survey/{dimension.id}", data=page_data(
            questionnaire, dimension.id, answers, direction="next"))
        assert response.status_code == 303, response.data[:500]


def resume_token(client) -> str:
    page = client.get("/survey/review").get_data(as_text=True)
    return TOKEN_LINK.search(page).group(1)


def session_assessment(app, client) -> Assessment:
    with client.session_transaction() as session:
        assessment_id = session["assessment_id"]
    return db.session.get(Assessment, assessment_id)


def open_private_link(client, path: str):
    """Open a private resume link as a person does: the page asks (a GET never switches this
    browser's draft), then "open it" is pressed."""
    asked = client.get(path)
    assert asked.status_code == 200, asked.status_code
    return client.post(path)


def html(response) -> str:
    return response.get_data(as_text=True)


# -- peers with chosen scores ---------------------------------------------------------------------
# The compared organization's answers on the example questionnaire (tests/data/example-v1.yaml).
ME = {"org_name": "Cámara de Prueba", "country": "AR", "org_type": "confederation",
      "strategy_plan": "l3", "strategy_budget": "partial", "services_online": ["training"]}
DIMENSIONS = ("strategy", "services")


def results_token(app, locale: str = "en", submit: bool = True,
                  answers: Mapping | None = None) -> str:
    """The private token of an assessment of the example questionnaire answered as ME (or
    `answers`), submitted unless told otherwise; each step in its own app context."""
    with app.app_context():
        questionnaire = active_questionnaire()
        assessment, token = start_assessment(questionnaire, locale)
        save_answers(assessment, questionnaire, answers or ME)
        if submit:
            submit_assessment(assessment, questionnaire)
    return token


def add_peer(*, country: str | None = "AR", org_type: str | None = "confederation",
             members_band: str | None = "m1", source: Source | str = Source.RESPONDENT,
             overall: float | None = 50.0, scores: Mapping[str, float | None] | None = None,
             version: int = 1, organization: Organization | None = None,
             trust: Trust = Trust.TRUSTED) -> Organization:
    """One organization (or another assessment of a given one, which becomes its latest) with a
    submitted assessment of the example questionnaire, trusted unless `trust` says otherwise;
    dimension scores default to `overall`. Returns the organization."""
    organization = organization or Organization(name="peer", country=country, org_type=org_type,
                                                members_band=members_band)
    assessment = Assessment(organization=organization, questionnaire_id="example",
                            questionnaire_version=version, locale="es",
                            status=AssessmentStatus.SUBMITTED.value, source=Source(source).value,
                            submitted_at=utcnow(), trust=Trust(trust).value, name=organization.name,
                            country=organization.country, org_type=organization.org_type,
                            members_band=organization.members_band)
    db.session.add(assessment)
    db.session.flush()
    scores = {d: overall for d in DIMENSIONS} if scores is None else scores
    record_score(assessment, Score(f"example-v{version}", overall, None, tuple(
        DimensionScore(dimension, value, 1.0, ()) for dimension, value in scores.items())))
    db.session.commit()
    return organization


def add_peers(count: int, start: float = 10.0, step: float = 7.0, **profile) -> None:
    """`count` peers of one profile with overall (and dimension) scores start, start + step, ..."""
    for index in range(count):
        add_peer(overall=start + step * index, **profile)


def add_scored_peers(count: int, seed: str = "peer", source: Source = Source.RESPONDENT,
                     trust: Trust = Trust.TRUSTED, **fields) -> None:
    """`count` organizations with these profile fields (country, org_type, members_band, ...)
    and plausible answers to the active questionnaire, submitted and scored as real results
    (trusted, as invited or verified ones are, unless `trust` says otherwise)."""
    questionnaire = active_questionnaire()
    for index in range(count):
        organization = Organization(name=f"Peer {seed} {index}", **fields)
        answers = {**profile_answers(questionnaire, fields),
                   **sample_answers(questionnaire, f"{seed}-{index}")}
        store_submitted(organization, questionnaire, answers, source, trust=trust)
    db.session.commit()
