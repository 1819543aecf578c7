"""Group statistics for the staff dashboard and `flask peers stats`: every group of one kind (e.g.
each region) by every dimension, for one Selection, in one SQL statement (app.benchmark.queries,
the same definitions as the results page).

    group_statistics(selection, questionnaire, by=GroupKind.REGION, threshold=5)
    -> GroupStatistics(groups=[Distribution(key="andean", dimension="strategy", summary=Summary(
           count, mean, q1, median, q3, minimum, maximum), real=...), ...],
       total=[Distribution(key="all", dimension=...), ...])   # every group together

Dimension OVERALL ("_overall") is the overall score. Organizations whose country is in no region
have the region key None (app.benchmark.groups). Staff and `peers stats` see every group; with a
threshold, the anonymity rule (app.domain.anonymity `disclose`) decides what each one shows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.benchmark.groups import ALL_KEY, GroupKind, group_key
from app.benchmark.queries import Histograms, histograms
from app.benchmark.selection import Selection
from app.domain.anonymity import disclose
from app.domain.questionnaire import Questionnaire
from app.domain.statistics import Bin, Distribution, distribution
from app.models.assessment import REAL_SOURCES
from app.questionnaires import library


@dataclass(frozen=True)
class GroupStatistics:
    groups: list[Distribution]  # by group (None last), then dimension (the overall score first)
    total: list[Distribution]  # all the selection's peers, by dimension


def group_statistics(selection: Selection, questionnaire: Questionnaire,
                     by: GroupKind | str = GroupKind.REGION,
                     threshold: int | None = None) -> GroupStatistics:
    """Statistics per (group, dimension) and for everyone per dimension. Synthetic and sample
    results are never counted as real organizations."""
    found = histograms(selection, group_key(GroupKind(by), library().regions), REAL_SOURCES)
    order = {d.id: i for i, d in enumerate(questionnaire.dimensions)}

    def listed(histograms: Histograms) -> list[Distribution]:
        rows = [distribution(key, dimension, bins) for (key, dimension), bins in histograms.items()]
        rows.sort(key=lambda r: (r.key is None, r.key or "", order.get(r.dimension, -1)))
        return rows if threshold is None else [disclose(r, threshold) for r in rows]

    return GroupStatistics(listed(found), listed(_together(found)))


def _together(found: Histograms) -> Histograms:
    """One group of everyone: each dimension's histograms added up."""
    added: dict[str, dict[float, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for (_key, dimension), bins in found.items():
        for value, count, real in bins:
            counts = added[dimension][value]
            counts[0] += count
            counts[1] += real
    return {(ALL_KEY, dimension): [Bin(value, count, real) for value, (count, real) in by_value.items()]
            for dimension, by_value in added.items()}
