"""Benchmark statistics computed in SQL, checked against numpy on generated data, on SQLite and
PostgreSQL alike: ties, tiny groups, an empty group, and the rows that must not count."""

import random

import numpy
import pytest

from app.benchmark.dashboard import group_statistics
from app.benchmark.groups import GroupKind, PeerGroup
from app.benchmark.queries import OVERALL, distributions, group_counts
from app.benchmark.selection import Selection
from app.models.assessment import REAL_SOURCES
from app.operations.assessment import start_reassessment
from app.questionnaires import active_questionnaire
from tests.factories import DIMENSIONS, add_peer, add_peers

GRID = [0.0, 12.5, 25.0, 33.333333, 50.0, 62.5, 66.666667, 87.5, 100.0]


def random_peers(rng: random.Random, count: int, **profile) -> list[dict]:
    """Scores mostly from a small grid (many ties), some arbitrary, some dimensions blank."""
    peers = []
    for _ in range(count):
        def value():
            return rng.choice(GRID) if rng.random() < 0.7 else round(rng.uniform(0, 100), 6)
        scores = {d: (None if rng.random() < 0.1 else value()) for d in DIMENSIONS}
        peers.append({"overall": value(), "scores": scores})
        add_peer(overall=peers[-1]["overall"], scores=scores, **profile)
    return peers


def expected(values, own):
    data = numpy.array(values, dtype=float)
    q1, median, q3 = numpy.percentile(data, [25, 50, 75])
    return {"count": len(data), "mean": data.mean(), "q1": q1, "median": median, "q3": q3,
            "minimum": data.min(), "maximum": data.max(),
            "below": int(numpy.sum(data < own)), "ties": int(numpy.sum(data == own))}


def actual(row):
    s = row.summary
    return {"count": s.count, "mean": s.mean, "q1": s.q1, "median": s.median, "q3": s.q3,
            "minimum": s.minimum, "maximum": s.maximum, "below": row.below, "ties": row.ties}


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield active_questionnaire()


def peers_of(exclude=None, **narrower):
    return Selection("example", 1, exclude_organization=exclude, **narrower)


@pytest.mark.parametrize("seed,count", [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 9), (6, 10),
                                        (7, 57)])
def test_every_statistic_matches_numpy(ctx, seed, count):
    rng = random.Random(seed)
    peers = random_peers(rng, count)
    own = {OVERALL: rng.choice(GRID), "strategy": peers[0]["scores"]["strategy"] or 50.0,
           "services": rng.choice(GRID)}
    rows = {r.dimension: r for r in distributions(peers_of(), own=own, real_sources=REAL_SOURCES)}
    columns = {OVERALL: [p["overall"] for p in peers]}
    for dimension in DIMENSIONS:
        columns[dimension] = [p["scores"][dimension] for p in peers
                              if p["scores"][dimension] is not None]
    for dimension, values in columns.items():
        if not values:
            assert dimension not in rows
            continue
        assert actual(rows[dimension]) == pytest.approx(expected(values, own[dimension]), abs=1e-9)
        assert rows[dimension].real == len(values)


def test_an_empty_group_has_no_rows_and_zero_counts(ctx):
    random_peers(random.Random(1), 6, country="CL")
    empty = PeerGroup(GroupKind.COUNTRY, "HN")
    assert distributions(empty.narrow(peers_of()), real_sources=REAL_SOURCES) == []
    counts = group_counts(peers_of(), [empty, None, PeerGroup(GroupKind.ALL)], REAL_SOURCES)
    assert counts[0].real == 0 and counts[1] is None and counts[2].real == 6


def test_only_latest_submitted_real_peers_of_the_version_count_and_never_the_organization(ctx):
    me = add_peer(overall=10.0)
    add_peer(overall=20.0, organization=me)  # the organization's other assessment
    older = add_peer(overall=91.0)  # replaced below by a newer assessment of its organization
    counted = [add_peer(overall=30.0, organization=older)] + [add_peer(overall=v)
                                                               for v in (40.0, 50.0)]
    add_peer(overall=92.0, version=2)
    add_peer(overall=93.0, source="sample")
    add_peer(overall=94.0, source="synthetic")
    latest = counted[1].assessments[-1]
    start_reassessment(latest, ctx, "es")  # a draft of a counted organization: still counted once
    rows = distributions(peers_of(exclude=me.id), real_sources=REAL_SOURCES)
    overall = next(r for r in rows if r.dimension == OVERALL)
    assert (overall.summary.count, overall.summary.median, overall.summary.maximum) == (3, 40.0, 50.0)


