"""Scoring rules, including property-based checks over every possible set of answers."""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from app.domain.answers import AnswerError
from app.domain.loader import load_questionnaire
from app.domain.questionnaire import NOT_APPLICABLE
from app.domain.scoring import score_assessment
from tests.conftest import EXAMPLE_DIR

Q = load_questionnaire(EXAMPLE_DIR / "example-v1.yaml")


def answer_strategy(question):
    """Any valid answer to a scored question, or None (blank)."""
    ids = [o.id for o in question.options]
    kind = question.kind.name
    if kind in ("level", "tristate"):
        value = st.sampled_from(ids)
    elif kind == "multi":
        exclusive = [o.id for o in question.options if o.exclusive]
        normal = [o.id for o in question.options if not o.exclusive]
        value = st.one_of(st.lists(st.sampled_from(normal), unique=True),
                          st.just(exclusive))
    else:
        value = st.fixed_dictionaries({r.id: st.sampled_from(ids) for r in question.rows})
    if question.not_applicable:
        value = st.one_of(value, st.just(NOT_APPLICABLE))
    return st.one_of(st.none(), value)


ANSWERS = st.fixed_dictionaries({q.id: answer_strategy(q) for q in Q.scored_questions})


def lowest():
    return {q.id: q.kind.lowest(q) for q in Q.scored_questions}


def highest():
    return {q.id: q.kind.highest(q) for q in Q.scored_questions}


def test_all_highest_scores_100_and_all_lowest_0():
    top, bottom = score_assessment(Q, highest()), score_assessment(Q, lowest())
    assert top.overall == 100 and top.stage_id == "top"
    assert bottom.overall == 0 and bottom.stage_id == "start"
    assert all(d.score == 100 for d in top.dimensions)


def test_dimension_is_weighted_mean_and_overall_weights_dimensions():
    answers = {"strategy_plan": "l3", "strategy_budget": "yes",       # 0.5 x1, 1.0 x2
               "services_online": ["training"],                       # 2/4
               "services_tools": {"crm": "in_use", "esign": "not_used"}}  # 0.5
    score = score_assessment(Q, answers)
    assert score.dimension("strategy").score == pytest.approx(100 * (0.5 + 2) / 3)
    assert score.dimension("services").score == pytest.approx(50)
    assert score.overall == pytest.approx((2 * 250 / 3 + 50) / 3)


def test_not_applicable_leaves_the_denominator():
    with_na = score_assessment(Q, {"strategy_plan": "l5", "strategy_budget": NOT_APPLICABLE})
    assert with_na.dimension("strategy").score == 100
    contribution = with_na.dimension("strategy").contributions[1]
    assert contribution.normalised is None and contribution.points == 0


def test_contributions_add_up_to_the_dimension_score():
    score = score_assessment(Q, {"strategy_plan": "l2", "strategy_budget": "partial"})
    strategy = score.dimension("strategy")
    assert sum(c.points for c in strategy.contributions) == pytest.approx(strategy.score)
    assert sum(c.max_points for c in strategy.contributions) == pytest.approx(100)


def test_no_answers_means_no_score_rather_than_zero():
    score = score_assessment(Q, {})
    assert score.overall is None and score.stage_id is None


@given(ANSWERS)
@settings(max_examples=300, deadline=None)
def test_scores_stay_within_bounds(answers):
    score = score_assessment(Q, answers)
    for value in [score.overall, *(d.score for d in score.dimensions)]:
        assert value is None or 0 <= value <= 100


@given(ANSWERS, st.sampled_from([q for q in Q.scored_questions if q.kind.name != "multi"]),
       st.data())
@settings(max_examples=300, deadline=None)
def test_a_higher_option_never_lowers_a_score(answers, question, data):
    current = answers.get(question.id)
    assume(current not in (None, NOT_APPLICABLE))
    ids = [o.id for o in question.options]
    if question.kind.name == "adoption":
        row = data.draw(st.sampled_from([r.id for r in question.rows]))
        higher = dict(current, **{row: ids[-1]})
    else:
        higher = data.draw(st.sampled_from(ids[ids.index(current):]))
    before, after = score_assessment(Q, answers), score_assessment(Q, {**answers,
                                                                       question.id: higher})
    assert after.overall >= before.overall - 1e-9
    assert after.dimension(question.dimension).score >= before.dimension(
        question.dimension).score - 1e-9


@given(ANSWERS, st.data())
@settings(max_examples=200, deadline=None)
def test_ticking_one_more_box_never_lowers_a_score(answers, data):
    question = Q.question("services_online")
    current = answers.get(question.id)
    if not isinstance(current, list) or "none" in current:
        return
    extra = data.draw(st.sampled_from(["training", "advice", "events"]))
    more = sorted(set(current) | {extra})
    assert score_assessment(Q, {**answers, question.id: more}).overall >= score_assessment(
        Q, answers).overall - 1e-9


@given(ANSWERS)
@settings(max_examples=200, deadline=None)
def test_not_applicable_in_one_dimension_leaves_others_unchanged(answers):
    before = score_assessment(Q, answers)
    after = score_assessment(Q, {**answers, "strategy_budget": NOT_APPLICABLE})
    assert after.dimension("services") == before.dimension("services")


@pytest.mark.parametrize(("question_id", "value", "code"), [
    ("strategy_plan", "l9", "unknown_option"),
    ("strategy_plan", ["l1"], "invalid"),
    ("strategy_plan", NOT_APPLICABLE, "invalid"),
    ("services_online", ["training", "none"], "exclusive"),
    ("services_online", ["nope"], "unknown_option"),
    ("services_tools", {"crm": "in_use"}, "incomplete"),
    ("services_tools", {"crm": "in_use", "esign": "sometimes"}, "unknown_option"),
    ("services_tools", {"crm": "in_use", "esign": "in_use", "fax": "in_use"}, "invalid"),
    ("org_name", "x" * 301, "too_long"),
    ("country", "ZZ", "unknown_option"),
])
def test_invalid_answers_are_refused_with_a_code(question_id, value, code):
    question = Q.question(question_id)
    with pytest.raises(AnswerError) as caught:
        question.kind.validate(question, value)
    assert caught.value.code == code


def test_valid_answers_are_normalised_for_storage():
    question = Q.question("services_online")
    assert question.kind.validate(question, ["events", "training"]) == ["training", "events"]
    name = Q.question("org_name")
    assert name.kind.validate(name, "  Cámara   de  Comercio ") == "Cámara de Comercio"
    assert name.kind.validate(name, "   ") is None
