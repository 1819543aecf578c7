"""Demo data for `make run`, loaded only into a database without any assessment.

Everything it creates is sample data (source "sample"), labelled as such wherever it is shown, and
never under a real organization's name: one pseudonymous sample organization per programme
organization's type and country ("Sample chamber of commerce B, Honduras"), with illustrative
answers, and DEMO_ANONYMOUS invented organizations named "Sample organization 1..N", spread over
the regions so that the demo's peer groups reach the anonymity threshold; and one sample round
(labelled as sample) to which the first DEMO_ROUND_SIZE of those invented organizations were
"invited", with their sample results as its submissions. It has no contact addresses and no
links, so the demo never e-mails anyone.
"""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assessment, Invitation, Organization, Source
from app.models.time import utcnow
from app.operations.peers import seed_programme_samples, seed_sample_organizations
from app.operations.rounds import create_round
from app.questionnaires import active_questionnaire, library

DEMO_ANONYMOUS = 40
DEMO_ROUND_SIZE = 8
DEMO_ROUND_NAME = "Sample round (demo data)"


def seed_demo() -> int:
    """Create the demo's sample assessments; returns how many (0 when assessments exist)."""
    if db.session.scalar(select(func.count()).select_from(Assessment)):
        return 0
    questionnaire = active_questionnaire()
    created = seed_programme_samples(questionnaire, current_app.extensions["reference_profiles"])
    created += seed_sample_organizations(questionnaire, library().regions, DEMO_ANONYMOUS)
    seed_sample_round(questionnaire)
    return created


def seed_sample_round(questionnaire) -> None:
    """The demo's sample round: invented organizations only, each with its sample result."""
    today = utcnow().date()
    found = create_round(DEMO_ROUND_NAME, questionnaire, today - timedelta(days=30),
                         today + timedelta(days=30), None, None, sample=True)
    rows = db.session.execute(
        select(Assessment.id, Assessment.organization_id, Assessment.created_at,
               Organization.name, Assessment.country, Assessment.org_type)
        .join(Organization).where(Assessment.source == Source.SAMPLE.value,
                                  Assessment.questionnaire_id == questionnaire.id,
                                  Assessment.questionnaire_version == questionnaire.version,
                                  Organization.name.like("Sample organization %"))
        .order_by(Assessment.id).limit(DEMO_ROUND_SIZE))
    for assessment_id, organization_id, created_at, name, country, org_type in rows:
        db.session.add(Invitation(round_id=found.id, organization_id=organization_id, name=name,
                                  country=country, org_type=org_type,
                                  locale=questionnaire.languages[0], assessment_id=assessment_id,
                                  created_at=created_at, invited_at=created_at,
                                  opened_at=created_at))
    db.session.commit()
