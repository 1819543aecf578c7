"""The staff pages' own queries: participation counts, stages and months for the dashboard, the
assessment list and an organization's history. Each is computed by the database (GROUP BY, LIMIT)
so a page costs about the same at a hundred assessments or a hundred thousand.

Score statistics (the region x dimension tables and charts) come from the one peer-statistics
module, app.benchmark.dashboard; figures here obey the same anonymity rule
(app.domain.anonymity.may_show): a group with too few organizations shows its size, not its figures.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import and_, case, distinct, func, select
from sqlalchemy.orm import selectinload

from app.benchmark.selection import Selection
from app.domain.anonymity import may_show
from app.domain.questionnaire import Questionnaire
from app.extensions import db
from app.models import Assessment, AssessmentStatus, Organization, Trust
from app.models.assessment import REAL_SOURCES
from app.staff.listing import Sort, order_by, required_answered


@dataclass(frozen=True)
class Counts:
    started: int
    submitted: int

    @property
    def completion_rate(self) -> float | None:
        return 100.0 * self.submitted / self.started if self.started else None


@dataclass(frozen=True)
class StageCount:
    stage_id: str | None
    count: int


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    submissions: int
    organizations: int
    average: float | None  # None when fewer organizations than the threshold


def counts(filters: Selection) -> Counts:
    """Assessments started in the date range (drafts have no submission date, so the range
    applies to when they were started) and how many of them were submitted."""
    submitted = func.sum(case((Assessment.status == AssessmentStatus.SUBMITTED.value, 1), else_=0))
    statement = (select(func.count(Assessment.id), submitted).select_from(Assessment)
                 .where(*replace(filters, status=None).conditions(dated=Assessment.created_at)))
    started, done = db.session.execute(statement).one()
    return Counts(started or 0, done or 0)


def _is_real():
    return Assessment.source.in_(REAL_SOURCES)


def stage_counts(filters: Selection) -> tuple[list[StageCount], int]:
    """Organizations by stage, and how many of them are real (not sample or synthetic)."""
    real = func.sum(case((_is_real(), 1), else_=0))
    statement = (select(Assessment.stage, func.count(Assessment.id), real).select_from(Assessment)
                 .where(*filters.peer_conditions()).group_by(Assessment.stage))
    rows = db.session.execute(statement).all()
    return [StageCount(stage, count) for stage, count, _real in rows], sum(r[2] or 0 for r in rows)


def _month(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def months(filters: Selection, threshold: int) -> list[Month]:
    """Every submission (re-assessments and results waiting for staff too) by calendar month
    (UTC) of submission; the average is a statistic, so it counts trusted results only and is
    shown under the same rule as any other (real organizations counted apart)."""
    month = _month(Assessment.submitted_at)
    trusted = Assessment.trust == Trust.TRUSTED.value
    peers = func.count(distinct(case((trusted, Assessment.organization_id))))
    real = func.count(distinct(case((and_(trusted, _is_real()), Assessment.organization_id))))
    statement = (select(month, func.count(Assessment.id), peers, real,
                        func.avg(case((trusted, Assessment.overall_score))))
                 .select_from(Assessment)
                 .where(*filters.conditions(), Assessment.status == AssessmentStatus.SUBMITTED.value,
                        Assessment.submitted_at.is_not(None))
                 .group_by(month).order_by(month))
    return [Month(m, n, orgs, float(avg) if avg is not None and may_show(
        real_orgs, orgs, threshold) else None)
            for m, n, orgs, real_orgs, avg in db.session.execute(statement)]


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
               Assessment.stage, Organization.sample_key, answered.label("answered"))
        .join(Organization).where(*filters.conditions())
        .order_by(*order_by(sort, questionnaire, answered))
        .limit(page_size).offset((page - 1) * page_size)).all()


def history(organization_id: int) -> list[Assessment]:
    """Every assessment of one organization, oldest first, with its dimension scores."""
    return list(db.session.scalars(
        select(Assessment).where(Assessment.organization_id == organization_id)
        .options(selectinload(Assessment.dimension_scores))
        .order_by(Assessment.created_at, Assessment.id)))
