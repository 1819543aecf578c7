"""Peers for the statistics tests: submitted assessments with chosen scores, their score snapshot
written by the app's own operation (`record_score`), so peers look exactly like those the app
stores. Call inside an app context."""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.scoring import DimensionScore, Score
from app.extensions import db
from app.models import Assessment, AssessmentStatus, Organization, Source
from app.models.time import utcnow
from app.operations.scores import record_score

# The compared organization's answers on the example questionnaire (tests/data/example-v1.yaml).
ME = {"org_name": "Cámara de Prueba", "country": "AR", "org_type": "confederation",
      "strategy_plan": "l3", "strategy_budget": "partial", "services_online": ["training"]}
DIMENSIONS = ("strategy", "services")


def add_peer(*, country: str | None = "AR", org_type: str | None = "confederation",
             members_band: str | None = "m1", source: Source | str = Source.RESPONDENT,
             overall: float | None = 50.0, scores: Mapping[str, float | None] | None = None,
             version: int = 1, organization: Organization | None = None) -> Organization:
    """One organization (or another assessment of a given one, which becomes its latest) with a
    submitted assessment of the example questionnaire; dimension scores default to `overall`.
    Returns the organization."""
    organization = organization or Organization(name="peer", country=country, org_type=org_type,
                                                members_band=members_band)
    assessment = Assessment(organization=organization, questionnaire_id="example",
                            questionnaire_version=version, locale="es",
                            status=AssessmentStatus.SUBMITTED.value, source=Source(source).value,
                            submitted_at=utcnow())
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
