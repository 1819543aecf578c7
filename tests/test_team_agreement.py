"""Team rules: how several members' answers to one question compare (proposal, spread,
disagreement, per type) and how a team's answers compare per question, per dimension and overall,
on the real questionnaire."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from app.domain.agreement import MemberAnswers, compare_question, compare_team
from app.domain.answers import check_answers
from app.domain.loader import load_questionnaire
from app.domain.question_types import REGISTRY, register
from app.domain.questionnaire import NOT_APPLICABLE
from app.domain.scoring import score_assessment
from tests.conftest import EXAMPLE_DIR, REAL_DIR
from tests.test_question_type_extension import QUESTIONNAIRE as TOY_QUESTIONNAIRE
from tests.test_question_type_extension import CountType

V2 = load_questionnaire(REAL_DIR / "digital-maturity-v2.yaml")
ALL_VERSIONS = [V2, load_questionnaire(REAL_DIR / "digital-maturity-v1.yaml"),
                load_questionnaire(EXAMPLE_DIR / "example-v1.yaml")]
NA = NOT_APPLICABLE


def rules(question_id, values, questionnaire=V2):
    """(proposal, spread, disagrees) of these stored values to one question."""
    question = questionnaire.question(question_id) if isinstance(question_id, str) else question_id
    kind = question.kind
    return (kind.team_proposal(question, values), kind.team_spread(question, values),
            kind.team_disagrees(question, values))


def team(*answer_sets, questionnaire=V2):
    members = [MemberAnswers(f"m{i}", f"role {i}", answers) for i, answers in enumerate(answer_sets)]
    return compare_team(questionnaire, members)


def test_each_type_names_its_rule():
    names = {q.kind.name: q.kind.team_rule_for(q) for q in V2.scored_questions}
    assert names == {"level": "level_median", "tristate": "majority", "multi": "intersection",
                     "adoption": "grid_median"}
    assert V2.question("org_type").kind.team_rule_for(V2.question("org_type")) == "majority"
    assert V2.question("org_name").kind.team_rule_for(V2.question("org_name")) == "unanimous"


# -- level ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(("values", "proposal"), [
    (["l1", "l3", "l4"], "l3"),
    (["l2", "l4"], "l2"),  # an even count takes the lower middle level
    (["l5", "l1", "l2", "l4"], "l2"),
    (["l4", "l4", "l1"], "l4"),
    (["l3", None, None], "l3"),
    ([None, None], None),
    ([], None),
])
def test_a_level_proposes_the_median_level(values, proposal):
    assert rules("strategy_plan", values)[0] == proposal


@pytest.mark.parametrize(("values", "spread", "disagrees"), [
    (["l2", "l2", "l2"], 0.0, False),
    (["l2", "l3"], 0.25, False),  # one step apart: close enough
    (["l2", "l3", "l4"], 0.5, True),  # two steps apart
    (["l1", "l5"], 1.0, True),
    (["l1", None], 0.0, False),  # one answer never disagrees
])
def test_levels_two_or_more_steps_apart_disagree(values, spread, disagrees):
    assert rules("strategy_plan", values)[1:] == (spread, disagrees)


def test_not_applicable_among_levels_goes_by_which_more_members_said():
    question = "services_trade_documents"
    assert rules(question, [NA, NA, "l3"]) == (NA, pytest.approx(1 / 3), True)
    assert rules(question, [NA, "l3", "l5"]) == ("l3", pytest.approx(0.5), True)
    assert rules(question, [NA, "l4"])[0] is None  # a tie: the coordinator decides
    assert rules(question, [NA, NA, None]) == (NA, 0.0, False)
    assert rules(question, [NA, "l4", "l4"])[2] is True  # beside an answer it always disagrees


# -- single choices ---------------------------------------------------------------------------------
def test_a_tristate_proposes_the_most_common_answer_and_a_tie_none():
    assert rules("records_management", ["yes", "partial", "yes"]) == ("yes", pytest.approx(1 / 3),
                                                                        True)
    assert rules("records_management", ["yes", "no"]) == (None, 0.5, True)
    assert rules("records_management", ["yes", "no", "partial"])[0] is None
    assert rules("records_management", ["no", "no", None]) == ("no", 0.0, False)


def test_not_applicable_is_one_answer_among_others_for_a_choice():
    question = replace(V2.question("sec_incidents"), not_applicable=True)
    assert rules(question, [NA, NA, "yes"]) == (NA, pytest.approx(1 / 3), True)
    assert rules(question, ["no", NA, "no", "yes"])[0] == "no"


def test_a_profile_choice_goes_by_majority_and_typed_text_only_when_unanimous():
    assert rules("org_type", ["chamber_commerce", "federation", "chamber_commerce"])[0] == \
        "chamber_commerce"
    assert rules("org_type", ["chamber_commerce", "federation"])[0] is None
    assert rules("org_name", ["Cámara de Lima", "Cámara de Lima"]) == ("Cámara de Lima", 0.0, False)
    proposal, spread, disagrees = rules("org_name", ["Cámara de Lima", "CCL", "Cámara de Lima"])
    assert proposal is None and disagrees and spread == pytest.approx(1 / 3)


# -- multi ------------------------------------------------------------------------------------------
def test_a_multi_proposes_the_options_every_member_ticked():
    question = "strategy_indicators"
    assert rules(question, [["cost", "usage"], ["usage", "satisfaction", "cost"], None])[0] == \
        ["usage", "cost"]  # in the question's order
    assert rules(question, [["usage"], ["cost"]])[0] == ["none"]  # nothing in common
    assert rules(question, [["none"], ["none"]]) == (["none"], 0.0, False)
    assert rules(question, [["none"], ["usage"]]) == (["none"], 1.0, True)
    assert rules(question, [["none"], []]) == (["none"], 0.0, False)  # both: nothing ticked
    assert rules(question, [["usage", "cost"]]) == (["usage", "cost"], 0.0, False)


def test_multi_selections_disagree_from_half_their_options_differing():
    question = "strategy_indicators"
    proposal, spread, disagrees = rules(question, [["usage", "cost"], ["usage", "cost", "efficiency"]])
    assert spread == pytest.approx(1 / 3) and not disagrees
    assert rules(question, [["usage", "cost"], ["usage", "efficiency"]])[1:] == \
        (pytest.approx(2 / 3), True)
    # mean of the three pairs' distances: 0, 1/2, 1/2
    three = [["usage", "cost"], ["usage", "cost"], ["usage"]]
    assert rules(question, three)[1:] == (pytest.approx(1 / 3), False)


def test_a_multi_without_a_none_option_proposes_nothing_ticked():
    original = V2.question("strategy_indicators")
    question = replace(original, options=tuple(o for o in original.options if not o.exclusive))
    assert rules(question, [["usage"], ["cost"]])[0] == []
    assert question.kind.validate(question, []) == []


def test_not_applicable_beside_ticked_options():
    question = replace(V2.question("strategy_indicators"), not_applicable=True)
    # the spread: the wider of the two ticked selections' (1/2) and the "not applicable" share (1/3)
    assert rules(question, [NA, ["usage"], ["usage", "cost"]]) == (["usage"], 0.5, True)
    assert rules(question, [NA, ["usage"], ["usage"]]) == (["usage"], pytest.approx(1 / 3), True)
    assert rules(question, [NA, NA, ["usage"]])[0] == NA
    assert rules(question, [NA, ["usage"]])[0] is None


# -- adoption grid ----------------------------------------------------------------------------------
ROWS = ("advice", "events", "matchmaking", "alerts", "documents")


def grid(*steps):
    return dict(zip(ROWS, steps, strict=True))


def test_a_grid_proposes_each_rows_median_step():
    values = [grid("in_use", "not_used", "partial", "piloting", "in_use"),
              grid("partial", "piloting", "partial", "piloting", "not_used"),
              grid("in_use", "partial", "partial", "not_used", "not_used")]
    proposal, spread, disagrees = rules("services_online", values)
    assert proposal == grid("in_use", "piloting", "partial", "piloting", "not_used")
    assert spread == 1.0 and disagrees  # documents: not used .. in use


def test_a_grid_disagrees_by_its_worst_row():
    close = [grid("partial", "partial", "partial", "partial", "partial"),
             grid("partial", "partial", "in_use", "partial", "piloting")]
    assert rules("services_online", close) == (
        grid("partial", "partial", "partial", "partial", "piloting"), pytest.approx(1 / 3), False)
    apart = [close[0], grid("partial", "not_used", "partial", "partial", "partial")]
    assert rules("services_online", apart)[1:] == (pytest.approx(2 / 3), True)


def test_a_grid_with_rows_left_blank_does_not_count():
    full = grid("in_use", "in_use", "in_use", "in_use", "in_use")
    partial = {"advice": "not_used", "events": "not_used"}
    assert rules("services_online", [full, partial]) == (full, 0.0, False)
    assert rules("services_online", [partial, partial]) == (None, 0.0, False)
    compared = compare_question(V2.question("services_online"),
                                [MemberAnswers("a", "IT", {"services_online": full}),
                                 MemberAnswers("b", "CEO", {"services_online": partial})])
    assert compared.answered == 1 and compared.values == (("a", full), ("b", None))


def test_a_grid_not_applicable_as_a_whole():
    question = replace(V2.question("services_online"), not_applicable=True)
    full = grid("in_use", "in_use", "in_use", "in_use", "in_use")
    assert rules(question, [NA, NA, full]) == (NA, pytest.approx(1 / 3), True)
    assert rules(question, [NA, full, full])[0] == full


# -- proposals always validate ----------------------------------------------------------------------
def random_answers(questionnaire, rng):
    """A member's stored answers: sampled, some left blank, some "not applicable"."""
    answers = {}
    for question in questionnaire.questions:
        kind = question.kind
        if rng.random() < 0.15:
            continue
        if question.not_applicable and rng.random() < 0.3:
            answers[question.id] = NA
        elif question.input == "text":
            answers[question.id] = rng.choice(["Cámara A", "Cámara B"])
        else:
            answers[question.id] = kind.validate(question, kind.sample(question, rng, rng.random()))
    return answers


