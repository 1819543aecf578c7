"""The questionnaire loader: a valid file becomes immutable domain objects; an invalid one gives every
problem at once, each with its file, line and path, and never any exception but QuestionnaireError."""

import dataclasses

import pytest
import yaml

from app.domain.loader import QuestionnaireError, load_questionnaire, parse_questionnaire
from tests.conftest import EXAMPLE_DIR

EXAMPLE = EXAMPLE_DIR / "example-v1.yaml"
V2 = EXAMPLE_DIR / "validation" / "example-v2.yaml"


def raw_example() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())


def problems_of(raw: dict) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(yaml.safe_dump(raw, allow_unicode=True), "q.yaml")
    return [str(p) for p in caught.value.problems]


def edited(old: str, new: str, path=EXAMPLE) -> tuple[str, int]:
    """The file with the first `old` replaced by `new`, and the line where the edit starts."""
    text = path.read_text(encoding="utf-8")
    start = text.index(old)
    return text[:start] + new + text[start + len(old):], text.count("\n", 0, start) + 1


def problems_in(text: str) -> list:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "x.yaml")
    return caught.value.problems


def test_example_loads_into_immutable_objects():
    questionnaire = load_questionnaire(EXAMPLE)
    assert questionnaire.key == "example-v1"
    assert [d.id for d in questionnaire.dimensions] == ["strategy", "services"]
    assert questionnaire.question("strategy_plan").kind.name == "level"
    assert questionnaire.question("strategy_plan").text("en") == "Do you have a digital plan?"
    assert questionnaire.question("strategy_plan").critical is None
    assert questionnaire.crosswalk is None
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
    assert len(problems) == len(expected), problems


def test_problem_names_the_line_in_the_file():
    text = EXAMPLE.read_text().replace("weight: 2\n", "weight: -1\n", 1)
    line = text.splitlines().index("    weight: -1") + 1
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "x.yaml")
    assert str(caught.value.problems[0]).startswith(f"x.yaml:{line}: dimensions[0].weight")


WRONG_TYPES = [
    # (what the file said, what it says now, where the problem is, what the editor reads)
    ("{id: l3, points: 2,", "{id: l3, points: two,", "questions[3].options[2].points",
     "must be a number, not the text 'two'"),
    ("{id: advice, points: 1,", "{id: advice, points: two,", "questions[5].options[1].points",
     "must be a number, not the text 'two'"),  # a multi option: this was a TypeError
    ("{id: l3, points: 2,", "{id: l3, points: '2',", "questions[3].options[2].points",
     "must be a number, not the text '2' (write it without quotes)"),
    ("{id: l3, points: 2,", "{id: l3, points: .nan,", "questions[3].options[2].points",
     "must be a number, not the number nan"),
    ("weight: 2\n    title", "weight: null\n    title", "dimensions[0].weight",
     "must be a positive number, not empty"),
    ("weight: 2\n    not_applicable", "weight: [2]\n    not_applicable", "questions[4].weight",
     "must be a positive number, not a list"),
    ("{id: crm, label: {es: CRM, en: CRM}}", "[crm, CRM]", "questions[6].rows[0]",
     "must be a mapping of keys to values, not a list"),
    ("- {id: top, min: 75, name: {es: Avanzado, en: Advanced}, description: {es: Muy avanzado., "
     "en: Well advanced.}}", "- top", "stages[2]", "must be a mapping of keys to values, not the text 'top'"),
    ("languages: [es, en]", "languages: es", "languages", "must be a list, not the text 'es'"),
    ("en: Name of the organization}", "en: {x: Name}}", "questions[0].text.en",
     "must be a text, not a mapping"),
    ("title: {es: Estrategia, en: Strategy}", "title: [Estrategia, Strategy]", "dimensions[0].title",
     "must give the text in each language, as in {es: ..., en: ...}, not a list"),
    ("start: {es: Escriba un plan., en: Write a plan.}", "start: Write a plan.",
     "recommendations.strategy.start", "must give the text in each language"),
    ("help: {es: Elija la práctica más cercana., en: Choose the closest practice.}",
     "help: Choose the closest practice.", "questions[3].help", "must give the text in each language"),
    ("required: false", "required: maybe", "questions[2].required",
     "must be true or false, not the text 'maybe'"),
    ("exclusive: true", "exclusive: 1", "questions[5].options[3].exclusive",
     "must be true or false, not the number 1"),
    ('{id: "no", points: 0', "{id: no, points: 0", "scales.tristate[0].id",
     "must be a text, not false (unquoted, YAML reads yes, no, on, off, true and false as true or false"),
    ("{id: l1, points: 0,", "{id: 1, points: 0,", "questions[3].options[0].id",
     "must be a text, not the number 1"),
    ("version: 1", 'version: "1"', "version", "must be a whole number from 1 up, not the text '1'"),
    ("version: 1", "version: 2024-01-01", "version", "not the date 2024-01-01"),
    ("id: example", "id: {name: example}", "id", "must be a text, not a mapping"),
    ("{id: mid, min: 40,", "{id: mid, min: 140,", "stages[1].min",
     "must be a number from 0 to 100, not the number 140"),
    ('not_applicable: true\n    text: {es: "¿Hay', 'not_aplicable: true\n    text: {es: "¿Hay',
     "questions[4].not_aplicable", "unknown key 'not_aplicable' (did you mean 'not_applicable'?)"),
    ("organization_field: country", "organization_field: nation", "questions[1].organization_field",
     "must be one of 'name', 'country'"),
    ("input: text", "input: [text]", "questions[0].input", "must be a text, not a list"),
    ("dimension: strategy\n    type: level", "dimension: [strategy]\n    type: level",
     "questions[3].dimension", "must be a text, not a list"),
    ("type: level", "type: 5", "questions[3].type", "must be a text, not the number 5"),
    ("id: strategy_plan", "id: Strategy Plan", "questions[3].id",
     "'Strategy Plan' must be lowercase letters, digits and underscores"),
    ("languages: [es, en]", "languages: &langs [es, *langs]", "languages[1]", "must be a text, not a list"),
    ("{id: l3, points: 2,", "{id: l3, 2: 2,", "questions[3].options[2].2",
     "this key must be a text, not the number 2"),
]