def test_region_groups_follow_the_regions_file(ctx):
    rng = random.Random(9)
    by_country = {c: random_peers(rng, n, country=c) for c, n in (("AR", 4), ("CL", 7), ("HN", 5))}
    add_peer(country="BR", overall=1.0)  # in no region of the test regions file
    add_peer(country=None, overall=2.0)  # no country given
    found = group_statistics(peers_of(), ctx, GroupKind.REGION)
    rows = {(r.key, r.dimension): r for r in found.groups}
    southern = [p["overall"] for p in by_country["AR"] + by_country["CL"]]
    assert rows[("southern_cone", OVERALL)].summary.median == pytest.approx(
        numpy.percentile(southern, 50), abs=1e-9)
    assert rows[("central_america_mexico", OVERALL)].summary.count == 5
    assert rows[(None, OVERALL)].summary.count == 2  # no region: the one key for both
    assert [r.key for r in found.groups if r.dimension == OVERALL] == [
        "central_america_mexico", "southern_cone", None]


def test_every_region_together_matches_numpy(ctx):
    rng = random.Random(12)
    peers = [p for c, n in (("AR", 6), ("HN", 9), ("BR", 3)) for p in random_peers(rng, n, country=c)]
    total = {r.dimension: r for r in group_statistics(peers_of(), ctx, GroupKind.REGION).total}
    assert actual(total[OVERALL]) == pytest.approx(
        expected([p["overall"] for p in peers], 50.0) | {"below": 0, "ties": 0}, abs=1e-9)
    strategy = [p["scores"]["strategy"] for p in peers if p["scores"]["strategy"] is not None]
    assert total["strategy"].summary.count == len(strategy)
    assert total["strategy"].summary.q3 == pytest.approx(numpy.percentile(strategy, 75), abs=1e-9)


def test_a_threshold_applies_the_anonymity_rule_to_every_group(ctx):
    rng = random.Random(4)
    random_peers(rng, 6, country="AR", org_type="confederation")
    random_peers(rng, 3, country="AR", org_type="sectoral")
    random_peers(rng, 4, country="CL", org_type="sectoral")
    rows = group_statistics(peers_of(country="AR"), ctx, GroupKind.TYPE, threshold=5).groups
    overall = {r.key: r for r in rows if r.dimension == OVERALL}
    assert overall["confederation"].n == 6 and overall["confederation"].median is not None
    assert not overall["confederation"].extremes  # individual scores only from 2K real peers
    assert overall["sectoral"].n == 3 and overall["sectoral"].summary.median is None
    assert overall["sectoral"].values is None and not overall["sectoral"].shown


def test_peers_stats_prints_the_overall_score_of_each_group(app, runner):
    with app.app_context():
        add_peers(3, start=20.0, step=10.0, country="AR")  # 20, 30, 40
        add_peers(2, start=70.0, step=20.0, country="HN")  # 70, 90
        add_peer(country="BR", overall=55.0)  # in no region
        add_peers(2, start=5.0, step=1.0, country="CL", source="sample")
    result = runner.invoke(args=["peers", "stats"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "group\tcount\tmean\tq1\tmedian\tq3\tmin\tmax",
        "central_america_mexico\t2\t80.0\t75.0\t80.0\t85.0\t70.0\t90.0",
        "southern_cone\t3\t30.0\t25.0\t30.0\t35.0\t20.0\t40.0",
        "(none)\t1\t55.0\t55.0\t55.0\t55.0\t55.0\t55.0"]
    with_samples = runner.invoke(args=["peers", "stats", "--by", "all", "--samples"]).output
    assert with_samples.splitlines()[1:] == [
        "all\t8\t39.5\t16.5\t35.0\t58.8\t5.0\t90.0",  # numpy: 16.5, 35, 58.75
        "Includes illustrative sample data, not real results."]