@pytest.mark.parametrize("questionnaire", ALL_VERSIONS, ids=lambda q: q.key)
def test_every_proposal_is_an_answer_the_question_accepts(questionnaire):
    rng = random.Random(17)
    for _ in range(150):
        size = rng.randint(1, 8)
        comparison = team(*(random_answers(questionnaire, rng) for _ in range(size)),
                          questionnaire=questionnaire)
        proposals = comparison.proposals()
        checked = check_answers(questionnaire, proposals)
        assert checked.errors == {} and dict(checked.values) == proposals
        for compared in comparison.questions:
            assert 0.0 <= compared.spread <= 1.0
            assert compared.answered >= 1
            if compared.answered < 2:
                assert compared.spread == 0.0 and not compared.disagrees


# -- a whole team -----------------------------------------------------------------------------------
def test_nobody_answered():
    comparison = team({}, {})
    assert comparison.questions == () and comparison.proposals() == {}
    assert comparison.most_disputed() == [] and comparison.share is None
    assert all(d.compared == 0 and d.share is None for d in comparison.dimensions)
    assert [d.dimension.id for d in comparison.dimensions] == [d.id for d in V2.dimensions]


def test_one_member_is_the_proposal_and_nothing_is_compared():
    answers = {"strategy_plan": "l3", "org_type": "federation", "records_management": "no"}
    comparison = team(answers)
    assert comparison.proposals() == answers
    assert comparison.most_disputed() == [] and comparison.compared == 0


