"""Group statistics for the staff dashboards: every group of one kind (e.g. each region) by every
dimension, with filters, in one SQL statement (same definitions as the results page; see
app.benchmark.queries and app.domain.statistics).

    group_statistics(questionnaire, by=GroupKind.REGION, filters=Filters(org_type="chamber_commerce"))
    -> [Distribution(key="andean", dimension="strategy", summary=Summary(count, mean, q1, median, q3,
        minimum, maximum), real=...), ...]   # dimension OVERALL ("_overall") is the overall score

Staff see every group; pass min_count (e.g. the anonymity threshold) to blank the statistics of small
groups in anything shown beyond staff.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, true

from app.benchmark.groups import ORGANIZATION, GroupKind, group_key
from app.benchmark.queries import ASSESSMENT, Distribution, Scope, distributions
from app.domain.questionnaire import Questionnaire
from app.domain.regions import Regions
from app.domain.statistics import Summary
from app.models.assessment import REAL_SOURCES
from app.questionnaires import library


@dataclass(frozen=True)
class Filters:
    country: str | None = None
    region: str | None = None
    org_type: str | None = None
    members_band: str | None = None
    submitted_from: datetime | None = None
    submitted_to: datetime | None = None  # exclusive

    def condition(self, regions: Regions) -> ColumnElement[bool]:
        conditions = []
        for name in ("country", "org_type", "members_band"):
            if getattr(self, name):
                conditions.append(ORGANIZATION.c[name] == getattr(self, name))
        if self.region:
            region = regions.get(self.region)
            conditions.append(ORGANIZATION.c.country.in_(region.countries if region else ()))
        if self.submitted_from:
            conditions.append(ASSESSMENT.c.submitted_at >= self.submitted_from)
        if self.submitted_to:
            conditions.append(ASSESSMENT.c.submitted_at < self.submitted_to)
        return and_(*conditions) if conditions else true()


def group_statistics(questionnaire: Questionnaire, by: GroupKind | str = GroupKind.REGION,
                     filters: Filters | None = None, sources: Iterable[str] = REAL_SOURCES,
                     min_count: int = 0) -> list[Distribution]:
    """Statistics per (group, dimension), sorted by group then questionnaire dimension order; the
    overall score first in each group. Organizations whose country is in no region have key None."""
    regions = library().regions
    sources = tuple(sources)
    rows = distributions(Scope(questionnaire.id, questionnaire.version, sources),
                         (filters or Filters()).condition(regions), group_key(GroupKind(by), regions),
                         real_sources=[s for s in sources if s in REAL_SOURCES])
    order = {d.id: i for i, d in enumerate(questionnaire.dimensions)}
    rows.sort(key=lambda r: (r.key is None, r.key or "", order.get(r.dimension, -1)))
    return [r if r.summary.count >= min_count else
            Distribution(r.key, r.dimension, Summary(r.summary.count), r.real) for r in rows]
