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


def run(ctx, samples="auto", synthetic=False, profiles=None, group=None):
    questionnaire, assessment = ctx
    from flask import current_app
    return compare(assessment, questionnaire, "en", Settings(K, samples, synthetic),
                   profiles or current_app.extensions["reference_profiles"], group)


def test_exactly_k_peers_of_the_same_type_in_the_same_region_are_the_default(ctx):
    add_peers(K, country="CL")  # confederations, Southern Cone, like the compared organization
    result = run(ctx)
    assert result.chosen.key == "type_region" and result.peer_count == K and result.is_default
    assert result.chosen.name == "5 national confederations or business councils in the Southern Cone"
    assert result.skipped == () and not result.includes_samples
    assert all(row.shown for row in result.rows)


def test_group_names_say_what_the_group_is_in_the_page_language(ctx):
    add_peers(K, country="CL")
    questionnaire, assessment = ctx
    from flask import current_app
    spanish = compare(assessment, questionnaire, "es", Settings(K, "auto", False),
                      current_app.extensions["reference_profiles"])
    names = {o.key: o.name for o in spanish.offered}
    assert names["type_region"] == "5 confederaciones o consejos empresariales nacionales en el Cono Sur"
    assert names["all"] == "5 organizaciones de toda América Latina y el Caribe"


def test_k_minus_one_falls_back_to_the_next_group_and_says_which(ctx):
    add_peers(K - 1)                                              # AR confederations
    add_peers(1, country="CL", org_type="sectoral", members_band="m2")
    result = run(ctx)
    assert result.chosen.key == "region"  # AR and CL: Southern Cone; type and country too small
    assert [o.key for o in result.skipped] == ["type_region", "type", "country"]
    assert result.peer_count == K


@pytest.mark.parametrize("profile,key", [
    ({"country": "HN"}, "type"),
    ({"org_type": "sectoral"}, "country"),
    ({"org_type": "sectoral", "country": "CL"}, "region"),
    ({"org_type": "sectoral", "country": "HN"}, "size"),
    ({"org_type": "sectoral", "country": "HN", "members_band": "m3"}, "all"),
])
def test_type_and_region_come_before_size(ctx, profile, key):
    add_peers(K, **profile)
    assert run(ctx).chosen.key == key


def test_every_group_that_meets_the_rule_can_be_chosen_and_an_unknown_one_falls_back(ctx):
    add_peers(K)
    add_peers(K, country="HN", org_type="sectoral")
    result = run(ctx)
    assert [o.key for o in result.offered] == ["type_region", "type", "country", "region", "size",
                                               "all"]
    size = run(ctx, group="size")
    assert size.chosen.key == "size" and size.peer_count == 2 * K and not size.is_default
    assert size.requested is None and size.overall.summary.count == 2 * K
    unknown = run(ctx, group="nonsense")
    assert unknown.chosen.key == "type_region" and unknown.requested == "nonsense"


def test_a_group_a_few_organizations_away_from_a_wider_one_is_not_offered(ctx):
    """type (K) and all (K + 2) side by side would reveal the 2 organizations between them."""
    add_peers(K)
    add_peers(2, country="HN", org_type="sectoral")
    result = run(ctx)
    assert [o.key for o in result.offered] == ["size", "all"]
    assert result.chosen.key == "size"
    assert [o.key for o in result.withheld] == ["type_region", "type", "country", "region"]
    assert result.skipped == ()  # each has K peers: withheld, not too small
    assert run(ctx, group="type").chosen.key == "size"


def test_no_group_large_enough_shows_nothing(ctx):
    add_peers(K - 1)
    result = run(ctx, samples="never")
    assert not result.available and result.rows == ()
    assert len(result.skipped) == 6


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
    assert result.chosen.key == "type_region"


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
