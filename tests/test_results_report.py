"""The report's plain-Python parts and the cell escaping, without an app or a database."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.answers import describe_answer
from app.domain.loader import load_questionnaire
from app.domain.questionnaire import Dimension, LocalizedText
from app.domain.report import DimensionResult, build_report, extremes, paragraphs
from app.domain.scoring import Snapshot, score_assessment
from app.export.cells import spreadsheet_safe

EXAMPLE = load_questionnaire(Path(__file__).parent / "data" / "example-v1.yaml")


def result(dimension_id: str, score: float | None) -> DimensionResult:
    text = LocalizedText({"en": dimension_id}, "en")
    return DimensionResult(Dimension(dimension_id, 1.0, text, text), score, 0.125, None, None,
                           None, None, ())


def ids(results) -> list[str]:
    return [r.dimension.id for r in results]


def test_two_strongest_and_two_weakest_of_eight_dimensions():
    scores = [55.0, 90.0, 10.0, 70.0, 20.0, 90.0, 40.0, 60.0]
    strongest, weakest = extremes(tuple(result(f"d{i}", s) for i, s in enumerate(scores)))
    assert ids(strongest) == ["d1", "d5"]  # ties keep the questionnaire's order
    assert ids(weakest) == ["d2", "d4"]


@pytest.mark.parametrize(("scores", "expected"), [
    ([30.0, 80.0], (["d1"], ["d0"])),
    ([30.0, 80.0, 50.0], (["d1"], ["d0"])),
    ([30.0, None, 80.0, None], (["d2"], ["d0"])),
    ([30.0], ([], [])),
])
def test_a_dimension_is_never_both_strongest_and_weakest(scores, expected):
    strongest, weakest = extremes(tuple(result(f"d{i}", s) for i, s in enumerate(scores)))
    assert (ids(strongest), ids(weakest)) == expected


def test_answers_are_described_by_their_labels():
    question = EXAMPLE.question
    assert describe_answer(question("strategy_plan"), "l3").lines("en", "N/A") == ("Written plan",)
    multi = describe_answer(question("services_online"), ["training", "events"])
    assert multi.lines("es", "N/A") == ("Capacitación", "Eventos")
    rows = describe_answer(question("services_tools"), {"crm": "in_use", "esign": "planned"})
    assert rows.lines("en", "N/A") == ("CRM: In use", "E-signature: Planned")
    assert describe_answer(question("org_name"), "=cmd").lines("en", "N/A") == ("=cmd",)
    assert describe_answer(question("services_tools"), "_na").lines("en", "N/A") == ("N/A",)
    assert describe_answer(question("strategy_plan"), None).lines("en", "N/A") == ()
    not_applicable = describe_answer(question("services_tools"), "_na")
    assert not_applicable.not_applicable and not not_applicable.items and not_applicable.answered
    assert not describe_answer(question("org_type"), None).answered


def test_report_uses_the_stored_snapshot_and_the_stage_of_each_dimension():
    answers = {"strategy_plan": "l5", "strategy_budget": "yes", "services_online": ["none"]}
    score = score_assessment(EXAMPLE, answers)
    snapshot = score.snapshot(1)
    previous = Snapshot(0.0, "start", {"strategy": 60.0, "services": 0.02}, 1)
    report = build_report(EXAMPLE, snapshot, answers, previous)
    strategy, services = report.dimensions
    assert report.overall == pytest.approx(200 / 3) and report.stage.id == "mid"
    assert report.next_stage.id == "top"
    assert (strategy.stage.id, services.stage.id) == ("top", "start")
    assert strategy.recommendation("en") == "Share your experience."
    assert services.recommendation("en") == "Offer one service online."
    assert strategy.next_stage is None and services.next_stage.id == "mid"
    assert strategy.change == pytest.approx(40.0) and services.change == 0.0
    assert report.overall_change == pytest.approx(200 / 3)
    assert (strategy.share, services.share) == (pytest.approx(2 / 3), pytest.approx(1 / 3))
    assert sum(c.contribution.points for c in strategy.contributions) == pytest.approx(100.0)
    assert (report.question_count, report.scored_count, report.counted_count) == (7, 4, 3)


def test_a_dimension_without_score_has_no_stage_nor_share():
    answers = {"strategy_plan": "l1", "strategy_budget": "no", "services_online": "_na",
               "services_tools": "_na"}
    snapshot = score_assessment(EXAMPLE, answers).snapshot()
    report = build_report(EXAMPLE, snapshot, answers)
    services = report.dimensions[1]
    assert services.score is None and services.stage is None and services.recommendation is None
    assert services.share == 0 and report.dimensions[0].share == 1
    assert report.strongest == report.weakest == ()
    assert not report.has_previous and report.overall_change is None


def test_scoring_method_paragraphs_split_at_blank_lines():
    assert paragraphs("One.\nStill one.\n\n  \nTwo.\n\n") == ["One.\nStill one.", "Two."]
    assert paragraphs(None) == []


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)", "\tx",
                                  "\rx", "\nx"])
def test_formula_looking_text_is_quoted(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", [-5, 0, 12.5, -0.5, None, "Cámara de Comercio", "a=b", ""])
def test_numbers_and_plain_text_are_left_alone(value):
    assert spreadsheet_safe(value) == value
