import dataclasses

import pytest
import yaml

from app.domain.loader import QuestionnaireError, load_questionnaire, parse_questionnaire
from tests.conftest import EXAMPLE_DIR

EXAMPLE = EXAMPLE_DIR / "example-v1.yaml"


def raw_example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())


def problems_of(raw: dict) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(yaml.safe_dump(raw, allow_unicode=True), "q.yaml")
    return [str(p) for p in caught.value.problems]


def test_example_loads_into_immutable_objects():
    questionnaire = load_questionnaire(EXAMPLE)
    assert questionnaire.key == "example-v1"
    assert [d.id for d in questionnaire.dimensions] == ["strategy", "services"]
    assert questionnaire.question("strategy_plan").kind.name == "level"
    assert questionnaire.question("strategy_plan").text("en") == "Do you have a digital plan?"
    with pytest.raises(dataclasses.FrozenInstanceError):
        questionnaire.version = 2
    with pytest.raises(TypeError):
        questionnaire.recommendations["strategy"] = {}


def test_adoption_and_tristate_questions_take_the_shared_scales():
    questionnaire = load_questionnaire(EXAMPLE)
    assert [o.id for o in questionnaire.question("services_tools").options] == [
        "not_used", "planned", "piloting", "in_use"]
    assert [o.id for o in questionnaire.question("strategy_budget").options] == [
        "no", "partial", "yes"]


def test_every_problem_is_reported_at_once_with_file_line_and_location():
    raw = raw_example()
    del raw["dimensions"][0]["title"]["en"]
    raw["dimensions"][1]["weight"] = 0
    raw["questions"][3]["options"][2]["points"] = 9
    raw["questions"][4]["type"] = "slider"
    raw["questions"][5]["dimension"] = "nowhere"
    raw["questions"][6]["id"] = "strategy_plan"
    raw["stages"][2]["min"] = 10
    problems = problems_of(raw)
    expected = [
        "dimensions[0].title.en: missing translation for 'en'",
        "dimensions[1].weight: must be a positive number, not the number 0",
        "questions[3].options: option points must be strictly ascending",
        "questions[4].type: unknown question type 'slider'",
        "questions[5].dimension: unknown dimension 'nowhere'",
        "questions[6].id: duplicate question id 'strategy_plan'",
        "stages: stage thresholds must be strictly ascending",
    ]
    for fragment in expected:
        assert any(fragment in p for p in problems), (fragment, problems)
    assert all(p.startswith("q.yaml:") for p in problems)


def test_problem_names_the_line_in_the_file():
    text = EXAMPLE.read_text().replace("weight: 2\n", "weight: -1\n", 1)
    line = text.splitlines().index("    weight: -1") + 1
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "x.yaml")
    assert str(caught.value.problems[0]).startswith(f"x.yaml:{line}: dimensions[0].weight")


def test_a_level_question_needs_five_options():
    raw = raw_example()
    raw["questions"][3]["options"].pop()
    assert any("exactly five options" in p for p in problems_of(raw))


def test_missing_recommendation_is_reported():
    raw = raw_example()
    del raw["recommendations"]["services"]["mid"]
    assert any("recommendations.services.mid" in p for p in problems_of(raw))


def test_invalid_yaml_is_a_problem_not_a_crash():
    with pytest.raises(QuestionnaireError, match="not valid YAML"):
        parse_questionnaire("id: [unclosed", "broken.yaml")


def test_check_command_accepts_a_valid_file(runner):
    result = runner.invoke(args=["questionnaire", "check", str(EXAMPLE)])
    assert result.exit_code == 0
    assert "OK (example-v1" in result.output


def test_check_command_lists_problems_and_fails(runner, tmp_path):
    raw = raw_example()
    raw["questions"][4]["type"] = "slider"
    raw["stages"][0]["min"] = 5
    path = tmp_path / "bad-v1.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True))
    result = runner.invoke(args=["questionnaire", "check", str(path)])
    assert result.exit_code == 1
    assert "unknown question type 'slider'" in result.output
    assert "the first stage must start at 0" in result.output
    assert "2 problem(s)" in result.output
