"""Who may be compared with whom without revealing any one organization's scores. Plain Python.

The rules (ANONYMITY_THRESHOLD is K, default 5):

* A group shows statistics only when it holds at least K peers, the organization itself not counted.
* Peers are trusted results only (app.domain.provenance): an open submission waits for staff to
  verify it, so made-up submissions cannot fill a group around one real organization.
* Only real results (respondent and verified) are private; sample results are illustrative and
  their answers reproducible from the code's seeds. So K counts trusted real organizations, and
  real results are never mixed with samples in a group holding fewer than K of them: anyone could
  subtract the samples from the group's mean and recover the few real scores. Such a group is
  computed from the samples alone, or not at all.
* Minimum and maximum are individual scores, so they are shown only when a group holds no real
  organization (samples only) or at least 2K of them.
* BENCHMARK_SAMPLES decides when samples join: "auto" (default) while a group has fewer than K real
  organizations, "always", or "never".
* The narrowest group with enough real peers is used; only when no group has that many does the page
  fall back to a group of sample profiles (clearly labelled as such).
* Staff (who can read every assessment anyway) see the statistics of groups of any size, marked as
  small under K (`staff_composition`); the rule that samples never mix with 1..K-1 real results
  holds for them too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from app.domain.statistics import Distribution, Summary


class SamplesMode(StrEnum):
    AUTO = "auto"
    ALWAYS = "always"
    NEVER = "never"


@dataclass(frozen=True)
class GroupCounts:
    """Peers in a group, the organization itself not counted."""

    real: int
    sample: int


@dataclass(frozen=True)
class Composition:
    """Which peers a group's statistics are computed from."""

    real: bool
    samples: bool

    def count(self, counts: GroupCounts) -> int:
        return (counts.real if self.real else 0) + (counts.sample if self.samples else 0)


def compose(counts: GroupCounts, threshold: int, mode: SamplesMode | str) -> Composition | None:
    """The peers a group may show, or None when it may show nothing."""
    mode = SamplesMode(mode)
    real = counts.real >= threshold
    samples = mode is SamplesMode.ALWAYS or (mode is SamplesMode.AUTO and not real)
    composition = Composition(real=real, samples=samples and counts.sample > 0)
    return composition if composition.count(counts) >= threshold else None


def staff_composition(counts: GroupCounts, threshold: int,
                      mode: SamplesMode | str) -> Composition:
    """Which results a statistic shown to staff is computed from, whatever the group's size: a
    group with real results from those alone (joined by its samples only with mode "always" and
    at least K real results, so samples never mix with 1..K-1 real ones), a group without any from
    its samples (illustrative, and labelled so)."""
    if counts.real == 0:
        return Composition(real=False, samples=counts.sample > 0)
    mixed = SamplesMode(mode) is SamplesMode.ALWAYS and counts.real >= threshold
    return Composition(real=True, samples=mixed and counts.sample > 0)


def may_show(real: int, total: int, threshold: int) -> bool:
    """Whether one statistic (e.g. one dimension's) computed over `total` values, `real` of them
    real organizations' results, may be shown."""
    return total >= threshold and (real == 0 or real >= threshold)


def may_show_extremes(real: int, total: int, threshold: int) -> bool:
    return may_show(real, total, threshold) and (real == 0 or real >= 2 * threshold)


def disclose(found: Distribution, threshold: int) -> Distribution:
    """The distribution as people may see it: a group the rule hides keeps only its size (no
    statistic, no rank), and minimum and maximum go only where `may_show_extremes` allows."""
    if not may_show(found.real, found.n, threshold):
        return replace(found, summary=Summary(found.n), below=0, ties=0, shown=False,
                       extremes=False)
    return replace(found, shown=True,
                   extremes=may_show_extremes(found.real, found.n, threshold))


@dataclass(frozen=True)
class Choice:
    """The group to use (index into the candidates) and how it is composed; index None when none."""

    index: int | None
    composition: Composition | None


def choose_group(candidates: Sequence[GroupCounts | None], threshold: int,
                 mode: SamplesMode | str) -> Choice:
    """Candidates run from narrowest to widest (None: the organization has no such group). Prefer
    the narrowest group with enough real peers; else the narrowest that samples can fill."""
    compositions = [None if c is None else compose(c, threshold, mode) for c in candidates]
    for wanted_real in (True, False):
        for index, composition in enumerate(compositions):
            if composition is not None and composition.real == wanted_real:
                return Choice(index, composition)
    return Choice(None, None)
