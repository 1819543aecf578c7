"""Dashboard statistics, computed by the database (GROUP BY and quantiles in SQL) so a page costs
about the same at a hundred assessments or a hundred thousand: no query returns one row per
assessment.

Statistics of scores count each organization once, with its latest submitted assessment of the
selected questionnaire version (`is_latest`), and come from the benchmark's SQL statistics
(app/benchmark/queries.py: percentile_cont on PostgreSQL, ranked rows on SQLite) under the same
anonymity rule as the results page (app/domain/anonymity.py): a group with fewer organizations
than the threshold shows its size but no statistic, and minimum and maximum only in large groups.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import and_, case, distinct, func, literal, select

from app.benchmark.queries import OVERALL, Scope, distributions
from app.domain.anonymity import may_show, may_show_extremes
from app.domain.regions import Regions
from app.domain.statistics import Summary
from app.extensions import db
from app.models import Assessment, AssessmentStatus, Organization
from app.models.assessment import REAL_SOURCES
from app.staff.filters import AssessmentFilters

OTHER_REGION = "other"
__all__ = ["OVERALL", "Counts", "Distribution", "Month", "StageCount", "counts",
           "dimension_distributions", "months", "stage_counts"]


@dataclass(frozen=True)
class Counts:
    started: int
    submitted: int

    @property
    def completion_rate(self) -> float | None:
        return 100.0 * self.submitted / self.started if self.started else None


@dataclass(frozen=True)
class Distribution:
    """A group's scores in one dimension: `summary` is None when the group may show nothing, and
    `extremes` says whether its minimum and maximum (individual scores) may be shown."""

    n: int
    summary: Summary | None = None
    extremes: bool = False

    @property
    def median(self) -> float | None:
        return self.summary.median if self.summary else None

    @property
    def values(self) -> tuple[float | None, ...] | None:
        """(minimum, q1, median, q3, maximum), extremes None when they may not be shown."""
        if self.summary is None:
            return None
        s = self.summary
        low, high = (s.minimum, s.maximum) if self.extremes else (None, None)
        return (low, s.q1, s.median, s.q3, high)


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


def region_of_country(regions: Regions):
    """The region id of the organization's country as a SQL expression."""
    mapping = dict(regions.country_to_region)
    if not mapping:
        return literal(OTHER_REGION)
    return case(mapping, value=Organization.country, else_=OTHER_REGION)


def _latest_submitted(filters: AssessmentFilters) -> list:
    return [*filters.conditions(), Assessment.status == AssessmentStatus.SUBMITTED.value,
            Assessment.is_latest.is_(True)]


def counts(filters: AssessmentFilters) -> Counts:
    """Assessments started in the date range (drafts have no submission date, so the range
    applies to when they were started) and how many of them were submitted."""
    submitted = func.sum(case((Assessment.status == AssessmentStatus.SUBMITTED.value, 1), else_=0))
    statement = (select(func.count(Assessment.id), submitted).select_from(Assessment)
                 .join(Organization)
                 .where(*replace(filters, status=None).conditions(dated=Assessment.created_at)))
    started, done = db.session.execute(statement).one()
    return Counts(started or 0, done or 0)


def dimension_distributions(filters: AssessmentFilters, regions: Regions, threshold: int
                            ) -> dict[tuple[str | None, str], Distribution]:
    """{(region id, or None for all regions; dimension id or OVERALL): Distribution}, by the
    benchmark's SQL statistics and the same anonymity rule as the results page."""
    scope = Scope(filters.questionnaire_id, filters.version, filters.sources)
    condition = and_(*filters.conditions())
    found: dict[tuple[str | None, str], Distribution] = {}
    for key, region in ((region_of_country(regions), True), (None, False)):
        for row in distributions(scope, condition, key, real_sources=REAL_SOURCES):
            found[(row.key if region else None, row.dimension)] = _shown(row, threshold)
    return found


def _shown(row, threshold: int) -> Distribution:
    count = row.summary.count
    if not may_show(row.real, count, threshold):
        return Distribution(count)
    return Distribution(count, row.summary, may_show_extremes(row.real, count, threshold))


def _is_real():
    return Assessment.source.in_(REAL_SOURCES)


def stage_counts(filters: AssessmentFilters) -> tuple[list[StageCount], int]:
    """Organizations by stage, and how many of them are real (not sample or synthetic)."""
    real = func.sum(case((_is_real(), 1), else_=0))
    statement = (select(Assessment.stage, func.count(Assessment.id), real).select_from(Assessment)
                 .join(Organization).where(*_latest_submitted(filters)).group_by(Assessment.stage))
    rows = db.session.execute(statement).all()
    return [StageCount(stage, count) for stage, count, _real in rows], sum(r[2] or 0 for r in rows)


def _month(column):
    if db.session.get_bind().dialect.name == "postgresql":
        return func.to_char(func.timezone("UTC", column), "YYYY-MM")
    return func.strftime("%Y-%m", column)


def months(filters: AssessmentFilters, threshold: int) -> list[Month]:
    """Every submission (re-assessments too) by calendar month (UTC) of submission; the average
    is shown under the same rule as any other statistic (real organizations counted apart)."""
    month = _month(Assessment.submitted_at)
    real = func.count(distinct(case((_is_real(), Assessment.organization_id))))
    statement = (select(month, func.count(Assessment.id),
                        func.count(distinct(Assessment.organization_id)), real,
                        func.avg(Assessment.overall_score))
                 .select_from(Assessment).join(Organization)
                 .where(*filters.conditions(), Assessment.status == AssessmentStatus.SUBMITTED.value,
                        Assessment.submitted_at.is_not(None))
                 .group_by(month).order_by(month))
    return [Month(m, n, orgs, float(avg) if avg is not None and may_show(
        real_orgs, orgs, threshold) else None)
            for m, n, orgs, real_orgs, avg in db.session.execute(statement)]