@pytest.mark.parametrize(("old", "new", "location", "message"), WRONG_TYPES,
                         ids=[f"{case[2]}:{case[1][:24]}" for case in WRONG_TYPES])
def test_a_wrong_type_is_a_problem_at_its_line(old, new, location, message):
    text, line = edited(old, new)
    problems = problems_in(text)
    found = [p for p in problems if p.location == location]
    assert found, [str(p) for p in problems]
    assert found[0].file == "x.yaml" and found[0].line == line
    assert message in found[0].message, str(found[0])


def test_every_wrong_type_in_one_file_is_listed_at_once():
    text = EXAMPLE.read_text(encoding="utf-8")
    cases = [case for case in WRONG_TYPES if case[2] not in ("languages", "languages[1]", "version")]
    for old, new, _, _ in cases:
        if old in text:
            text = text.replace(old, new, 1)
    locations = {p.location for p in problems_in(text)}
    applied = {case[2] for case in cases if case[1] in text}
    assert applied <= locations, applied - locations
    assert len(applied) >= 20


@pytest.mark.parametrize(("text", "message"), [
    ("", "(document): must be a mapping of keys to values, not empty"),
    ("- id: example\n", "(document): must be a mapping of keys to values, not a list"),
    ("id: [unclosed", "not valid YAML"),
    ("id: a\n---\nid: b\n", "not valid YAML"),
    ("? [a, b]\n: c\n", "not valid YAML"),
])
def test_a_file_that_is_no_questionnaire_at_all_is_one_problem(text, message):
    problems = problems_in(text)
    assert len(problems) == 1 and message in str(problems[0])


def test_missing_keys_are_named():
    raw = raw_example()
    del raw["title"], raw["questions"][3]["text"], raw["questions"][3]["options"][0]["label"]
    problems = problems_of(raw)
    for location in ("title", "questions[3].text", "questions[3].options[0].label"):
        assert any(f": {location}: is required but missing" in p for p in problems), problems


def test_a_level_question_needs_five_options():
    raw = raw_example()
    raw["questions"][3]["options"].pop()
    assert any("exactly five options" in p for p in problems_of(raw))


def test_a_level_option_without_points_is_a_problem_not_a_default():
    raw = raw_example()
    del raw["questions"][3]["options"][1]["points"]
    assert any("questions[3].options: every option needs points" in p for p in problems_of(raw))


def test_the_exclusive_multi_option_needs_zero_points_written_out():
    raw = raw_example()
    del raw["questions"][5]["options"][3]["points"]  # would score 1 point by default
    assert any("the exclusive option must have points: 0" in p for p in problems_of(raw))


def test_scale_steps_are_counted_from_the_question_type():
    raw = raw_example()
    raw["scales"]["tristate"].pop()
    raw["scales"]["adoption"][0]["points"] = 1
    problems = problems_of(raw)
    assert any("scales.tristate: the tristate scale needs 3 steps, not 2" in p for p in problems)
    assert any("scales.adoption: steps need points, strictly ascending from 0" in p for p in problems)


