"""The staff pages' own queries: participation counts, stages and months for the dashboard, the
assessment list and an organization's history. Each is computed by the database (GROUP BY, LIMIT)
so a page costs about the same at a hundred assessments or a hundred thousand.

Score statistics (the region x dimension tables and charts) come from the one peer-statistics
module, app.benchmark.dashboard; the averages here are composed by the same rule
(app.domain.anonymity `staff_composition`): staff see groups of any size, and samples never mix
with fewer than the threshold's real results.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import and_, case, distinct, false, func, select
from sqlalchemy.orm import selectinload

from app.benchmark.selection import Selection
from app.domain.anonymity import GroupCounts, SamplesMode, staff_composition
from app.domain.questionnaire import Questionnaire
from app.extensions import db
from app.models import (
    Assessment,
    AssessmentRound,
    AssessmentStatus,
    Invitation,
    Organization,
    Source,
    Trust,
)
from app.models.assessment import REAL_SOURCES
from app.staff.listing import Sort, order_by, required_answered


@dataclass(frozen=True)
class Counts:
    """Organizations of the selection: real ones, and sample or synthetic ones apart."""

    invited: int
    started: int
    submitted: int
    other_started: int = 0  # sample or synthetic organizations
    other_submitted: int = 0

    @property
    def completion_rate(self) -> float | None:
        return self.submitted / self.started if self.started else None


@dataclass(frozen=True)
class StageCount:
    stage_id: str | None
    count: int
    real: int


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    submissions: int
    organizations: int  # that the average counts
    average: float | None
    basis: str  # "real", "samples" or "mixed" (app.staff.dashboard Row.basis)
    small: bool  # fewer real organizations than the threshold


def invited(filters: Selection) -> int:
    """Organizations invited (a link issued) through a programme round of the selection's version
    (and round), by the profile the round's list gave (region, country, type) and the day they
    were invited; a sample round's only with the samples."""
    clauses = [AssessmentRound.questionnaire_id == filters.questionnaire_id,
               AssessmentRound.questionnaire_version == filters.version,
               Invitation.invited_at.is_not(None)]
    if not filters.include_sample:
        clauses.append(AssessmentRound.sample == false())
    if filters.round_id is not None:
        clauses.append(Invitation.round_id == filters.round_id)
    if filters.region:
        clauses.append(Invitation.country.in_(filters.countries))
    if filters.country:
        clauses.append(Invitation.country == filters.country)
    if filters.org_type:
        clauses.append(Invitation.org_type == filters.org_type)
    if filters.date_from:
        clauses.append(Invitation.invited_at >= datetime.combine(filters.date_from, time.min, UTC))
    if filters.date_to:
        clauses.append(Invitation.invited_at < datetime.combine(
            filters.date_to + timedelta(days=1), time.min, UTC))
    return db.session.scalar(select(func.count(distinct(Invitation.organization_id)))
                             .select_from(Invitation).join(AssessmentRound).where(*clauses)) or 0


def counts(filters: Selection) -> Counts:
    """Organizations that started an assessment in the date range (drafts have no submission
    date, so the range applies to when they were started) and those of them that submitted it;
    real organizations and sample or synthetic ones counted apart."""
    real = _is_real()
    done = Assessment.status == AssessmentStatus.SUBMITTED.value
    org = Assessment.organization_id
    statement = (select(func.count(distinct(case((real, org)))),
                        func.count(distinct(case((and_(real, done), org)))),
                        func.count(distinct(case((~real, org)))),
                        func.count(distinct(case((and_(~real, done), org)))))
                 .select_from(Assessment)
                 .where(*replace(filters, status=None).conditions(dated=Assessment.created_at)))
    started, submitted, other_started, other_submitted = db.session.execute(statement).one()
    return Counts(invited(filters), started or 0, submitted or 0, other_started or 0,
                  other_submitted or 0)


def _is_real():
    return Assessment.source.in_(REAL_SOURCES)


def stage_counts(filters: Selection) -> list[StageCount]:
    """Peers (each organization's latest trusted result) by stage, and how many are real."""
    real = func.sum(case((_is_real(), 1), else_=0))
    statement = (select(Assessment.stage, func.count(Assessment.id), real).select_from(Assessment)
                 .where(*filters.peer_conditions()).group_by(Assessment.stage))
    return [StageCount(stage, count, int(real or 0))
            for stage, count, real in db.session.execute(statement)]


