"""Helpers for the staff-area tests: accounts, signing in through the real endpoint, and submitted
assessments made through the real operations."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from app.extensions import db
from app.models import Assessment, Organization, Source
from app.operations.accounts import create_account
from app.operations.assessment import save_answers, start_assessment, submit_assessment
from app.questionnaires import active_questionnaire

PASSWORD = "a long enough password"
ANSWERS = {"org_name": "Cámara de Prueba", "country": "CL", "strategy_plan": "l3",
           "strategy_budget": "partial", "services_online": ["training"]}


def make_user(app, email: str, role: str = "analyst", password: str = PASSWORD,
              active: bool = True) -> int:
    with app.app_context():
        user = create_account(email, password, role)
        user.active = active
        db.session.commit()
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
              previous: Assessment | None = None, submit: bool = True, **more) -> Assessment:
    """A submitted (or, with submit=False, draft) assessment; call inside an app context."""
    questionnaire = active_questionnaire()
    assessment, _token = start_assessment(questionnaire, "es", organization, source, previous)
    save_answers(assessment, questionnaire, {**ANSWERS, **(answers or {}), **more})
    if submit:
        submit_assessment(assessment, questionnaire)
    if submitted_at is not None:
        db.session.execute(update(Assessment).where(Assessment.id == assessment.id)
                           .values(submitted_at=submitted_at, created_at=submitted_at))
        db.session.commit()
        db.session.refresh(assessment)
    return assessment
