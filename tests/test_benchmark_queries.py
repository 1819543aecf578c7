"""Benchmark statistics computed in SQL, checked against numpy on generated data, on SQLite and
PostgreSQL alike: ties, tiny groups, an empty group, and the rows that must not count."""

import random

import numpy
import pytest
from sqlalchemy import insert

from app.benchmark.dashboard import Filters, group_statistics
from app.benchmark.groups import GroupKind, PeerGroup
from app.benchmark.queries import OVERALL, Scope, distributions, group_counts
from app.extensions import db
from app.models import Assessment, DimensionScore, Organization
from app.models.assessment import REAL_SOURCES
from app.questionnaires import active_questionnaire

GRID = [0.0, 12.5, 25.0, 33.333333, 50.0, 62.5, 66.666667, 87.5, 100.0]
DIMENSIONS = ("strategy", "services")


def add_peer(*, country="AR", org_type="confederation", members_band="m1", source="respondent",
             overall=50.0, scores=None, status="submitted", is_latest=True, version=1,
             organization_id=None) -> int:
    """One organization (or a given one) with one assessment; returns the organization id."""
    if organization_id is None:
        organization_id = db.session.execute(insert(Organization.__table__).returning(
            Organization.__table__.c.id), {"name": "x", "country": country, "org_type": org_type,
                                           "members_band": members_band}).scalar_one()
    assessment_id = db.session.execute(insert(Assessment.__table__).returning(
        Assessment.__table__.c.id), {
        "organization_id": organization_id, "questionnaire_id": "example",
        "questionnaire_version": version, "locale": "es", "status": status, "source": source,
        "is_latest": is_latest, "overall_score": overall}).scalar_one()
    for dimension, value in (scores or {}).items():
        db.session.execute(insert(DimensionScore.__table__), {
            "assessment_id": assessment_id, "dimension_id": dimension, "score": value})
    return organization_id


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


def scope(exclude=None):
    return Scope("example", 1, REAL_SOURCES, exclude)


@pytest.mark.parametrize("seed,count", [(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 9), (6, 10),
                                        (7, 57)])
def test_every_statistic_matches_numpy(ctx, seed, count):
    rng = random.Random(seed)
    peers = random_peers(rng, count)
    db.session.commit()
    own = {OVERALL: rng.choice(GRID), "strategy": peers[0]["scores"]["strategy"] or 50.0,
           "services": rng.choice(GRID)}
    rows = {r.dimension: r for r in distributions(scope(), own=own, real_sources=REAL_SOURCES)}
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
    db.session.commit()
    empty = PeerGroup(GroupKind.COUNTRY, "HN")
    assert distributions(scope(), empty.condition(), real_sources=REAL_SOURCES) == []
    counts = group_counts(scope(), [empty, None, PeerGroup(GroupKind.ALL)], REAL_SOURCES)
    assert counts[0].real == 0 and counts[1] is None and counts[2].real == 6


def test_only_latest_submitted_real_peers_of_the_version_count_and_never_the_organization(ctx):
    me = add_peer(overall=10.0)
    add_peer(overall=20.0, organization_id=me)  # the organization's other assessment
    counted = [add_peer(overall=v) for v in (30.0, 40.0, 50.0)]
    add_peer(overall=90.0, status="draft", is_latest=False)
    add_peer(overall=91.0, is_latest=False, organization_id=counted[0])  # an older one
    add_peer(overall=92.0, version=2)
    add_peer(overall=93.0, source="sample")
    add_peer(overall=94.0, source="synthetic")
    db.session.commit()
    rows = distributions(scope(exclude=me), real_sources=REAL_SOURCES)
    overall = next(r for r in rows if r.dimension == OVERALL)
    assert (overall.summary.count, overall.summary.median, overall.summary.maximum) == (3, 40.0, 50.0)


def test_region_groups_follow_the_regions_file(ctx):
    rng = random.Random(9)
    by_country = {c: random_peers(rng, n, country=c) for c, n in (("AR", 4), ("CL", 7), ("HN", 5))}
    add_peer(country="BR", overall=1.0)  # in no region of the test regions file
    db.session.commit()
    rows = {(r.key, r.dimension): r for r in group_statistics(ctx, GroupKind.REGION)}
    southern = [p["overall"] for p in by_country["AR"] + by_country["CL"]]
    assert rows[("southern_cone", OVERALL)].summary.median == pytest.approx(
        numpy.percentile(southern, 50), abs=1e-9)
    assert rows[("central_america_mexico", OVERALL)].summary.count == 5
    assert rows[(None, OVERALL)].summary.count == 1


def test_dashboard_filters_and_minimum_count(ctx):
    rng = random.Random(4)
    random_peers(rng, 6, country="AR", org_type="confederation")
    random_peers(rng, 3, country="AR", org_type="sectoral")
    db.session.commit()
    rows = group_statistics(ctx, GroupKind.TYPE, Filters(country="AR"), min_count=5)
    overall = {r.key: r.summary for r in rows if r.dimension == OVERALL}
    assert overall["confederation"].count == 6 and overall["confederation"].median is not None
    assert overall["sectoral"].count == 3 and overall["sectoral"].median is None