def test_a_scale_question_takes_no_options_and_unknown_scales_are_named():
    raw = raw_example()
    raw["questions"][4]["options"] = raw["questions"][3]["options"]
    raw["scales"]["likert"] = raw["scales"]["tristate"]
    problems = problems_of(raw)
    assert any("questions[4].options: a tristate question takes its steps from scales.tristate"
               in p for p in problems), problems
    assert any("scales.likert: unknown scale 'likert'" in p for p in problems), problems


def test_missing_recommendation_is_reported():
    raw = raw_example()
    del raw["recommendations"]["services"]["mid"]
    raw["recommendations"]["services"]["late"] = {"es": "x", "en": "y"}
    problems = problems_of(raw)
    assert any("recommendations.services.mid: missing text" in p for p in problems)
    assert any("recommendations.services.late: unknown stage 'late'" in p for p in problems)


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


def test_check_command_lists_a_wrong_type_instead_of_crashing(runner, tmp_path):
    text, line = edited("{id: advice, points: 1,", "{id: advice, points: two,")
    path = tmp_path / "bad-v1.yaml"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(args=["questionnaire", "check", str(path)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # not a TypeError
    assert f"{path}:{line}: questions[5].options[1].points: must be a number, not the text 'two'" \
        in result.output


# -- what version 2 brings: more languages, critical answers, a crosswalk -----------------------

def test_a_file_may_declare_any_languages_and_then_needs_every_text_in_each():
    questionnaire = load_questionnaire(V2)
    assert questionnaire.languages == ("es", "en", "pt")
    assert questionnaire.question("strategy_plan").text("pt") == "Têm um plano digital?"
    assert questionnaire.scales["tristate"][0].label("pt") == "Não"
    text, line = edited("pt: Sem plano}", "pt: ' '}", V2)
    problems = problems_in(text.replace(", pt: Escreva um plano.}", "}", 1))
    assert [(p.location, p.line) for p in problems][:1] == [("questions[1].options[0].label.pt", line)]
    assert "missing translation for 'pt'" in problems[0].message
    assert any(p.location == "questions[1].critical.advice.pt" for p in problems)


@pytest.mark.parametrize(("languages", "message"), [
    ("[es, en, es]", "languages[2]: 'es' is listed twice"),
    ("[]", "languages: must list at least 1 entry"),
    ("[es, EN]", "languages[1]: 'EN' must be a language code such as es, en or pt"),
])
def test_the_languages_list_is_checked(languages, message):
    text, _ = edited("languages: [es, en, pt]", f"languages: {languages}", V2)
    assert any(message in str(p) for p in problems_in(text))


def test_a_text_in_an_undeclared_language_is_a_problem():
    text, line = edited("title: {es: Estrategia, en: Strategy, pt: Estratégia}",
                        "title: {es: Estrategia, en: Strategy, pt: Estratégia, fr: Stratégie}", V2)
    problems = problems_in(text)
    assert [(p.location, p.line) for p in problems] == [("dimensions[0].title.fr", line)]
    assert problems[0].message == "language 'fr' is not declared in languages (es, en, pt)"


def test_critical_answers_are_carried_on_the_question():
    questionnaire = load_questionnaire(V2)
    plan = questionnaire.question("strategy_plan").critical
    assert plan.when == ("none",) and plan.advice("pt") == "Escreva um plano."
    assert plan.matches("none") and not plan.matches("ideas") and not plan.matches(None)
    assert questionnaire.question("strategy_budget").critical.when == ("no",)
    online = questionnaire.question("services_online").critical
    assert online.matches(["none"]) and not online.matches(["training", "advice"])
    assert questionnaire.question("services_tools").critical is None


@pytest.mark.parametrize(("old", "new", "location", "message"), [
    ("when: [none]\n      advice: {es: Escriba", "when: [none, never]\n      advice: {es: Escriba",
     "questions[1].critical.when[1]", "unknown option 'never'; the options are none, ideas, written"),
    ('when: ["no"]', "when: [maybe]", "questions[2].critical.when[0]",
     "unknown option 'maybe'; the options are no, partial, yes"),
    ('when: ["no"]', "when: [no]", "questions[2].critical.when[0]", "must be a text, not false"),
    ('when: ["no"]', 'when: "no"', "questions[2].critical.when", "must be a list, not the text 'no'"),
    ('when: ["no"]', "when: []", "questions[2].critical.when", "must list at least 1 entry"),
    ("advice: {es: Asigne fondos., en: Allocate funds., pt: Aloque fundos.}",
     "advise: {es: Asigne fondos., en: Allocate funds., pt: Aloque fundos.}",
     "questions[2].critical.advise", "unknown key 'advise' (did you mean 'advice'?)"),
    ("text: {es: País,", "critical: {when: [AR], advice: {es: a, en: b, pt: c}}\n    text: {es: País,",
     "questions[0].critical",
     "a profile question is not scored, so no answer to it is critical"),
    ("rows:\n      - {id: crm,", "critical: {when: [not_used], advice: {es: a, en: b, pt: c}}\n    "
     "rows:\n      - {id: crm,", "questions[4].critical", "an adoption question rates many rows"),
])
def test_critical_answers_are_checked(old, new, location, message):
    text, line = edited(old, new, V2)
    found = [p for p in problems_in(text) if p.location == location]
    assert found and message in found[0].message, found
    assert found[0].line == line


def test_the_crosswalk_is_carried_on_the_questionnaire():
    crosswalk = load_questionnaire(V2).crosswalk
    assert crosswalk.older == "example-v1"
    assert [(d.dimension, d.older_dimension) for d in crosswalk.dimensions] == [
        ("strategy", "strategy"), ("member_services", "services")]
    plan = crosswalk.for_question("strategy_plan")
    assert plan.older_question == "strategy_plan" and plan.option("l3") == "written"
    online = crosswalk.for_question("services_online")
    assert online.option("events") is None and online.option("training") == "training"
    assert crosswalk.for_question("services_tools").row("esign") == "signature"
    assert crosswalk.for_question("services_tools").row("crm") == "crm"
    with pytest.raises(TypeError):
        plan.options["l1"] = "ideas"


@pytest.mark.parametrize(("old", "new", "location", "message"), [
    ("- {to: strategy_budget, from: strategy_budget}", "- {to: strategy_vision, from: strategy_budget}",
     "crosswalk.questions[2].to", "unknown question 'strategy_vision' in this file"),
    ("- {to: strategy_budget, from: strategy_budget}", "- {to: strategy_plan, from: strategy_budget}",
     "crosswalk.questions[2].to", "question 'strategy_plan' is mapped twice (also by questions[1])"),
    ("- {to: member_services, from: services}", "- {to: services, from: services}",
     "crosswalk.dimensions[1].to", "unknown dimension 'services' in this file"),
    ("- {to: member_services, from: services}", "- {to: strategy, from: services}",
     "crosswalk.dimensions[1].to", "dimension 'strategy' is mapped twice (also by dimensions[0])"),
    ("options: {l1: none, l2: ideas,", "options: {l1: nothing, l2: ideas,",
     "crosswalk.questions[1].options.l1", "question 'strategy_plan' has no option 'nothing'"),
    ("- {to: strategy_budget, from: strategy_budget}",
     "- {to: strategy_budget, from: strategy_budget, options: {partial: half}}",
     "crosswalk.questions[2].options.partial", "question 'strategy_budget' has no option 'half'"),
    ("- {to: strategy_budget, from: strategy_budget}",
     "- {to: strategy_budget, from: strategy_budget, rows: {a: b}}",
     "crosswalk.questions[2].rows", "question 'strategy_budget' has no rows"),
    ("rows: {esign: signature}", "rows: {esign: sign}", "crosswalk.questions[4].rows.esign",
     "question 'services_tools' has no row 'sign'; its rows are crm, signature"),
    ("from: example-v1", "from: example-v2", "crosswalk.from",
     "a crosswalk names an older version, not this file's own"),
    ("from: example-v1", "from: example", "crosswalk.from",
     "'example' must be a questionnaire version such as digital-maturity-v1"),
    ("options: {CL: null, HN: null}", "options: [CL, HN]", "crosswalk.questions[0].options",
     "must be a mapping of keys to values, not a list"),
    ("options: {CL: null, HN: null}", "options: {CL: 3}", "crosswalk.questions[0].options.CL",
     "must be a text, not the number 3"),
    ("options: {CL: null, HN: null}", "options: {1: CL}", "crosswalk.questions[0].options.1",
     "this key must be a text, not the number 1"),
    ("- {to: strategy_budget, from: strategy_budget}", "- {to: strategy_budget}",
     "crosswalk.questions[2].from", "is required but missing"),
    ("  dimensions:\n    - {to: strategy, from: strategy}", "  dimensions: {to: strategy, from: strategy}\n"
     "  old_dimensions:\n    - {to: strategy, from: strategy}", "crosswalk.dimensions",
     "must be a list, not a mapping"),
])
def test_the_crosswalk_is_checked_inside_the_file(old, new, location, message):
    text, line = edited(old, new, V2)
    found = [p for p in problems_in(text) if p.location == location]
    assert found and message in found[0].message, [str(p) for p in problems_in(text)]
    assert found[0].line == line