def _month(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def months(filters: Selection, threshold: int, mode: SamplesMode | str) -> list[Month]:
    """Every submission (re-assessments and results waiting for staff too) by calendar month
    (UTC) of submission; the average is a statistic, so it counts trusted results only, composed
    as every staff statistic is (app.domain.anonymity `staff_composition`)."""
    month = _month(Assessment.submitted_at)
    trusted = Assessment.trust == Trust.TRUSTED.value
    real, other = and_(trusted, _is_real()), and_(trusted, ~_is_real())
    statement = (select(month, func.count(Assessment.id),
                        func.count(distinct(case((real, Assessment.organization_id)))),
                        func.count(distinct(case((other, Assessment.organization_id)))),
                        func.avg(case((real, Assessment.overall_score))),
                        func.avg(case((other, Assessment.overall_score))),
                        func.avg(case((trusted, Assessment.overall_score))))
                 .select_from(Assessment)
                 .where(*filters.conditions(), Assessment.status == AssessmentStatus.SUBMITTED.value,
                        Assessment.submitted_at.is_not(None))
                 .group_by(month).order_by(month))
    found = []
    for m, n, real_orgs, other_orgs, real_avg, other_avg, all_avg in db.session.execute(statement):
        composition = staff_composition(GroupCounts(real_orgs, other_orgs), threshold, mode)
        average = (all_avg if composition.samples else real_avg) if composition.real else (
            other_avg if composition.samples else None)
        basis = "mixed" if composition.real and composition.samples else (
            "real" if composition.real else "samples")
        found.append(Month(m, n, composition.count(GroupCounts(real_orgs, other_orgs)),
                           None if average is None else float(average), basis,
                           composition.real and real_orgs < threshold))
    return found


def assessment_count(filters: Selection) -> int:
    """How many assessments the list shows over all its pages."""
    return db.session.scalar(select(func.count(Assessment.id)).select_from(Assessment)
                             .where(*filters.conditions()))


def assessment_page(filters: Selection, questionnaire: Questionnaire, sort: Sort, page: int,
                    page_size: int) -> list:
    """One page of the assessment list (1-based) in the chosen order: rows of the columns it
    shows, with `answered`, how many of the version's required questions each has answered."""
    answered = required_answered(questionnaire)
    return db.session.execute(
        select(Assessment.id, Assessment.organization_id, Assessment.status, Assessment.source,
               Assessment.trust, Assessment.created_at, Assessment.submitted_at, Assessment.name,
               Assessment.country, Assessment.org_type, Assessment.overall_score,
               Assessment.stage, Organization.sample_key, answered.label("answered"),
               *round_columns())
        .join(Organization).where(*filters.conditions())
        .order_by(*order_by(sort, questionnaire, answered))
        .limit(page_size).offset((page - 1) * page_size)).all()


def round_columns():
    """The programme round whose invitation opened each assessment: its id, name and whether it
    is the demo's sample round (NULL for an open assessment)."""
    def of_round(column):
        return (select(column).join_from(Invitation, AssessmentRound)
                .where(Invitation.assessment_id == Assessment.id).scalar_subquery())

    return (of_round(AssessmentRound.id).label("round_id"),
            of_round(AssessmentRound.name).label("round_name"),
            of_round(AssessmentRound.sample).label("round_sample"))


def rounds_of(assessment_ids: list[int]) -> dict[int, AssessmentRound]:
    """The round each of these assessments was opened by, when one was."""
    if not assessment_ids:
        return {}
    return dict(db.session.execute(
        select(Invitation.assessment_id, AssessmentRound).join(AssessmentRound)
        .where(Invitation.assessment_id.in_(assessment_ids))).all())


def history(organization_id: int) -> list[Assessment]:
    """Every assessment of one organization, oldest first, with its dimension scores (a team
    member's own answers are not the organization's: the team's staff section shows them)."""
    return list(db.session.scalars(
        select(Assessment).where(Assessment.organization_id == organization_id,
                                 Assessment.source != Source.TEAM_MEMBER.value)
        .options(selectinload(Assessment.dimension_scores))
        .order_by(Assessment.created_at, Assessment.id)))
