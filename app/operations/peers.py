"""The writes behind peer benchmarking: sample organizations for the demo and for peer groups that
lack real results, synthetic assessments for load work, and the import of real peer results
(app.operations.peer_import).

Sample and synthetic answers are generated from a seed, so the same seed and questionnaire always give
the same answers: a maturity tendency is drawn from the seed, then every scored question is answered
near it. They are never anyone's real answers, are stored with source "sample" or "synthetic", and
never under a real organization's name: sample organizations are pseudonymous
(app.domain.samples), one per programme organization's type and country ("Sample chamber of
commerce B, Honduras") and numbered ones ("Sample organization 12"); the programme's organizations
themselves stay in the reference profiles with their sourced facts only.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from sqlalchemy import func, insert, select, text

from app.domain.answers import check_answers
from app.domain.provenance import trust_on_arrival
from app.domain.questionnaire import Questionnaire
from app.domain.references import ReferenceProfiles
from app.domain.regions import Regions
from app.domain.samples import SampleKey, typed_keys
from app.domain.scoring import score_assessment
from app.extensions import db
from app.models import Answer, Assessment, AssessmentStatus, DimensionScore, Organization, Source
from app.models.time import utcnow
from app.operations.assessment import store_submitted
from app.operations.scores import dimension_rows, snapshot_columns
from app.sample_names import stored_name

SYNTHETIC_NAME = "Synthetic organization {number}"
SYNTHETIC_POOL = 2000  # distinct answer sets; synthetic assessments reuse them at random


def sample_answers(questionnaire: Questionnaire, seed: int | str) -> dict[str, Any]:
    """A plausible, deterministic answer to every scored question (never "not applicable")."""
    rng = random.Random(f"{questionnaire.id}:{seed}")
    tendency = rng.uniform(0.15, 0.85)
    answers = {}
    for question in questionnaire.scored_questions:
        value = question.kind.sample(question, rng, tendency)
        answers[question.id] = question.kind.validate(question, value)
    return answers


def profile_answers(questionnaire: Questionnaire, fields: Mapping[str, str | None]) -> dict[str, Any]:
    """Answers to the profile questions that copy onto the organization, from its fields; a value the
    question does not accept (e.g. a country the questionnaire does not list) is left out."""
    raw = {}
    for name, value in fields.items():
        question = questionnaire.question_for_field(name)
        if question is not None and value not in (None, ""):
            raw[question.id] = value
    checked = check_answers(questionnaire, raw)
    return {qid: value for qid, value in checked.values.items() if value is not None}


def _has_sample(organization: Organization | None, questionnaire: Questionnaire) -> bool:
    if organization is None:
        return False
    return db.session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.organization_id == organization.id,
        Assessment.questionnaire_id == questionnaire.id,
        Assessment.questionnaire_version == questionnaire.version,
        Assessment.source == Source.SAMPLE.value)) > 0


def _store_sample(questionnaire: Questionnaire, key: SampleKey, fields: dict[str, str | None],
                  seed: str) -> bool:
    """One sample assessment for the sample organization of `key` (created when new), unless it
    has one on this questionnaire version; True when it was stored."""
    organization = db.session.scalar(select(Organization).filter_by(sample_key=key.key))
    if _has_sample(organization, questionnaire):
        return False
    fields = {**fields, "name": stored_name(key)}
    if organization is None:
        organization = Organization(sample_key=key.key, **fields)
        db.session.add(organization)
    answers = {**profile_answers(questionnaire, fields), **sample_answers(questionnaire, seed)}
    store_submitted(organization, questionnaire, answers, Source.SAMPLE)
    return True


def seed_programme_samples(questionnaire: Questionnaire, profiles: ReferenceProfiles) -> int:
    """One pseudonymous sample organization per reference profile, with that profile's type and
    country only (never its name), each with one sample assessment on this questionnaire version;
    returns how many assessments were created."""
    pairs = [(p.org_type, p.country) for p in profiles.profiles]
    created = sum(_store_sample(questionnaire, key, {"country": key.country,
                                                     "org_type": key.org_type}, key.key)
                  for key in typed_keys(pairs))
    db.session.commit()
    return created


def _countries(questionnaire: Questionnaire, regions: Regions) -> list[list[str]]:
    """Countries by region, limited to those the questionnaire lists, so the spread covers every
    region that has any."""
    listed = set(questionnaire.option_ids("country"))
    grouped = [[c for c in region.countries if not listed or c in listed] for region in regions.regions]
    return [countries for countries in grouped if countries] or [sorted(listed)]


def anonymous_profile(questionnaire: Questionnaire, regions: Regions, number: int,
                      rng: random.Random, name: str) -> dict[str, str | None]:
    """Organization fields for an invented organization: regions taken in turn, the rest at random."""
    by_region = _countries(questionnaire, regions)
    countries = by_region[number % len(by_region)]
    fields: dict[str, str | None] = {"name": name.format(number=number + 1),
                                     "country": rng.choice(countries) if countries else None}
    for field in ("org_type", "scope", "members_band", "staff_band", "sme_share_band"):
        options = questionnaire.option_ids(field)
        fields[field] = rng.choice(options) if options else None
    return fields


def seed_sample_organizations(questionnaire: Questionnaire, regions: Regions, count: int) -> int:
    """Invented organizations "Sample organization 1..N", each with one sample assessment, spread
    over the regions so a demo can meet the anonymity threshold. Numbers already present are
    skipped."""
    created = 0
    for number in range(count):
        rng = random.Random(f"sample-organization:{number}")
        fields = anonymous_profile(questionnaire, regions, number, rng, "")
        created += _store_sample(questionnaire, SampleKey(number=number + 1), fields,
                                 f"sample-organization-{number}")
    db.session.commit()
    return created


def seed_synthetic(questionnaire: Questionnaire, regions: Regions, count: int, *,
                   batch_size: int = 5000, seed: int = 0, with_answers: bool = False) -> int:
    """`count` synthetic organizations, each with one submitted assessment (source "synthetic"),
    inserted in batches with executemany. Answers come from a pool of SYNTHETIC_POOL scored answer
    sets, so every stored score matches stored (or reproducible) answers; `with_answers` also stores
    the Answer rows (slower: one row per question). PostgreSQL's statistics are refreshed after the
    load, so its planner does not plan for empty tables."""
    rng = random.Random(f"synthetic:{seed}")
    pool = []
    for index in range(min(count, SYNTHETIC_POOL)):
        answers = sample_answers(questionnaire, f"synthetic-{seed}-{index}")
        pool.append((answers, score_assessment(questionnaire, answers)))
    start_number = db.session.scalar(select(func.count()).select_from(Organization).where(
        Organization.name.like(SYNTHETIC_NAME.format(number="%"))))
    connection = db.session.connection()
    organizations, assessments = Organization.__table__, Assessment.__table__
    now = utcnow()
    for first in range(0, count, batch_size):
        numbers = range(start_number + first, start_number + min(first + batch_size, count))
        profiles = [anonymous_profile(questionnaire, regions, n, rng, SYNTHETIC_NAME) for n in numbers]
        org_ids = connection.execute(
            insert(organizations).returning(organizations.c.id, sort_by_parameter_order=True),
            [{**p, "created_at": now} for p in profiles]).scalars().all()
        chosen = [pool[rng.randrange(len(pool))] for _ in numbers]
        submitted = [now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60)) for _ in numbers]
        assessment_ids = connection.execute(
            insert(assessments).returning(assessments.c.id, sort_by_parameter_order=True),
            [{"organization_id": org_id, "questionnaire_id": questionnaire.id,
              "questionnaire_version": questionnaire.version, "locale": questionnaire.languages[0],
              "status": AssessmentStatus.SUBMITTED.value, "source": Source.SYNTHETIC.value,
              "trust": trust_on_arrival(Source.SYNTHETIC).value, "is_latest": True, **snapshot_columns(score),
              **profile, "created_at": at, "updated_at": at, "submitted_at": at}
             for org_id, profile, (_answers, score), at
             in zip(org_ids, profiles, chosen, submitted, strict=True)]
        ).scalars().all()
        connection.execute(insert(DimensionScore.__table__), [
            row for aid, (_answers, score) in zip(assessment_ids, chosen, strict=True)
            for row in dimension_rows(aid, score)])
        if with_answers:
            connection.execute(insert(Answer.__table__), [
                {"assessment_id": aid, "question_id": qid, "value": value, "updated_at": now}
                for aid, (answers, _score) in zip(assessment_ids, chosen, strict=True)
                for qid, value in answers.items()])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ANALYZE organization, assessment, dimension_score"))
        db.session.commit()
    return count
