"""Benchmark statistics computed in the database, never by loading every score into Python.

Peers are the latest submitted assessment of each organization (`is_latest`, kept by submit) on one
questionnaire id and version, from the given sources. Each assessment contributes its overall score
(as the pseudo-dimension OVERALL) and one score per dimension; a blank dimension score (no applicable
answer) is left out of that dimension only.

Quantiles follow app.domain.statistics: PostgreSQL's `percentile_cont ... WITHIN GROUP`; SQLite has no
percentile_cont, so window functions (running counts over each group's distinct scores) find the two
values around each quantile position, interpolated by the same expression. Both give the same
numbers; tests check both against numpy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    case,
    cast,
    func,
    literal,
    select,
    true,
    union_all,
)

from app.benchmark.groups import ORGANIZATION, PeerGroup
from app.domain.anonymity import GroupCounts
from app.domain.statistics import QUARTILES, Summary
from app.extensions import db
from app.models import Assessment, AssessmentStatus, DimensionScore, Source

ASSESSMENT = Assessment.__table__
SCORES = DimensionScore.__table__
OVERALL = "_overall"  # the overall score's key among dimension ids (which never start with "_")
QUARTILE_NAMES = ("q1", "median", "q3")


@dataclass(frozen=True)
class Scope:
    """Which assessments can be peers at all."""

    questionnaire_id: str
    questionnaire_version: int
    sources: tuple[str, ...]
    exclude_organization: int | None = None

    def conditions(self) -> list[ColumnElement[bool]]:
        conditions = [
            ASSESSMENT.c.questionnaire_id == self.questionnaire_id,
            ASSESSMENT.c.questionnaire_version == self.questionnaire_version,
            ASSESSMENT.c.status == AssessmentStatus.SUBMITTED.value,
            ASSESSMENT.c.is_latest == true(),
            ASSESSMENT.c.source.in_(self.sources),
        ]
        if self.exclude_organization is not None:
            conditions.append(ASSESSMENT.c.organization_id != self.exclude_organization)
        return conditions


@dataclass(frozen=True)
class Distribution:
    """One group's statistics in one dimension (OVERALL for the overall score)."""

    key: str | None
    dimension: str
    summary: Summary
    real: int  # how many of the values are real organizations' results
    below: int = 0  # values strictly below the compared organization's score
    ties: int = 0  # values equal to it


def _joined():
    return ASSESSMENT.join(ORGANIZATION, ORGANIZATION.c.id == ASSESSMENT.c.organization_id)


def group_counts(scope: Scope, groups: Sequence[PeerGroup | None],
                 real_sources: Iterable[str]) -> list[GroupCounts | None]:
    """Real and sample peers in each group, in one pass over the assessments."""
    is_real = ASSESSMENT.c.source.in_(tuple(real_sources))
    is_sample = ASSESSMENT.c.source == Source.SAMPLE.value
    columns = []
    for index, group in enumerate(groups):
        if group is None:
            continue
        member = group.condition()
        columns.append(func.coalesce(func.sum(case((and_(member, is_real), 1), else_=0)), 0)
                       .label(f"real_{index}"))
        columns.append(func.coalesce(func.sum(case((and_(member, is_sample), 1), else_=0)), 0)
                       .label(f"sample_{index}"))
    if not columns:
        return [None] * len(groups)
    row = db.session.execute(select(*columns).select_from(_joined()).where(*scope.conditions())).one()
    values = row._mapping
    return [None if group is None else GroupCounts(int(values[f"real_{i}"]),
                                                   int(values[f"sample_{i}"]))
            for i, group in enumerate(groups)]


def _peer_values(scope: Scope, condition: ColumnElement[bool], key: ColumnElement):
    """(key, dimension, score, source) for every peer score, overall and per dimension."""
    overall = (select(key.label("key"), literal(OVERALL).label("dimension"),
                      ASSESSMENT.c.overall_score.label("score"), ASSESSMENT.c.source.label("source"))
               .select_from(_joined())
               .where(*scope.conditions(), condition, ASSESSMENT.c.overall_score.is_not(None)))
    dimensions = (select(key, SCORES.c.dimension_id, SCORES.c.score, ASSESSMENT.c.source)
                  .select_from(SCORES.join(ASSESSMENT, ASSESSMENT.c.id == SCORES.c.assessment_id)
                               .join(ORGANIZATION, ORGANIZATION.c.id == ASSESSMENT.c.organization_id))
                  .where(*scope.conditions(), condition, SCORES.c.score.is_not(None)))
    return union_all(overall, dimensions).subquery("peer_values")


def _own_score(values, own: Mapping[str, float] | None) -> ColumnElement:
    mapping = {k: v for k, v in (own or {}).items() if v is not None}
    if not mapping:
        return literal(None, Float)
    return case({k: literal(float(v), Float) for k, v in mapping.items()},
                value=values.c.dimension, else_=None)


def _counting_columns(values, own, real_sources) -> list:
    mine = _own_score(values, own)
    return [
        func.sum(case((values.c.source.in_(tuple(real_sources)), 1), else_=0)).label("real"),
        func.sum(case((values.c.score < mine, 1), else_=0)).label("below"),
        func.sum(case((values.c.score == mine, 1), else_=0)).label("ties"),
    ]


