"""Demo data for `make run`, loaded only into a database without any assessment.

Everything it creates is sample data (source "sample"), labelled as such wherever it is shown, and
never under a real organization's name: one pseudonymous sample organization per programme
organization's type and country ("Sample chamber of commerce B, Honduras"), with illustrative
answers, and DEMO_ANONYMOUS invented organizations named "Sample organization 1..N", spread over
the regions so that the demo's peer groups reach the anonymity threshold.
"""

from __future__ import annotations

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.models import Assessment
from app.operations.peers import seed_programme_samples, seed_sample_organizations
from app.questionnaires import active_questionnaire, library

DEMO_ANONYMOUS = 40


def seed_demo() -> int:
    """Create the demo's sample assessments; returns how many (0 when assessments exist)."""
    if db.session.scalar(select(func.count()).select_from(Assessment)):
        return 0
    questionnaire = active_questionnaire()
    created = seed_programme_samples(questionnaire, current_app.extensions["reference_profiles"])
    created += seed_sample_organizations(questionnaire, library().regions, DEMO_ANONYMOUS)
    return created
