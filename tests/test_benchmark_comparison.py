"""The results page's peer comparison: which group is used, when it falls back, what the anonymity
rule hides, and when sample profiles join (on both databases)."""

import random

import numpy
import pytest

from app.benchmark.comparison import Settings, compare
from app.benchmark.queries import OVERALL
from app.extensions import db
from app.operations.assessment import save_answers, start_assessment, submit_assessment
from app.questionnaires import active_questionnaire
from tests.factories import ME, add_peer, add_peers

K = 5


@pytest.fixture
def ctx(app):
    with app.app_context():
        questionnaire = active_questionnaire()
        assessment, _token = start_assessment(questionnaire, "en")
        save_answers(assessment, questionnaire, ME)
        submit_assessment(assessment, questionnaire)
        assessment.members_band = "m1"  # its profile as submitted (no size question here)
        db.session.commit()
        yield questionnaire, assessment


def run(ctx, samples="auto", synthetic=False, profiles=None):
    questionnaire, assessment = ctx
    from flask import current_app
    return compare(assessment, questionnaire, "en", Settings(K, samples, synthetic),
                   profiles or current_app.extensions["reference_profiles"])


def test_exactly_k_peers_of_the_same_size_are_enough(ctx):
    add_peers(K, country="CL", org_type="sectoral")
    result = run(ctx)
    assert result.chosen.kind == "members_band" and result.peer_count == K
    assert result.skipped == () and not result.includes_samples
    assert all(row.shown for row in result.rows)


def test_k_minus_one_falls_back_to_the_next_wider_group_and_says_which(ctx):
    add_peers(K - 1, country="CL", org_type="sectoral")          # same size band only
    add_peers(1, country="CL", org_type="sectoral", members_band="m2")
    result = run(ctx)
    assert result.chosen.kind == "region"  # AR and CL: Southern Cone; type and country too small
    assert [o.kind for o in result.skipped] == ["members_band", "org_type", "country"]
    assert result.peer_count == K


@pytest.mark.parametrize("profile,kind", [
    ({"members_band": "m3"}, "org_type"),
    ({"members_band": "m3", "org_type": "sectoral"}, "country"),
    ({"members_band": "m3", "org_type": "sectoral", "country": "CL"}, "region"),
    ({"members_band": "m3", "org_type": "sectoral", "country": "HN"}, "all"),
])
def test_fallback_order(ctx, profile, kind):
    add_peers(K, **profile)
    assert run(ctx).chosen.kind == kind


def test_no_group_large_enough_shows_nothing(ctx):
    add_peers(K - 1)
    result = run(ctx, samples="never")
    assert not result.available and result.rows == ()
    assert len(result.skipped) == 5


def test_minimum_and_maximum_only_from_twice_the_threshold(ctx):
    add_peers(2 * K - 1)
    assert not run(ctx).overall.show_extremes
    add_peers(1)
    assert run(ctx).overall.show_extremes


def test_statistics_and_percentile_rank_against_numpy(ctx):
    rng = random.Random(5)
    values = [rng.choice([20.0, 40.0, 50.0, 60.0, 80.0]) for _ in range(23)]
    for value in values:
        add_peer(overall=value)
    result = run(ctx)
    own = ctx[1].overall_score
    data = numpy.array(values)
    assert result.overall.summary.median == pytest.approx(numpy.median(data))
    assert result.overall.summary.q1 == pytest.approx(numpy.percentile(data, 25))
    assert result.overall.rank == pytest.approx(
        100 * (numpy.sum(data < own) + numpy.sum(data == own) / 2) / len(data))


def test_a_dimension_scored_by_too_few_peers_is_hidden(ctx):
    for index in range(K):
        add_peer(overall=50.0, scores={"strategy": 40.0 + index,
                                       "services": None if index else 10.0})
    rows = {r.dimension_id: r for r in run(ctx).rows}
    assert rows["strategy"].shown and rows[OVERALL].shown
    assert not rows["services"].shown and rows["services"].rank is None


def test_samples_fill_in_while_real_results_are_too_few_but_never_mix_with_them(ctx):
    add_peers(K + 1, source="sample")
    add_peers(K - 1)  # real, but fewer than K: must not be mixed with public samples
    result = run(ctx)
    assert result.samples_only and result.includes_samples
    assert result.peer_count == K + 1 and result.overall.summary.count == K + 1


def test_real_results_win_over_samples_once_there_are_enough(ctx):
    add_peers(K + 3, source="sample")
    add_peers(K, country="CL")
    result = run(ctx)
    assert not result.includes_samples and result.peer_count == K
    assert result.chosen.kind == "members_band"


def test_samples_always_or_never(ctx):
    add_peers(K, source="sample")
    add_peers(K)
    always = run(ctx, samples="always")
    assert always.includes_samples and not always.samples_only and always.peer_count == 2 * K
    assert not run(ctx, samples="never").includes_samples


def test_synthetic_assessments_count_only_when_asked(ctx):
    add_peers(K, source="synthetic")
    assert not run(ctx, samples="never").available
    assert run(ctx, samples="never", synthetic=True).peer_count == K


def test_reference_practices_for_the_weakest_dimensions(ctx):
    result = run(ctx)
    strategy = [r for r in result.references if r.dimension_id == "strategy"]
    assert [r.profile.key for r in strategy] == ["andi"]
    assert strategy[0].practice.source.url.startswith("https://")