def _postgresql_statement(values, own, real_sources) -> Select:
    quartiles = [func.percentile_cont(float(p)).within_group(values.c.score).label(name)
                 for p, name in zip(QUARTILES, QUARTILE_NAMES, strict=True)]
    return (select(values.c.key, values.c.dimension, func.count().label("n"),
                   func.avg(values.c.score).label("mean"), *quartiles,
                   func.min(values.c.score).label("minimum"), func.max(values.c.score).label("maximum"),
                   *_counting_columns(values, own, real_sources))
            .group_by(values.c.key, values.c.dimension))


def _row_number_at(n: ColumnElement, p: Fraction, upper: bool) -> ColumnElement:
    """The 1-based row number of the value below (or above) quantile p of n sorted values."""
    scaled = (n - 1) * p.numerator
    lower = scaled // p.denominator + 1
    if not upper:
        return lower
    return lower + case((scaled % p.denominator > 0, 1), else_=0)


def _sqlite_statement(values, own, real_sources) -> Select:
    """Quantiles without percentile_cont, and without sorting every score: the scores of each group
    are counted per distinct value (answers are discrete, so a dimension has a few hundred distinct
    scores however many assessments there are); running counts over those values, a window SUM,
    then say which value sits at each row number, and the two around each quantile position are
    interpolated exactly as percentile_cont does."""
    is_real = values.c.source.in_(tuple(real_sources))
    histogram = (select(values.c.key, values.c.dimension, values.c.score,
                        func.count().label("weight"),
                        func.sum(case((is_real, 1), else_=0)).label("real_weight"))
                 .group_by(values.c.key, values.c.dimension, values.c.score)).subquery("histogram")
    partition = (histogram.c.key, histogram.c.dimension)
    through = func.sum(histogram.c.weight).over(partition_by=partition, order_by=histogram.c.score)
    running = select(histogram, through.label("through"),
                     func.sum(histogram.c.weight).over(partition_by=partition).label("n")
                     ).subquery("running")
    before = running.c.through - running.c.weight
    picks = []
    for p, name in zip(QUARTILES, QUARTILE_NAMES, strict=True):
        for upper in (False, True):
            row_number = _row_number_at(running.c.n, p, upper)
            picks.append(func.max(case((and_(before < row_number, row_number <= running.c.through),
                                        running.c.score)))
                         .label(f"{name}_{'hi' if upper else 'lo'}"))
    mine = _own_score(running, own)
    grouped = (select(running.c.key, running.c.dimension, func.max(running.c.n).label("n"),
                      (func.sum(running.c.score * running.c.weight) / func.max(running.c.n))
                      .label("mean"), *picks,
                      func.min(running.c.score).label("minimum"),
                      func.max(running.c.score).label("maximum"),
                      func.sum(running.c.real_weight).label("real"),
                      func.sum(case((running.c.score < mine, running.c.weight), else_=0)).label("below"),
                      func.sum(case((running.c.score == mine, running.c.weight), else_=0)).label("ties"))
               .group_by(running.c.key, running.c.dimension)).subquery("grouped")
    quartiles = []
    for p, name in zip(QUARTILES, QUARTILE_NAMES, strict=True):
        low, high = grouped.c[f"{name}_lo"], grouped.c[f"{name}_hi"]
        fraction = cast((grouped.c.n - 1) * p.numerator % p.denominator, Float) / float(p.denominator)
        quartiles.append((low + (high - low) * fraction).label(name))
    return select(grouped.c.key, grouped.c.dimension, grouped.c.n, grouped.c.mean, *quartiles,
                  grouped.c.minimum, grouped.c.maximum, grouped.c.real, grouped.c.below,
                  grouped.c.ties)


def distributions(scope: Scope, condition: ColumnElement[bool] | None = None,
                  key: ColumnElement | None = None, own: Mapping[str, float] | None = None,
                  real_sources: Iterable[str] = ()) -> list[Distribution]:
    """Statistics per (key, dimension) of the peers in `scope` meeting `condition`.

    `key` splits peers into groups (e.g. a region CASE); without it every peer is in group "all".
    `own` maps dimension ids (and OVERALL) to the compared organization's scores, for the counts
    behind its percentile rank.
    """
    values = _peer_values(scope, true() if condition is None else condition,
                          literal("all") if key is None else key)
    real_sources = tuple(real_sources)
    if db.engine.dialect.name == "postgresql":
        statement = _postgresql_statement(values, own, real_sources)
    else:
        statement = _sqlite_statement(values, own, real_sources)
    return [_distribution(row._mapping) for row in db.session.execute(statement)]


def _distribution(row: Mapping) -> Distribution:
    def number(name: str) -> float | None:
        value = row[name]
        return None if value is None else float(value)

    summary = Summary(int(row["n"]), number("mean"), number("q1"), number("median"), number("q3"),
                      number("minimum"), number("maximum")).rounded()
    return Distribution(row["key"], row["dimension"], summary, int(row["real"] or 0),
                        int(row["below"] or 0), int(row["ties"] or 0))
