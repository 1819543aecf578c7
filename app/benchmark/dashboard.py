"""Group statistics for the staff dashboard and `flask peers stats`: every group of one kind (e.g.
each region) by every dimension, for one Selection, in one SQL statement (app.benchmark.queries,
the same definitions as the results page).

    group_statistics(selection, questionnaire, by=GroupKind.REGION, threshold=5)
    -> GroupStatistics(groups=[Distribution(key="andean", dimension="strategy", summary=Summary(
           count, mean, q1, median, q3, minimum, maximum), real=...), ...],
       total=[Distribution(key="all", dimension=...), ...])   # every group together

Dimension OVERALL ("_overall") is the overall score. Organizations whose country is in no region
have the region key None (app.benchmark.groups). `peers stats` sees every group as it is; with a
threshold, the anonymity rule (app.domain.anonymity `disclose`) decides what each one shows, as
for anything meant for respondents. The staff dashboard uses `staff_statistics`: every group, of
any size, computed from its real results or its samples but never both mixed under K
(app.domain.anonymity `staff_composition`), with each group's composition.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from app.benchmark.groups import ALL_KEY, GroupKind, group_key
from app.benchmark.queries import OVERALL, Histograms, histograms
from app.benchmark.selection import Selection
from app.domain.anonymity import Composition, GroupCounts, SamplesMode, disclose, staff_composition
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
    return GroupStatistics(_listed(found, questionnaire, threshold),
                           _listed(_together(found), questionnaire, threshold))


def _listed(found: Histograms, questionnaire: Questionnaire,
            threshold: int | None = None) -> list[Distribution]:
    order = {d.id: i for i, d in enumerate(questionnaire.dimensions)}
    rows = [distribution(key, dimension, bins) for (key, dimension), bins in found.items()]
    rows.sort(key=lambda r: (r.key is None, r.key or "", order.get(r.dimension, -1)))
    return rows if threshold is None else [disclose(r, threshold) for r in rows]


@dataclass(frozen=True)
class StaffGroup:
    """One group as the staff dashboard computes it: its organizations (with an overall score),
    real and not (sample or synthetic), and which of them its statistics count."""

    key: str | None
    counts: GroupCounts
    composition: Composition

    @property
    def n(self) -> int:
        return self.composition.count(self.counts)


@dataclass(frozen=True)
class StaffStatistics(GroupStatistics):
    groups_by_key: dict[str | None, StaffGroup]
    together: StaffGroup | None  # every group at once (None when the selection is empty)


def staff_statistics(selection: Selection, questionnaire: Questionnaire, by: GroupKind | str,
                     threshold: int, mode: SamplesMode | str) -> StaffStatistics:
    """Every group with data, of any size, and all of them together; each composed by
    `staff_composition` (the groups and the total each on their own counts)."""
    found = histograms(selection, group_key(GroupKind(by), library().regions), REAL_SOURCES)
    groups, kept = _composed(found, threshold, mode)
    totals, together = _composed(_together(found), threshold, mode)
    return StaffStatistics(_listed(groups, questionnaire), _listed(totals, questionnaire),
                           kept, together.get(ALL_KEY))


def _composed(found: Histograms, threshold: int, mode: SamplesMode | str
              ) -> tuple[Histograms, dict[str | None, StaffGroup]]:
    """Each group's histograms keeping only the results its composition counts."""
    kept: dict[str | None, StaffGroup] = {}
    for key in {key for key, _dimension in found}:
        bins = found.get((key, OVERALL)) or max(
            (b for (k, _d), b in found.items() if k == key), key=lambda b: sum(x.count for x in b))
        real = sum(b.real for b in bins)
        counts = GroupCounts(real, sum(b.count for b in bins) - real)
        kept[key] = StaffGroup(key, counts, staff_composition(counts, threshold, mode))
    composed: Histograms = {}
    for (key, dimension), bins in found.items():
        composition = kept[key].composition
        chosen = [Bin(b.value, (b.real if composition.real else 0)
                      + (b.count - b.real if composition.samples else 0),
                      b.real if composition.real else 0) for b in bins]
        chosen = [b for b in chosen if b.count > 0]
        if chosen:
            composed[(key, dimension)] = chosen
    return composed, kept


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
