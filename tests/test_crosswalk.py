"""What carries over from an older questionnaire version and what compares (app/domain/crosswalk.py),
on the example questionnaire and its version 2 (tests/data/validation/example-v2.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.answers import check_answers
from app.domain.crosswalk import carried_answers, comparable_scores
from app.domain.scoring import Snapshot
from app.questionnaires import load_library

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    for source in (DATA / "example-v1.yaml", DATA / "validation" / "example-v2.yaml",
                   DATA / "validation" / "regions.yaml"):
        (folder / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    library = load_library(folder)
    return library.get("example", 1), library.get("example", 2)


V1_ANSWERS = {"org_name": "Cámara", "country": "AR", "strategy_plan": "l4",
              "strategy_budget": "partial", "services_online": ["training", "events"],
              "services_tools": {"crm": "in_use", "esign": "planned"}}


def test_answers_carry_over_through_the_crosswalk_and_validate(versions):
    v1, v2 = versions
    carried = carried_answers(v2, v1.key, V1_ANSWERS)
    assert carried == {"country": "AR", "strategy_plan": "budget", "strategy_budget": "partial",
                       "services_online": ["training"],
                       "services_tools": {"crm": "in_use", "signature": "planned"}}
    assert check_answers(v2, carried).errors == {}
    assert "org_name" not in carried  # v2 has no such question: nothing carries it


def test_what_maps_to_nothing_leaves_the_question_unanswered(versions):
    v1, v2 = versions
    carried = carried_answers(v2, v1.key, {"country": "CL", "services_online": ["events"],
                                           "services_tools": "_na", "strategy_budget": "_na"})
    assert "country" not in carried and "services_online" not in carried
    assert carried["services_tools"] == "_na"


def test_same_version_carries_everything_and_unrelated_versions_nothing(versions):
    v1, v2 = versions
    assert carried_answers(v1, v1.key, V1_ANSWERS) == V1_ANSWERS
    assert carried_answers(v2, "other-v1", V1_ANSWERS) == {}
    assert carried_answers(v1, v2.key, {"strategy_plan": "budget"}) == {}


def test_only_dimensions_both_versions_measure_are_compared(versions):
    v1, v2 = versions
    previous = Snapshot(40.0, "mid", {"strategy": 50.0, "services": 30.0}, 1)
    across = comparable_scores(v2, v1.key, previous)
    assert across.dimensions == {"strategy": 50.0, "member_services": 30.0}
    assert across.overall is None and not across.same_version
    same = comparable_scores(v1, v1.key, previous)
    assert same.overall == 40.0 and same.same_version and same.measured("services")
    assert not comparable_scores(v2, "other-v3", previous).dimensions