def test_the_most_disputed_questions_come_first():
    first = {"strategy_plan": "l1", "strategy_budget": "l2", "strategy_leadership": "l3",
             "strategy_financing": "yes", "data_quality": "l5", "sec_access": "l2",
             "org_type": "federation", "people_skills": "l4"}
    second = {"strategy_plan": "l3", "strategy_budget": "l5", "strategy_leadership": "l3",
              "strategy_financing": "no", "data_quality": "l4", "sec_access": "l3",
              "org_type": "chamber_commerce"}
    comparison = team(first, second)
    ranked = [q.question.id for q in comparison.most_disputed()]
    # disagreeing: budget (3 steps: 0.75), then plan (2 steps: 0.5) and financing (yes/no: 0.5) in
    # questionnaire order; then agreeing: data_quality and sec_access (0.25), leadership (0).
    # Profile questions and questions only one member answered are not ranked.
    assert ranked == ["strategy_budget", "strategy_plan", "strategy_financing", "data_quality",
                      "sec_access", "strategy_leadership"]
    assert [q.question.id for q in comparison.disputed()] == ranked[:3]
    assert [q.question.id for q in comparison.most_disputed(limit=2)] == ranked[:2]
    assert comparison.question("org_type").disagrees and comparison.question("people_skills")
    assert comparison.question("strategy_leadership").values == (("m0", "l3"), ("m1", "l3"))
    order = [q.id for q in V2.questions]
    assert [q.question.id for q in comparison.questions] == sorted(
        {*first, *second}, key=order.index)


