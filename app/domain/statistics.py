"""Benchmark statistics: the definitions every query, page and test agrees on. Plain Python.

Quantiles use linear interpolation between the two nearest ranks (Hyndman & Fan type 7: numpy's
default, PostgreSQL's ``percentile_cont``, Excel's ``PERCENTILE.INC``). For ``n`` values sorted
ascending ``x[0..n-1]`` and a probability ``p``, let ``h = (n - 1) * p``; the quantile is
``x[floor(h)] + (x[ceil(h)] - x[floor(h)]) * (h - floor(h))``. The quartiles are p = 1/4, 1/2, 3/4.
They are written here as fractions so that SQL can find the two rows around each position with exact
integer arithmetic (``(n - 1) * numerator / denominator``); that is how SQLite, which has no
``percentile_cont``, computes the same numbers as PostgreSQL.

The percentile rank of a score among its peers is the share of peers strictly below it plus half of
the peers tied with it, in percent: ``100 * (below + ties / 2) / n``. A score above every peer has
rank 100, below every peer 0, and the median peer's score about 50. The organization itself is never
one of its peers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

QUARTILES: tuple[Fraction, ...] = (Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))

# Statistics are rounded to this many decimals so that both databases (whose sums may differ in the
# last binary digit) give identical numbers; scores themselves are stored with 6 decimals.
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
    """The same expression PostgreSQL's percentile_cont evaluates: low + (high - low) * fraction."""
    return low + (high - low) * fraction


def quantile(sorted_values: Sequence[float], p: Fraction) -> float:
    position = quantile_position(len(sorted_values), p)
    return interpolate(sorted_values[position.lower], sorted_values[position.upper],
                       float(position.fraction))


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


def summarise(values: Sequence[float]) -> Summary:
    """The statistics of a small in-memory list, by the same definitions as the SQL queries."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return Summary(0)
    q1, median, q3 = (quantile(data, p) for p in QUARTILES)
    return Summary(len(data), math.fsum(data) / len(data), q1, median, q3, data[0],
                   data[-1]).rounded()


def rank_in(values: Sequence[float], score: float) -> float | None:
    """The percentile rank of `score` among `values` (in memory; the SQL does the same count)."""
    data = [v for v in values if v is not None]
    below = sum(1 for v in data if v < score)
    ties = sum(1 for v in data if v == score)
    return percentile_rank(below, ties, len(data))
