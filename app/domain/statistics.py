"""Peer statistics: the definitions every page, command and test agrees on, and the arithmetic.
Plain Python.

Quantiles use linear interpolation between the two nearest ranks (Hyndman & Fan type 7: numpy's
default, PostgreSQL's ``percentile_cont``, Excel's ``PERCENTILE.INC``). For ``n`` values sorted
ascending ``x[0..n-1]`` and a probability ``p``, let ``h = (n - 1) * p``; the quantile is
``x[floor(h)] + (x[ceil(h)] - x[floor(h)]) * (h - floor(h))``. The quartiles are p = 1/4, 1/2, 3/4.
They are written here as fractions so that each position is found with exact integer arithmetic.

The percentile rank of a score among its peers is the share of peers strictly below it plus half of
the peers tied with it, in percent: ``100 * (below + ties / 2) / n``. A score above every peer has
rank 100, below every peer 0, and the median peer's score about 50. The organization itself is never
one of its peers.

The databases return each group's scores as a small histogram (each distinct score with how many
peers have it, and how many of those are real organizations: answers are discrete, so a dimension has
a few hundred distinct scores however many assessments there are); `distribution` computes a group's
statistics and the compared organization's rank from it, so SQLite and PostgreSQL share one code path
and give the same numbers.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate
from typing import NamedTuple

QUARTILES: tuple[Fraction, ...] = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))

# Statistics are rounded to this many decimals, so that a sum's last binary digit (which depends on
# the order of addition) never shows; scores themselves are stored with 6 decimals.
DECIMALS = 9


@dataclass(frozen=True)
class QuantilePosition:
    """The 0-based indexes of the two sorted values around a quantile, and the weight of the upper."""

    lower: int
    upper: int
    fraction: Fraction


def quantile_position(n: int, p: Fraction) -> QuantilePosition:
    if n < 1:
        raise ValueError("a quantile needs at least one value")
    h = (n - 1) * p
    lower = math.floor(h)
    return QuantilePosition(lower, math.ceil(h), h - lower)


def interpolate(low: float, high: float, fraction: float) -> float:
    """The expression PostgreSQL's percentile_cont evaluates: low + (high - low) * fraction."""
    return low + (high - low) * fraction


def percentile_rank(below: int, ties: int, n: int) -> float | None:
    """Share of peers strictly below plus half the ties, in percent; None without peers."""
    if n <= 0:
        return None
    return 100.0 * (below + ties / 2) / n


@dataclass(frozen=True)
class Summary:
    """A group's distribution in one dimension."""

    count: int
    mean: float | None = None
    q1: float | None = None
    median: float | None = None
    q3: float | None = None
    minimum: float | None = None
    maximum: float | None = None

    @property
    def iqr(self) -> float | None:
        return None if self.q1 is None or self.q3 is None else self.q3 - self.q1

    def rounded(self) -> Summary:
        def r(value: float | None) -> float | None:
            return None if value is None else round(value, DECIMALS)

        return Summary(self.count, r(self.mean), r(self.q1), r(self.median), r(self.q3),
                       r(self.minimum), r(self.maximum))


class Bin(NamedTuple):
    """One distinct score of a group's histogram: how many peers have it, how many of them real."""

    value: float
    count: int
    real: int = 0


def summarise_histogram(histogram: Iterable[tuple[float, int]]) -> Summary:
    """The statistics of the values a histogram of (value, count) pairs stands for, exactly as
    `summarise` of the values themselves; values may repeat (counts add up)."""
    pairs = sorted((value, count) for value, count in histogram if value is not None and count > 0)
    if not pairs:
        return Summary(0)
    values = [value for value, _count in pairs]
    through = list(accumulate(count for _value, count in pairs))  # values up to and including each
    n = through[-1]

    def at(index: int) -> float:  # the value at a 0-based position in the sorted values
        return values[bisect_right(through, index)]

    quartiles = []
    for p in QUARTILES:
        position = quantile_position(n, p)
        quartiles.append(interpolate(at(position.lower), at(position.upper),
                                     float(position.fraction)))
    mean = math.fsum(value * count for value, count in pairs) / n
    return Summary(n, mean, *quartiles, values[0], values[-1]).rounded()


def summarise(values: Sequence[float]) -> Summary:
    """The statistics of an in-memory list, by the same path as the databases' histograms."""
    return summarise_histogram(Counter(v for v in values if v is not None).items())


@dataclass(frozen=True)
class Distribution:
    """One group's statistics in one dimension (its key names the group, e.g. a region id).

    `shown` and `extremes` say what the anonymity rule lets people see (app.domain.anonymity
    `disclose`); a distribution not yet disclosed shows everything, as staff and `peers stats` see it.
    A hidden one keeps only its count."""

    key: str | None
    dimension: str
    summary: Summary
    real: int = 0  # how many of the values are real organizations' results
    below: int = 0  # values strictly below the compared organization's score
    ties: int = 0  # values equal to it
    shown: bool = True
    extremes: bool = True  # minimum and maximum (individual scores) may be shown

    @property
    def n(self) -> int:
        return self.summary.count

    @property
    def median(self) -> float | None:
        return self.summary.median if self.shown else None

    @property
    def values(self) -> tuple[float | None, ...] | None:
        """(minimum, q1, median, q3, maximum), extremes None when they may not be shown; None when
        nothing may be."""
        if not self.shown:
            return None
        s = self.summary
        low, high = (s.minimum, s.maximum) if self.extremes else (None, None)
        return (low, s.q1, s.median, s.q3, high)

    @property
    def rank(self) -> float | None:
        """The compared organization's percentile rank among these values (None when hidden)."""
        return percentile_rank(self.below, self.ties, self.n) if self.shown else None


def distribution(key: str | None, dimension: str, histogram: Iterable[Bin],
                 own: float | None = None) -> Distribution:
    """A group's statistics from its histogram; `own` is the compared organization's score, for the
    counts behind its percentile rank."""
    bins = list(histogram)
    below = sum(b.count for b in bins if own is not None and b.value < own)
    ties = sum(b.count for b in bins if own is not None and b.value == own)
    return Distribution(key, dimension, summarise_histogram((b.value, b.count) for b in bins),
                        sum(b.real for b in bins), below, ties)


def rank_in(values: Sequence[float], score: float) -> float | None:
    """The percentile rank of `score` among `values` (in memory, by the same count as `distribution`)."""
    counted = Counter(v for v in values if v is not None)
    return distribution(None, "", (Bin(v, c) for v, c in counted.items()), score).rank