def test_proposals_cover_profile_questions_and_leave_out_ties():
    comparison = team({"org_type": "federation", "org_name": "CCL", "strategy_financing": "yes"},
                      {"org_type": "federation", "org_name": "CCL", "strategy_financing": "no"})
    assert comparison.proposals() == {"org_type": "federation", "org_name": "CCL"}
    assert comparison.question("strategy_financing").rule == "majority"


def test_dimension_agreement_and_each_members_scores():
    rng = random.Random(4)
    answer_sets = [random_answers(V2, rng) for _ in range(3)]
    answer_sets[2] = {}  # a colleague who never answered
    comparison = team(*answer_sets)
    for dimension in comparison.dimensions:
        questions = [q for q in comparison.questions
                     if q.question.dimension == dimension.dimension.id and q.answered >= 2]
        assert dimension.compared == len(questions)
        assert dimension.agreed == sum(not q.disagrees for q in questions)
        if dimension.compared:
            assert dimension.share == dimension.agreed / dimension.compared
        expected = [(f"m{i}", score_assessment(V2, answers).dimension(dimension.dimension.id).score)
                    for i, answers in enumerate(answer_sets)]
        assert list(dimension.member_scores) == expected
        assert dimension.member_scores[2][1] is None
    assert comparison.compared == sum(d.compared for d in comparison.dimensions) > 0
    assert comparison.share == comparison.agreed / comparison.compared
    assert comparison.member_overall[0] == ("m0", score_assessment(V2, answer_sets[0]).overall)


def test_a_team_that_agrees_everywhere():
    answers = {q.id: q.kind.highest(q) for q in V2.scored_questions}
    comparison = team(answers, answers, answers)
    assert comparison.share == 1.0 and comparison.disputed() == []
    assert comparison.proposals() == answers
    assert {d.dimension.id: d.share for d in comparison.dimensions} == {d.id: 1.0
                                                                        for d in V2.dimensions}


def test_member_keys_are_unique():
    with pytest.raises(ValueError, match="unique"):
        compare_team(V2, [MemberAnswers("1", "IT", {}), MemberAnswers("1", "CEO", {})])


# -- a new type works with the base class's rules ---------------------------------------------------
@pytest.fixture
def toy(tmp_path):
    register(CountType())
    path = tmp_path / "toy-v1.yaml"
    path.write_text(TOY_QUESTIONNAIRE, encoding="utf-8")
    yield load_questionnaire(path)
    REGISTRY.pop("count")


def test_a_new_type_compares_by_the_most_common_answer(toy):
    question = toy.question("people_digital")
    assert question.kind.team_rule_for(question) == "majority"
    assert rules(question, [4, 4, 7]) == (4, pytest.approx(1 / 3), True)
    assert rules(question, [4, 7])[0] is None
    assert rules(question, [4, None]) == (4, 0.0, False)
    comparison = team({"people_digital": 4, "people_plan": "yes"},
                      {"people_digital": 4, "people_plan": "no"},
                      {"people_digital": 12, "people_plan": "yes"}, questionnaire=toy)
    assert comparison.proposals() == {"people_digital": 4, "people_plan": "yes"}
    assert check_answers(toy, comparison.proposals()).errors == {}
    people = comparison.dimension("people")
    assert (people.compared, people.agreed) == (2, 0)
    assert people.member_scores == (("m0", 70.0), ("m1", 20.0), ("m2", 100.0))
