"""Content checks for the real questionnaires (questionnaires/digital-maturity-v1.yaml, in use until
version 2 replaced it, and digital-maturity-v2.yaml, the one in use) and the regions.

The first group reads the raw YAML with PyYAML only, so it stands on its own; each check runs on
both versions with that version's facts (VERSIONS). The second goes through the application's
loader and scoring engine (app.domain), building the lowest and the highest possible answers from
the loaded questionnaire. Checks of what only version 2 has (critical answers, the crosswalk from
version 1, cumulative ladders, the time to answer it states) come last.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "questionnaires"
REGIONS = FOLDER / "regions.yaml"
README = FOLDER / "README.md"

SCORED_TYPES = {"level", "multi", "adoption", "tristate"}
CELAC = {"AR", "BO", "BR", "CL", "CO", "CR", "CU", "DO", "EC", "SV", "GT", "HN", "MX", "NI", "PA", "PY",
         "PE", "UY", "VE", "AG", "BS", "BB", "BZ", "DM", "GD", "GY", "HT", "JM", "KN", "LC", "VC", "SR",
         "TT"}
ALL_LANGUAGES = ("es", "en", "pt")
KEY_ORDER = ["id", "dimension", "type", "required", "not_applicable", "weight", "input",
             "organization_field", "text", "help", "options", "rows", "critical"]

# What each version says of itself: (question id, organization_field, option ids or None).
V1_PROFILE = [
    ("org_name", "name", None),
    ("country", "country", None),
    ("org_type", "org_type", ["confederation", "sectoral", "chamber_commerce", "foreign_trade",
                              "sme_association", "other"]),
    ("scope", "scope", ["national", "sectoral", "territorial"]),
    ("members_band", "members_band", ["m1", "m2", "m3", "m4", "m5"]),
    ("staff_band", "staff_band", ["s1", "s2", "s3", "s4"]),
    ("sme_share_band", "sme_share_band", ["p1", "p2", "p3", "p4"]),
]
V2_PROFILE = [
    ("org_name", "name", None),
    ("country", "country", None),
    ("org_type", "org_type", ["confederation", "federation", "sectoral", "chamber_commerce",
                              "foreign_trade", "sme_association", "other"]),
    ("scope", "scope", ["national", "sectoral", "territorial", "sectoral_territorial"]),
    ("members_band", "members_band", ["m1", "m2", "m3", "m4", "m5"]),
    ("staff_band", "staff_band", ["s0", "s1", "s2", "s3", "s4"]),
    ("sme_share_band", "sme_share_band", ["p1", "p2", "p3", "p4"]),
]
VERSIONS = {
    1: {"languages": ["es", "en"],
        "dimensions": ["strategy", "member_services", "operations", "data", "advocacy", "people",
                       "security", "ecosystem"],
        "scored": (35, 45), "minimum_per_dimension": 4,
        "minutes": (30, 45),  # written before the 35-45 rule of issue 16: 36.7 in Spanish, 34.9 in English
        "adoption": [("not_used", 0), ("planned", 1), ("piloting", 2), ("in_use", 3)],
        "stages": {"es": ["Inicial", "Emergente", "En desarrollo", "Avanzada", "Referente"],
                   "en": ["Initial", "Emerging", "Developing", "Advanced", "Leading"]},
        "profile": V1_PROFILE,
        "intro": {"es": ("preguntas", "siete preguntas sobre el perfil"),
                  "en": ("questions", "seven questions on the organization's profile")}},
    2: {"languages": ["es", "en", "pt"],
        "dimensions": ["strategy", "governance", "membership", "member_services", "advocacy",
                       "operations", "data", "people", "security"],
        "scored": (38, 45), "minimum_per_dimension": 4, "minutes": (35, 45),
        "adoption": [("not_used", 0), ("piloting", 1), ("partial", 2), ("in_use", 3)],
        "stages": {"es": ["Inicial", "Emergente", "En desarrollo", "Avanzada", "Referente"],
                   "en": ["Initial", "Emerging", "Developing", "Advanced", "Leading"],
                   "pt": ["Inicial", "Emergente", "Em desenvolvimento", "Avançada", "Referência"]},
        "profile": V2_PROFILE,
        "intro": {"es": ("preguntas", "siete preguntas sobre el perfil"),
                  "en": ("questions", "seven questions on the organization's profile"),
                  "pt": ("perguntas", "sete perguntas sobre o perfil")}},
}
# The word "option" in each language (a level question's help names the option to choose).
OPTION_WORD = {"es": r"\bopci(ón|ones)\b", "en": r"\boptions?\b", "pt": r"\bop(ção|ções)\b"}


def path_of(version: int) -> Path:
    return FOLDER / f"digital-maturity-v{version}.yaml"


@pytest.fixture(scope="module", params=sorted(VERSIONS), ids=lambda v: f"v{v}")
def version(request) -> int:
    return request.param


@pytest.fixture(scope="module")
def facts(version) -> dict:
    return VERSIONS[version]


@pytest.fixture(scope="module")
def raw(version) -> dict:
    return yaml.safe_load(path_of(version).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def v2_raw() -> dict:
    return yaml.safe_load(path_of(2).read_text(encoding="utf-8"))


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
        if any(lang in node for lang in ALL_LANGUAGES):
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


# -- the raw files ---------------------------------------------------------------------------------

def test_header(raw, version, facts):
    assert raw["id"] == "digital-maturity"
    assert raw["version"] == version
    assert raw["languages"] == facts["languages"]
    for key in ("title", "intro", "scoring_method"):
        assert set(raw[key]) == set(facts["languages"]), key


def test_every_text_is_present_and_non_empty_in_every_language(raw, facts):
    texts = localized_texts(raw)
    assert len(texts) > 300
    for path, text in texts:
        assert set(text) == set(facts["languages"]), f"{path}: languages {sorted(text)}"
        for lang in facts["languages"]:
            value = text[lang]
            assert isinstance(value, str) and value.strip(), f"{path}.{lang} is empty or not text"
            assert "..." not in value and "TODO" not in value, f"{path}.{lang} is a placeholder"
            assert value == value.strip(), f"{path}.{lang} has surrounding whitespace"


def test_scales(raw, facts):
    adoption = raw["scales"]["adoption"]
    tristate = raw["scales"]["tristate"]
    assert [(s["id"], s["points"]) for s in adoption] == facts["adoption"]
    # "no" and "yes" must be quoted in the file, or YAML reads them as booleans.
    assert [(s["id"], s["points"]) for s in tristate] == [("no", 0), ("partial", 1), ("yes", 2)]


def test_dimensions(raw, facts):
    assert [d["id"] for d in raw["dimensions"]] == facts["dimensions"]
    for dimension in raw["dimensions"]:
        assert dimension["weight"] > 0


def test_question_ids_are_unique(raw):
    counts = Counter(q["id"] for q in raw["questions"])
    assert [qid for qid, n in counts.items() if n > 1] == []


def test_scored_questions_and_enough_per_dimension(raw, facts):
    questions = scored(raw)
    low, high = facts["scored"]
    assert low <= len(questions) <= high
    per_dimension = Counter(q["dimension"] for q in questions)
    assert set(per_dimension) == set(facts["dimensions"])
    for dimension in facts["dimensions"]:
        assert per_dimension[dimension] >= facts["minimum_per_dimension"], dimension


def test_the_intro_states_the_number_of_questions(raw, facts):
    profile = [q for q in raw["questions"] if q["type"] == "profile"]
    assert len(profile) == 7
    for lang, (word, profile_words) in facts["intro"].items():
        assert re.search(rf"\b{len(scored(raw))}\s+{word}", raw["intro"][lang]), lang
        assert profile_words in raw["intro"][lang], lang


def test_every_question_type_is_used(raw):
    assert {q["type"] for q in raw["questions"]} == SCORED_TYPES | {"profile"}


def test_every_scored_question_has_help_and_a_known_dimension(raw, facts):
    for q in scored(raw):
        assert q.get("help"), q["id"]
        assert q["dimension"] in facts["dimensions"], q["id"]


def test_keys_follow_one_order(raw):
    for q in raw["questions"]:
        keys = list(q)
        assert set(keys) <= set(KEY_ORDER), (q["id"], set(keys) - set(KEY_ORDER))
        assert keys == sorted(keys, key=KEY_ORDER.index), q["id"]


def test_level_questions_describe_five_practices(raw, facts):
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
        for lang in facts["languages"]:
            assert re.search(OPTION_WORD[lang], q["help"][lang]), (q["id"], lang)


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


def test_profile_questions(raw, facts):
    profile = [q for q in raw["questions"] if q["type"] == "profile"]
    assert [(q["id"], q["organization_field"]) for q in profile] == [(p[0], p[1])
                                                                    for p in facts["profile"]]
    for qid, _, option_ids in facts["profile"]:
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
        # Every region is named in every language of every version.
        assert set(region["name"]) == set(ALL_LANGUAGES), region["id"]
        assert all(region["name"][lang].strip() for lang in ALL_LANGUAGES), region["id"]
        assert region["countries"], region["id"]


def test_five_stages_ascending_from_zero(raw, facts):
    stages = raw["stages"]
    assert [s["id"] for s in stages] == ["initial", "emerging", "developing", "advanced", "leading"]
    mins = [s["min"] for s in stages]
    assert mins == [0, 20, 40, 60, 80]
    for stage in stages:
        assert set(stage["name"]) == set(stage["description"]) == set(facts["languages"])
    for lang, names in facts["stages"].items():
        assert [s["name"][lang] for s in stages] == names, lang


def test_a_recommendation_for_every_dimension_and_stage(raw, facts):
    stages = [s["id"] for s in raw["stages"]]
    recommendations = raw["recommendations"]
    assert list(recommendations) == facts["dimensions"]
    for dimension in facts["dimensions"]:
        assert list(recommendations[dimension]) == stages, dimension
        for stage in stages:
            text = recommendations[dimension][stage]
            assert set(text) == set(facts["languages"]), (dimension, stage)
            assert all(len(text[lang]) > 120 for lang in facts["languages"]), (dimension, stage)
        for lang in facts["languages"]:  # each stage says something of its own
            texts = [recommendations[dimension][stage][lang] for stage in stages]
            assert len(set(texts)) == len(stages), (dimension, lang)


def test_scoring_method_names_every_stage_and_its_threshold(raw, facts):
    for lang in facts["languages"]:
        method = raw["scoring_method"][lang]
        assert len(re.split(r"\n\s*\n", method)) >= 4, "paragraphs are separated by blank lines"
        for stage in raw["stages"]:
            assert stage["name"][lang] in method, (lang, stage["id"])
            assert re.search(rf"\b{stage['min']}\b", method), (lang, stage["id"])


def test_readme_explains_scoring_in_every_language(raw, facts):
    readme = README.read_text(encoding="utf-8")
    for lang in facts["languages"]:
        for stage in raw["stages"]:
            assert stage["name"][lang] in readme, (lang, stage["id"])
    for reference in ("FORMAT.md", "regions.yaml", "-v2", "flask --app wsgi questionnaire check",
                      "reading_time.py"):
        assert reference in readme, reference


def test_one_term_for_one_thing(raw, facts):
    """Member companies are "empresas afiliadas" / "member companies" / "empresas associadas"
    throughout; English uses Oxford spelling (-ize, but analyse); Portuguese is Brazilian."""
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
    if "pt" in facts["languages"]:
        portuguese = " ".join(text for _, text in all_strings(raw, "pt")).lower()
        for variant in ("empresas filiadas", "empresas afiliadas", "empresas membro",
                        "empresas sócias", "companhias"):
            assert variant not in portuguese, variant
        european = re.findall(r"\b(?:equipas?|ficheiros?|utilizador\w*|registos?|telemóve\w*|ecrã|"
                              r"contactos?|facto|planeamento|partilh\w*)\b", portuguese)
        assert european == []


# -- through the application's loader and scoring engine --------------------------------------------

@pytest.fixture(scope="module")
def loaded(version):
    from app.domain.loader import QuestionnaireError, load_questionnaire

    try:
        return load_questionnaire(path_of(version))
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


def test_the_loader_accepts_the_file(loaded, facts):
    assert tuple(loaded.languages) == tuple(facts["languages"])
    assert [d.id for d in loaded.dimensions] == facts["dimensions"]
    scored_questions = [q for q in loaded.questions if q.scored]
    low, high = facts["scored"]
    assert low <= len(scored_questions) <= high
    assert {q.kind.name for q in loaded.questions} == SCORED_TYPES | {"profile"}
    for q in loaded.questions:
        if q.kind.name == "profile":
            assert q.dimension is None and not q.scored, q.id
        else:
            assert q.dimension in facts["dimensions"], q.id


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


def test_the_time_to_answer_is_35_to_45_minutes_in_every_language(raw, facts, version):
    """Recomputed by questionnaires/reading_time.py; an intro that names a duration names the
    figure the app states (reading_time.stated)."""
    from questionnaires import reading_time

    low, high = facts["minutes"]
    for lang in facts["languages"]:
        minutes = reading_time.whole(raw, lang).minutes()
        assert low <= minutes <= high, (lang, minutes)
        stated = re.findall(r"\b(\d+)\s+minut", raw["intro"][lang])
        # Version 2's intro states the time: the same figure the landing page states.
        assert stated == ([str(reading_time.stated_minutes(raw, lang))] if version >= 2 else []), lang


def test_the_app_counts_the_loaded_questionnaire_as_the_script_counts_the_file(loaded, raw, facts):
    from app.survey.effort import measure
    from questionnaires import reading_time

    for lang in facts["languages"]:
        assert measure(loaded, lang).minutes() == reading_time.stated_minutes(raw, lang)


# -- what only version 2 has -----------------------------------------------------------------------

CRITICAL = {"ops_infrastructure": ["l1"], "data_quality": ["l1"], "ai_policy": ["l1", "l2"],
            "sec_access": ["l1", "l2"], "sec_backups": ["l1", "l2"],
            "sec_data_protection": ["l1", "l2"], "sec_incidents": ["no"]}
CUMULATIVE = {"es": ("Cada opción incluye las anteriores", "Además"),
              "en": ("Each option includes the ones before it", "In addition"),
              "pt": ("Cada opção inclui as anteriores", "Além disso")}


def test_v2_ladders_say_they_are_cumulative(v2_raw):
    for q in (q for q in v2_raw["questions"] if q["type"] == "level"):
        for lang, (help_start, step_start) in CUMULATIVE.items():
            assert q["help"][lang].startswith(help_start), (q["id"], lang)
            for option in q["options"][3:]:
                assert option["label"][lang].startswith(step_start), (q["id"], option["id"], lang)
            assert not re.search(r"\b(tercera|third|terceira) op", q["help"][lang]), (q["id"], lang)


def test_v2_critical_answers_have_their_own_advice(v2_raw):
    found = {q["id"]: q["critical"] for q in v2_raw["questions"] if "critical" in q}
    assert {qid: critical["when"] for qid, critical in found.items()} == CRITICAL
    for qid, critical in found.items():
        q = question(v2_raw, qid)
        steps = [o["id"] for o in q.get("options") or v2_raw["scales"][q["type"]]]
        assert set(critical["when"]) <= set(steps), qid
        assert critical["when"] == steps[:len(critical["when"])], "the lowest answers are the gap"
        assert set(critical["advice"]) == set(ALL_LANGUAGES), qid
        assert all(len(critical["advice"][lang]) > 80 for lang in ALL_LANGUAGES), qid


def test_v2_plans_earn_nothing_and_every_weight_is_one(v2_raw):
    assert v2_raw["scales"]["adoption"][0]["points"] == 0
    assert "planned" not in {s["id"] for s in v2_raw["scales"]["adoption"]}
    assert all(q.get("weight", 1) == 1 for q in v2_raw["questions"])
    assert all(d.get("weight", 1) == 1 for d in v2_raw["dimensions"])


def test_v2_crosswalk_from_v1_is_valid_against_the_real_v1():
    """The real v2 crosswalk loads against the real v1 with no problem: every v1 question and
    option it names exists, every v1 option has a place, no v2 question is mapped twice, and the
    four paired dimensions are those the README names."""
    from app.questionnaires import crosswalk_problems, load_library

    library = load_library(FOLDER)
    v1, v2 = library.get("digital-maturity", 1), library.get("digital-maturity", 2)
    assert library.active is v2
    crosswalk = v2.crosswalk
    assert crosswalk.older == v1.key
    assert crosswalk_problems(v2, v1) == []
    targets = [link.question for link in crosswalk.questions]
    assert len(targets) == len(set(targets)) == 32
    assert len({link.older_question for link in crosswalk.questions}) == 32
    for link in crosswalk.questions:
        before, now = v1.question(link.older_question), v2.question(link.question)
        assert before is not None and now is not None, link
        assert before.kind is now.kind, link
    assert [(d.dimension, d.older_dimension) for d in crosswalk.dimensions] == [
        ("strategy", "strategy"), ("member_services", "member_services"), ("people", "people"),
        ("security", "security")]
    assert {p.id for p in v1.profile_questions} <= set(targets)  # the whole profile carries


def test_the_v2_crosswalk_names_what_the_readme_says():
    readme = README.read_text(encoding="utf-8")
    assert "32 questions carry over" in readme
    for dimension in ("`strategy`", "`member_services`", "`people`", "`security`"):
        assert dimension in readme.split("**Dimensions compared across versions**")[1][:200]
