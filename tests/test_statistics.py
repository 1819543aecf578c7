"""The statistics definitions, checked against numpy and the statistics module."""

import random
import statistics as stdlib_statistics
from fractions import Fraction

import numpy
import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.anonymity import disclose
from app.domain.statistics import (
    QUARTILES,
    Bin,
    distribution,
    percentile_rank,
    quantile_position,
    rank_in,
    summarise,
    summarise_histogram,
)

scores = st.lists(st.sampled_from([0.0, 12.5, 25.0, 33.333333, 50.0, 66.666667, 75.0, 100.0])
                  | st.floats(0, 100, allow_nan=False), min_size=1, max_size=60)


@given(scores)
def test_summary_matches_numpy(values):
    summary = summarise(values)
    q1, median, q3 = numpy.percentile(values, [25, 50, 75])
    assert summary.count == len(values)
    assert summary.mean == pytest.approx(numpy.mean(values), abs=1e-8)
    assert (summary.q1, summary.median, summary.q3) == pytest.approx((q1, median, q3), abs=1e-8)
    assert (summary.minimum, summary.maximum) == pytest.approx((min(values), max(values)), abs=1e-8)


histograms = st.lists(st.tuples(st.sampled_from([0.0, 12.5, 25.0, 33.333333, 50.0, 100.0])
                                | st.floats(0, 100, allow_nan=False), st.integers(1, 40)),
                      min_size=1, max_size=30)


@given(histograms)
def test_a_weighted_histogram_summarises_as_numpy_does_its_values(pairs):
    values = numpy.repeat([v for v, _c in pairs], [c for _v, c in pairs])
    summary = summarise_histogram(pairs)
    assert summary.count == len(values)
    assert summary.mean == pytest.approx(numpy.mean(values), abs=1e-8)
    assert (summary.q1, summary.median, summary.q3) == pytest.approx(
        tuple(numpy.percentile(values, [25, 50, 75])), abs=1e-8)
    assert (summary.minimum, summary.maximum) == pytest.approx((values.min(), values.max()), abs=1e-8)
    again = summarise(list(values))  # the same values, grouped differently
    assert (again.count, again.q1, again.median, again.q3) == (
        summary.count, summary.q1, summary.median, summary.q3)


@given(histograms, st.integers(0, 40), st.floats(0, 100, allow_nan=False))
def test_a_distribution_counts_real_peers_and_ranks_against_numpy(pairs, real, own):
    bins = [Bin(v, c, min(real, c)) for v, c in pairs]
    values = numpy.repeat([v for v, _c in pairs], [c for _v, c in pairs])
    found = distribution("andean", "strategy", bins, own)
    assert found.real == sum(min(real, c) for _v, c in pairs)
    assert (found.below, found.ties) == (int(numpy.sum(values < own)), int(numpy.sum(values == own)))
    assert found.rank == pytest.approx(
        100 * (numpy.sum(values < own) + numpy.sum(values == own) / 2) / len(values))


def test_a_hidden_distribution_keeps_only_its_size():
    bins = [Bin(10.0, 2, 2), Bin(50.0, 1, 1)]  # three real organizations, K = 5
    hidden = disclose(distribution("x", "strategy", bins, 50.0), 5)
    assert (hidden.n, hidden.shown, hidden.median, hidden.values, hidden.rank) == (
        3, False, None, None, None)
    assert hidden.summary.mean is None and hidden.summary.maximum is None
    samples = disclose(distribution("x", "strategy", [Bin(10.0, 5, 0)]), 5)  # samples only
    assert samples.shown and samples.extremes and samples.values == (10.0,) * 5


def test_no_values_no_statistics():
    assert summarise_histogram([]) == summarise_histogram([(5.0, 0)]) == summarise([])


@given(scores)
def test_median_matches_the_statistics_module(values):
    assert summarise(values).median == pytest.approx(stdlib_statistics.median(values), abs=1e-8)


@given(scores, st.floats(0, 100, allow_nan=False))
def test_percentile_rank_counts_below_and_half_the_ties(values, score):
    data = numpy.array(values)
    expected = 100 * (numpy.sum(data < score) + numpy.sum(data == score) / 2) / len(data)
    assert rank_in(values, score) == pytest.approx(expected)


def test_rank_examples():
    assert rank_in([10, 20, 30, 40], 50) == 100
    assert rank_in([10, 20, 30, 40], 5) == 0
    assert rank_in([10, 20, 20, 40], 20) == 50  # one below, two ties: (1 + 1) / 4
    assert rank_in([], 20) is None
    assert percentile_rank(0, 0, 0) is None


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 7, 10, 101])
def test_quantile_positions_are_exact_fractions(n):
    for p in QUARTILES:
        position = quantile_position(n, p)
        assert position.lower + position.fraction == (n - 1) * p
        assert position.upper - position.lower in (0, 1)
        assert position.fraction in (0, Fraction(1, 4), Fraction(1, 2), Fraction(3, 4))


def test_single_value_and_empty():
    assert summarise([42.0]).q1 == summarise([42.0]).q3 == 42.0
    assert summarise([]).count == 0 and summarise([]).median is None
    with pytest.raises(ValueError):
        quantile_position(0, Fraction(1, 2))


def test_quartiles_of_a_known_list():
    # numpy's linear method: h = (n - 1) p; 1..8 -> q1 at h=1.75 -> 2.75
    summary = summarise([float(v) for v in random.Random(3).sample(range(1, 9), 8)])
    assert (summary.q1, summary.median, summary.q3) == (2.75, 4.5, 6.25)
