"""Peer statistics from the database, by one code path on SQLite and PostgreSQL.

Peers are the assessments a Selection's `peer_conditions` holds (app.benchmark.selection `is_peer`:
each organization's latest submitted assessment, trusted), grouped by the profile each was
submitted with. Each contributes its overall score (as the pseudo-dimension OVERALL) and one score
per dimension; a blank dimension score (no applicable answer) is left out of that dimension only.

No query returns one row per assessment. The database groups the scores into each (group,
dimension)'s histogram: every distinct score with how many peers have it and how many of those are
real organizations' results. Answers are discrete, so a histogram holds a few hundred values however
many assessments there are, and app.domain.statistics computes count, mean, quartiles, minimum,
maximum and percentile ranks from it in Python: the same numbers on both databases.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from sqlalchemy import ColumnElement, and_, case, func, literal, select, true, union_all

from app.benchmark.groups import ALL_KEY, PeerGroup
from app.benchmark.selection import Selection
from app.domain.anonymity import GroupCounts
from app.domain.statistics import Bin, Distribution, distribution
from app.extensions import db
from app.models import Assessment, DimensionScore, Source

OVERALL = "_overall"  # the overall score's key among dimension ids (which never start with "_")

Histograms = dict[tuple[str | None, str], list[Bin]]


def group_counts(selection: Selection, groups: Sequence[PeerGroup | None],
                 real_sources: Iterable[str]) -> list[GroupCounts | None]:
    """Real and sample peers in each group, in one pass over the assessments: trusted ones only
    (`peer_conditions`), so the anonymity threshold counts trusted organizations."""
    is_real = Assessment.source.in_(tuple(real_sources))
    is_sample = Assessment.source == Source.SAMPLE.value
    columns = []
    for index, group in enumerate(groups):
        if group is None:
            continue
        member = and_(true(), *group.narrow(selection).profile_conditions())
        columns.append(func.coalesce(func.sum(case((and_(member, is_real), 1), else_=0)), 0)
                       .label(f"real_{index}"))
        columns.append(func.coalesce(func.sum(case((and_(member, is_sample), 1), else_=0)), 0)
                       .label(f"sample_{index}"))
    if not columns:
        return [None] * len(groups)
    row = db.session.execute(select(*columns).select_from(Assessment)
                             .where(*selection.peer_conditions())).one()
    values = row._mapping
    return [None if group is None else GroupCounts(int(values[f"real_{i}"]),
                                                   int(values[f"sample_{i}"]))
            for i, group in enumerate(groups)]


def histograms(selection: Selection, key: ColumnElement | None = None,
               real_sources: Iterable[str] = ()) -> Histograms:
    """{(group key, dimension): [Bin(score, peers, real peers), ...]} of the selection's peers.

    `key` splits peers into groups (e.g. app.benchmark.groups.region_key); without it every peer
    is in the one group ALL_KEY. Two GROUP BY statements in one round trip: overall scores, and
    dimension scores."""
    is_real = func.sum(case((Assessment.source.in_(tuple(real_sources)), 1), else_=0))
    label = (literal(ALL_KEY) if key is None else key).label("group_key")
    group = [] if key is None else [label]  # GROUP BY the output column: one CASE, not two
    overall = (select(label, literal(OVERALL).label("dimension"),
                      Assessment.overall_score.label("score"), func.count().label("peers"),
                      is_real.label("real"))
               .select_from(Assessment)
               .where(*selection.peer_conditions(), Assessment.overall_score.is_not(None))
               .group_by(*group, Assessment.overall_score))
    dimensions = (select(label, DimensionScore.dimension_id, DimensionScore.score, func.count(),
                         is_real)
                  .select_from(DimensionScore).join(Assessment)
                  .where(*selection.peer_conditions(), DimensionScore.score.is_not(None))
                  .group_by(*group, DimensionScore.dimension_id, DimensionScore.score))
    found: Histograms = defaultdict(list)
    for group_key, dimension, score, peers, real in db.session.execute(union_all(overall,
                                                                                 dimensions)):
        found[(group_key, dimension)].append(Bin(float(score), int(peers), int(real or 0)))
    return dict(found)


def distributions(selection: Selection, key: ColumnElement | None = None,
                  own: Mapping[str, float | None] | None = None,
                  real_sources: Iterable[str] = ()) -> list[Distribution]:
    """Statistics per (group key, dimension) of the selection's peers (see `histograms`).

    `own` maps dimension ids (and OVERALL) to the compared organization's scores, for the counts
    behind its percentile rank."""
    own = own or {}
    return [distribution(group_key, dimension, bins, own.get(dimension))
            for (group_key, dimension), bins in histograms(selection, key, real_sources).items()]
