"""Priorities, recommendation order, critical gaps, changes across versions and targets: the
report's domain rules, without an app or a database."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from app.domain.loader import load_questionnaire
from app.domain.report import build_report
from app.domain.scoring import Snapshot

DATA = Path(__file__).parent / "data"
REPORT = load_questionnaire(DATA / "report" / "example-v1.yaml")  # weights 2, 1, 1; stages 0/40/75
ANSWERS = {"strategy_plan": "l3", "strategy_budget": "partial", "services_online": ["training"],
           "data_backup": "partial"}


def report_for(scores: dict, answers: dict | None = None, **kwargs):
    snapshot = Snapshot(50.0, "mid", scores, 1)
    return build_report(REPORT, snapshot, answers or ANSWERS, **kwargs)


def ids(results) -> list[str]:
    return [r.dimension.id for r in results]


def test_priorities_are_the_closest_next_stage_for_the_weight():
    # gap / share: strategy (75-70)/0.5 = 10, services (40-30)/0.25 = 40, data (40-38)/0.25 = 8
    report = report_for({"strategy": 70.0, "services": 30.0, "data": 38.0})
    assert ids(report.priorities) == ["data", "strategy", "services"]
    data, strategy, services = report.priorities
    assert (data.gap, strategy.gap, services.gap) == pytest.approx((2.0, 5.0, 10.0))
    assert data.overall_gain == pytest.approx(0.5) and strategy.overall_gain == pytest.approx(2.5)
    assert report.priorities_gain == pytest.approx(0.5 + 2.5 + 2.5)


def test_a_tie_goes_to_the_heavier_dimension():
    # strategy (75-65)/0.5 = 20 and services (40-35)/0.25 = 20
    report = report_for({"strategy": 65.0, "services": 35.0, "data": 10.0})
    assert ids(report.priorities)[:2] == ["strategy", "services"]


def test_the_highest_stage_is_never_a_priority_and_recommendations_follow_the_order():
    report = report_for({"strategy": 80.0, "services": 20.0, "data": None})
    assert ids(report.priorities) == ["services"]
    assert ids(report.ordered) == ["services", "strategy", "data"]  # gap, top stage, no score
    assert report.dimensions[0].gap is None and report.dimensions[2].gap is None


def test_next_stage_needs_the_overall_gap():
    report = report_for({"strategy": 50.0, "services": 50.0, "data": 50.0})
    assert report.next_stage.id == "top" and report.next_stage_gap == pytest.approx(25.0)


@pytest.mark.parametrize(("answers", "expected"), [
    ({"strategy_budget": "no", "data_backup": "no"}, ["strategy_budget", "data_backup"]),
    ({"services_online": ["none"]}, ["services_online"]),
    ({"services_online": ["training", "advice"], "strategy_budget": "_na"}, []),
    ({"data_backup": None}, []),
])
def test_critical_answers_bring_their_own_advice_whatever_the_stage(answers, expected):
    # data scores 90 (highest stage): its critical gap is still reported.
    report = report_for({"strategy": 30.0, "services": 10.0, "data": 90.0}, {**ANSWERS, **answers})
    assert [c.question.id for c in report.critical] == expected
    by_dimension = {r.dimension.id: [c.question.id for c in r.critical] for r in report.dimensions}
    assert sum(by_dimension.values(), []) == sorted(expected, key=expected.index)
    if "data_backup" in expected:
        assert by_dimension["data"] == ["data_backup"]
        assert report.critical[-1].advice("en") == "Make a weekly off-site backup."
        assert report.critical[-1].advice("es").startswith("Haga una copia")


def test_the_same_version_compares_every_dimension_and_the_overall_score():
    previous = Snapshot(40.0, "mid", {"strategy": 50.0, "services": 20.0, "data": 40.0}, 1)
    report = report_for({"strategy": 60.0, "services": 20.0, "data": 30.0}, previous=previous)
    assert [r.change for r in report.dimensions] == pytest.approx([10.0, 0.0, -10.0])
    assert report.overall_change == pytest.approx(10.0)
    assert [r.previous for r in report.dimensions] == [50.0, 20.0, 40.0]
    assert not report.previous_version_differs and report.unmeasured_before == ()


@pytest.fixture(scope="module")
def v2(tmp_path_factory):
    """example-v2 whose crosswalk pairs only the strategy dimension with v1."""
    document = yaml.safe_load((DATA / "validation" / "example-v2.yaml").read_text(encoding="utf-8"))
    document["crosswalk"]["dimensions"] = [{"to": "strategy", "from": "strategy"}]
    path = tmp_path_factory.mktemp("v2") / "example-v2.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return load_questionnaire(path)


def test_across_versions_only_paired_dimensions_change_and_never_the_overall(v2):
    previous = Snapshot(40.0, "start", {"strategy": 50.0, "services": 20.0}, 1)
    snapshot = Snapshot(70.0, "top", {"strategy": 75.0, "member_services": 65.0}, 2)
    report = build_report(v2, snapshot, {}, previous, "example-v1",
                          targets={"strategy": 80.0, "services": 60.0})
    strategy, services = report.dimensions
    assert strategy.change == pytest.approx(25.0) and strategy.measured_before
    assert services.change is None and not services.measured_before
    assert report.overall_change is None and report.previous_version_differs
    assert ids(report.unmeasured_before) == ["member_services"] and report.comparable_previous
    assert strategy.target == 80.0 and strategy.target_reached is False
    assert services.target is None  # its target was for a dimension v2 does not pair


def test_a_version_the_crosswalk_does_not_name_compares_nothing(v2):
    previous = Snapshot(40.0, "start", {"strategy": 50.0}, 7)
    report = build_report(v2, Snapshot(70.0, "top", {"strategy": 75.0}, 2), {}, previous,
                          "other-v7")
    assert report.has_previous and not report.comparable_previous
    assert all(r.change is None for r in report.dimensions) and report.overall_change is None


def test_targets_of_the_same_version_show_progress():
    report = report_for({"strategy": 60.0, "services": 20.0, "data": 30.0},
                        previous=Snapshot(40.0, "mid", {"strategy": 50.0}, 1),
                        targets={"strategy": 60.0, "services": 40.0})
    strategy, services, data = report.dimensions
    assert strategy.target_reached is True and services.target_reached is False
    assert data.target is None and data.target_reached is None and report.has_targets
