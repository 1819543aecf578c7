"""Content checks for the real questionnaire (questionnaires/digital-maturity-v1.yaml) and regions.

The first group reads the raw YAML with PyYAML only, so it stands on its own. The second goes through
the application's loader and scoring engine (app.domain), building the lowest and the highest possible
answers from the loaded questionnaire.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "questionnaires"
QUESTIONNAIRE = FOLDER / "digital-maturity-v1.yaml"
REGIONS = FOLDER / "regions.yaml"
README = FOLDER / "README.md"

LANGUAGES = ["es", "en"]
DIMENSIONS = ["strategy", "member_services", "operations", "data", "advocacy", "people", "security",
              "ecosystem"]
SCORED_TYPES = {"level", "multi", "adoption", "tristate"}
CELAC = {"AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI", "PA", "PY",
         "PE", "UY", "VE", "AG", "BS", "BB", "BZ", "DM", "GD", "GY", "HT", "JM", "KN", "LC", "VC", "SR",
         "TT"}
PROFILE = [  # (question id, organization_field, option ids or None for free text / countries)
    ("org_name", "name", None),
    ("country", "country", None),
    ("org_type", "org_type", ["confederation", "sectoral", "chamber_commerce", "foreign_trade",
                              "sme_association", "other"]),
    ("scope", "scope", ["national", "sectoral", "territorial"]),
    ("members_band", "members_band", ["m1", "m2", "m3", "m4", "m5"]),
    ("staff_band", "staff_band", ["s1", "s2", "s3", "s4"]),
    ("sme_share_band", "sme_share_band", ["p1", "p2", "p3", "p4"]),
]
KEY_ORDER = ["id", "dimension", "type", "required", "not_applicable", "weight", "input",
             "organization_field", "text", "help", "options", "rows"]


@pytest.fixture(scope="module")
def raw() -> dict:
    return yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def regions() -> list[dict]:
    return yaml.safe_load(REGIONS.read_text(encoding="utf-8"))["regions"]


def scored(raw: dict) -> list[dict]:
    return [q for q in raw["questions"] if q["type"] != "profile"]


def question(raw: dict, question_id: str) -> dict:
    return next(q for q in raw["questions"] if q["id"] == question_id)


def localized_texts(node, path="") -> list[tuple[str, dict]]:
    """Every mapping in the document that holds at least one language key, with where it is."""
    found = []
    if isinstance(node, dict):
        if any(lang in node for lang in LANGUAGES):
            found.append((path, node))
        else:
            for key, value in node.items():
                found += localized_texts(value, f"{path}.{key}" if path else str(key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            item = value.get("id", index) if isinstance(value, dict) else index
            found += localized_texts(value, f"{path}[{item}]")
    return found


def all_strings(raw: dict, lang: str) -> list[tuple[str, str]]:
    return [(path, text[lang]) for path, text in localized_texts(raw)]


# -- the raw file ----------------------------------------------------------------------------------

def test_header(raw):
    assert raw["id"] == "digital-maturity"
    assert raw["version"] == 1
    assert raw["languages"] == LANGUAGES
    for key in ("title", "intro", "scoring_method"):
        assert set(raw[key]) == set(LANGUAGES), key


def test_every_text_is_present_and_non_empty_in_every_language(raw):
    texts = localized_texts(raw)
    assert len(texts) > 300
    for path, text in texts:
        assert set(text) == set(LANGUAGES), f"{path}: languages {sorted(text)}"
        for lang in LANGUAGES:
            value = text[lang]
            assert isinstance(value, str) and value.strip(), f"{path}.{lang} is empty or not text"
            assert "..." not in value and "TODO" not in value, f"{path}.{lang} is a placeholder"
            assert value == value.strip(), f"{path}.{lang} has surrounding whitespace"


def test_scales(raw):
    adoption = raw["scales"]["adoption"]
    tristate = raw["scales"]["tristate"]
    assert [(s["id"], s["points"]) for s in adoption] == [
        ("not_used", 0), ("planned", 1), ("piloting", 2), ("in_use", 3)]
    # "no" and "yes" must be quoted in the file, or YAML reads them as booleans.
    assert [(s["id"], s["points"]) for s in tristate] == [("no", 0), ("partial", 1), ("yes", 2)]


def test_dimensions(raw):
    assert [d["id"] for d in raw["dimensions"]] == DIMENSIONS
    for dimension in raw["dimensions"]:
        assert dimension["weight"] > 0


def test_question_ids_are_unique(raw):
    counts = Counter(q["id"] for q in raw["questions"])
    assert [qid for qid, n in counts.items() if n > 1] == []


def test_35_to_45_scored_questions_and_at_least_four_per_dimension(raw):
    questions = scored(raw)
    assert 35 <= len(questions) <= 45
    per_dimension = Counter(q["dimension"] for q in questions)
    assert set(per_dimension) == set(DIMENSIONS)
    for dimension in DIMENSIONS:
        assert per_dimension[dimension] >= 4, dimension


def test_the_intro_states_the_number_of_questions(raw):
    profile = [q for q in raw["questions"] if q["type"] == "profile"]
    assert re.search(rf"\b{len(scored(raw))} preguntas", raw["intro"]["es"])
    assert re.search(rf"\b{len(scored(raw))}\s+questions", raw["intro"]["en"])
    assert "siete preguntas sobre el perfil" in raw["intro"]["es"] and len(profile) == 7
    assert "seven questions on the organization's profile" in raw["intro"]["en"]


def test_every_question_type_is_used(raw):
    assert {q["type"] for q in raw["questions"]} == SCORED_TYPES | {"profile"}


def test_every_scored_question_has_help_and_a_known_dimension(raw):
    for q in scored(raw):
        assert q.get("help"), q["id"]
        assert q["dimension"] in DIMENSIONS, q["id"]


def test_keys_follow_one_order(raw):
    for q in raw["questions"]:
        keys = list(q)
        assert set(keys) <= set(KEY_ORDER), (q["id"], set(keys) - set(KEY_ORDER))
        assert keys == sorted(keys, key=KEY_ORDER.index), q["id"]


def test_level_questions_describe_five_practices(raw):
    for q in (q for q in raw["questions"] if q["type"] == "level"):
        options = q["options"]
        assert len(options) == 5, q["id"]
        assert [o["points"] for o in options] == [0, 1, 2, 3, 4], q["id"]
        assert [o["id"] for o in options] == ["l1", "l2", "l3", "l4", "l5"], q["id"]
        for option in options:
            # A described practice, never an agree/disagree scale.
            assert not re.search(r"\b(de acuerdo|en desacuerdo)\.?$", option["label"]["es"]), q["id"]
            assert not re.search(r"\b(dis)?agree\b", option["label"]["en"], re.I), q["id"]
        # The help says which option to pick in a typical in-between case.
        assert re.search(r"\bopci(ón|ones)\b", q["help"]["es"]), q["id"]
        assert "option" in q["help"]["en"], q["id"]


def test_multi_questions(raw):
    for q in (q for q in raw["questions"] if q["type"] == "multi"):
        options = q["options"]
        assert len(options) >= 2, q["id"]
        exclusive = [o for o in options if o.get("exclusive")]
        assert len(exclusive) <= 1, q["id"]
        assert all(o.get("points", 1) == 0 for o in exclusive), q["id"]
        assert sum(o.get("points", 1) for o in options if not o.get("exclusive")) > 0, q["id"]
        assert len({o["id"] for o in options}) == len(options), q["id"]


def test_adoption_and_tristate_questions_use_the_shared_scales(raw):
    for q in (q for q in raw["questions"] if q["type"] == "adoption"):
        assert "options" not in q, q["id"]
        assert len(q["rows"]) >= 2, q["id"]
        assert len({r["id"] for r in q["rows"]}) == len(q["rows"]), q["id"]
    for q in (q for q in raw["questions"] if q["type"] == "tristate"):
        assert "options" not in q and "rows" not in q, q["id"]


def test_certificates_of_origin_may_be_not_applicable(raw):
    assert question(raw, "services_trade_documents")["not_applicable"] is True
    for q in raw["questions"]:
        assert isinstance(q.get("required", True), bool), q["id"]
        assert isinstance(q.get("not_applicable", False), bool), q["id"]


def test_profile_questions(raw):
    profile = [q for q in raw["questions"] if q["type"] == "profile"]
    assert [(q["id"], q["organization_field"]) for q in profile] == [(p[0], p[1]) for p in PROFILE]
    for qid, _, option_ids in PROFILE:
        q = question(raw, qid)
        assert "dimension" not in q, qid
        if option_ids is not None:
            assert [o["id"] for o in q["options"]] == option_ids, qid
    assert question(raw, "org_name")["input"] == "text"
    assert "options" not in question(raw, "org_name")


def test_country_options_are_the_33_celac_countries(raw):
    options = question(raw, "country")["options"]
    ids = [o["id"] for o in options]
    assert len(ids) == len(set(ids)) == 33
    assert set(ids) == CELAC
    spanish = [o["label"]["es"] for o in options]
    assert spanish == sorted(spanish, key=lambda name: name.translate(str.maketrans("áéíóú", "aeiou")))


def test_every_country_is_in_exactly_one_region(raw, regions):
    countries = {o["id"] for o in question(raw, "country")["options"]}
    placed = Counter(c for region in regions for c in region["countries"])
    assert [c for c, n in placed.items() if n > 1] == [], "a country is in two regions"
    assert countries - set(placed) == set(), "countries without a region"
    assert set(placed) - countries == set(), "region countries that are not options"


def test_regions(regions):
    assert [r["id"] for r in regions] == ["southern_cone", "andean", "central_america_mexico",
                                          "caribbean", "brazil"]
    by_id = {r["id"]: r for r in regions}
    assert by_id["brazil"]["countries"] == ["BR"]
    assert set(by_id["southern_cone"]["countries"]) == {"AR", "CL", "PY", "UY"}
    assert set(by_id["andean"]["countries"]) == {"BO", "CO", "EC", "PE", "VE"}
    for region in regions:
        # Version 2 adds Portuguese: every region is named in es, en and pt.
        assert set(region["name"]) == {*LANGUAGES, "pt"}, region["id"]
        assert all(region["name"][lang].strip() for lang in (*LANGUAGES, "pt")), region["id"]
        assert region["countries"], region["id"]


def test_five_stages_ascending_from_zero(raw):
    stages = raw["stages"]
    assert [s["id"] for s in stages] == ["initial", "emerging", "developing", "advanced", "leading"]
    mins = [s["min"] for s in stages]
    assert mins[0] == 0
    assert all(a < b for a, b in zip(mins, mins[1:], strict=False))
    assert mins[-1] < 100
    for stage in stages:
        assert set(stage["name"]) == set(stage["description"]) == set(LANGUAGES)


def test_a_recommendation_for_every_dimension_and_stage(raw):
    stages = [s["id"] for s in raw["stages"]]
    recommendations = raw["recommendations"]
    assert list(recommendations) == DIMENSIONS
    for dimension in DIMENSIONS:
        assert list(recommendations[dimension]) == stages, dimension
        for stage in stages:
            text = recommendations[dimension][stage]
            assert set(text) == set(LANGUAGES), (dimension, stage)
            assert all(len(text[lang]) > 120 for lang in LANGUAGES), (dimension, stage)


def test_scoring_method_names_every_stage_and_its_threshold(raw):
    for lang in LANGUAGES:
        method = raw["scoring_method"][lang]
        assert len(re.split(r"\n\s*\n", method)) >= 4, "paragraphs are separated by blank lines"
        for stage in raw["stages"]:
            assert stage["name"][lang] in method, (lang, stage["id"])
            assert re.search(rf"\b{stage['min']}\b", method), (lang, stage["id"])


def test_readme_explains_scoring_in_both_languages(raw):
    readme = README.read_text(encoding="utf-8")
    for lang in LANGUAGES:
        for stage in raw["stages"]:
            assert stage["name"][lang] in readme, (lang, stage["id"])
    for reference in ("FORMAT.md", "regions.yaml", "-v2", "flask --app wsgi questionnaire check"):
        assert reference in readme, reference


def test_one_term_for_one_thing(raw):
    """Member companies are "empresas afiliadas" / "member companies" throughout; English uses Oxford
    spelling (-ize, but analyse)."""
    spanish = " ".join(text for _, text in all_strings(raw, "es")).lower()
    english = " ".join(text for _, text in all_strings(raw, "en")).lower()
    for variant in ("empresas asociadas", "empresas socias", "empresas miembro", "empresas agremiadas",
                    "compañías"):
        assert variant not in spanish, variant
    for variant in ("member firms", "affiliated compan", "member businesses", "associated compan"):
        assert variant not in english, variant
    british = re.findall(r"\b(?:organis|recognis|digitalis|digitis|prioritis|specialis|personalis|"
                         r"mobilis|authoris|standardis)\w*", english)
    assert british == []
    assert re.findall(r"\banalyz\w*", english) == []


# -- through the application's loader and scoring engine --------------------------------------------

@pytest.fixture(scope="module")
def loaded():
    from app.domain.loader import QuestionnaireError, load_questionnaire

    try:
        return load_questionnaire(QUESTIONNAIRE)
    except QuestionnaireError as error:
        pytest.fail("the questionnaire does not load:\n" + "\n".join(str(p) for p in error.problems))


def steps(questionnaire, q) -> list:
    """The answer steps of a question: its options, or for adoption and tristate the shared scale."""
    return list(q.options) or list(questionnaire.scales[q.kind.name])


def lowest_answer(questionnaire, q):
    kind = q.kind.name
    if kind == "multi":
        return [o.id for o in q.options if o.exclusive][:1]
    if kind == "adoption":
        return {row.id: steps(questionnaire, q)[0].id for row in q.rows}
    return steps(questionnaire, q)[0].id


def highest_answer(questionnaire, q):
    kind = q.kind.name
    if kind == "multi":
        return [o.id for o in q.options if not o.exclusive]
    if kind == "adoption":
        return {row.id: steps(questionnaire, q)[-1].id for row in q.rows}
    return steps(questionnaire, q)[-1].id


def profile_answers(questionnaire) -> dict:
    return {q.id: ("Cámara de ejemplo" if q.input == "text" else q.options[0].id)
            for q in questionnaire.questions if not q.scored}


def test_the_loader_accepts_the_file(loaded):
    assert tuple(loaded.languages) == tuple(LANGUAGES)
    assert [d.id for d in loaded.dimensions] == DIMENSIONS
    scored_questions = [q for q in loaded.questions if q.scored]
    assert 35 <= len(scored_questions) <= 45
    assert {q.kind.name for q in loaded.questions} == SCORED_TYPES | {"profile"}
    for q in loaded.questions:
        if q.kind.name == "profile":
            assert q.dimension is None and not q.scored, q.id
        else:
            assert q.dimension in DIMENSIONS, q.id


def test_all_lowest_answers_score_0(loaded):
    from app.domain.scoring import score_assessment

    answers = profile_answers(loaded)
    answers.update({q.id: lowest_answer(loaded, q) for q in loaded.questions if q.scored})
    assert score_assessment(loaded, answers).overall == pytest.approx(0)


def test_all_highest_answers_score_100(loaded):
    from app.domain.scoring import score_assessment

    answers = profile_answers(loaded)
    answers.update({q.id: highest_answer(loaded, q) for q in loaded.questions if q.scored})
    assert score_assessment(loaded, answers).overall == pytest.approx(100)


def test_not_applicable_neither_raises_nor_lowers_the_score(loaded):
    from app.domain.questionnaire import NOT_APPLICABLE
    from app.domain.scoring import score_assessment

    optional = [q for q in loaded.questions if q.scored and q.not_applicable]
    assert optional, "some question may be answered 'not applicable'"
    for build, expected in ((highest_answer, 100), (lowest_answer, 0)):
        answers = {q.id: build(loaded, q) for q in loaded.questions if q.scored}
        answers.update({q.id: NOT_APPLICABLE for q in optional})
        assert score_assessment(loaded, answers).overall == pytest.approx(expected)
