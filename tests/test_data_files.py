"""The data files together: regions, reference profiles, and a folder of questionnaire versions whose
crosswalks are checked against the older versions they name. Every problem of every file is listed
at once with file and line, and no file, however broken, raises anything but a DataFileError."""

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.datafile import DataFileError
from app.domain.loader import QuestionnaireError, parse_questionnaire
from app.domain.references import ReferenceProfileError, load_reference_profiles
from app.domain.regions import RegionsError, load_regions
from app.questionnaires import load_library
from tests.conftest import EXAMPLE_DIR, REAL_DIR

VALIDATION = EXAMPLE_DIR / "validation"


def write(folder: Path, name: str, source: Path, old: str = "", new: str = "") -> int:
    """Copy `source` to folder/name with the first `old` replaced by `new`; the edit's line."""
    text = source.read_text(encoding="utf-8")
    start = text.index(old) if old else 0
    (folder / name).write_text(text[:start] + new + text[start + len(old):], encoding="utf-8")
    return text.count("\n", 0, start) + 1


@pytest.fixture
def folder(tmp_path) -> Path:
    """Version 1 and version 2 (with its crosswalk from 1) and regions in three languages."""
    shutil.copy(EXAMPLE_DIR / "example-v1.yaml", tmp_path)
    shutil.copy(VALIDATION / "example-v2.yaml", tmp_path)
    shutil.copy(VALIDATION / "regions.yaml", tmp_path)
    return tmp_path


def library_problems(folder: Path) -> list:
    with pytest.raises(DataFileError) as caught:
        load_library(folder)
    return caught.value.problems


# -- a folder of versions -----------------------------------------------------------------------

def test_a_folder_with_a_crosswalk_loads(folder):
    library = load_library(folder)
    assert library.active.key == "example-v2"
    assert library.get("example", 1).crosswalk is None
    assert library.active.crosswalk.older == "example-v1"
    assert library.regions.get("brazil").name("pt") == "Brasil"


@pytest.mark.parametrize(("old", "new", "location", "message", "entry"), [
    ("from: example-v1", "from: example-v7", "crosswalk.from",
     "version 'example-v7' is not served (no file example-v7.yaml beside this one)", "from: example-v7"),
    ("- {to: member_services, from: services}", "- {to: member_services, from: service}",
     "crosswalk.dimensions[1].from", "example-v1 has no dimension 'service'", "- {to: member_services"),
    ("- {to: strategy_budget, from: strategy_budget}", "- {to: strategy_budget, from: budget}",
     "crosswalk.questions[2].from", "example-v1 has no question 'budget'", "- {to: strategy_budget"),
    ("- {to: strategy_budget, from: strategy_budget}", "- {to: strategy_budget, from: strategy_plan}",
     "crosswalk.questions[2]", "a level question cannot carry over to a tristate question",
     "- {to: strategy_budget"),
    ("to: country\n      from: country", "to: country\n      from: org_name", "crosswalk.questions[0]",
     "a profile (text) question cannot carry over to a profile question", "- to: country"),
    ("options: {l1: none, l2: ideas,", "options: {l0: none, l1: none, l2: ideas,",
     "crosswalk.questions[1].options.l0", "question 'strategy_plan' of example-v1 has no option 'l0'",
     "- to: strategy_plan"),
    ("options: {events: null}", "options: {}", "crosswalk.questions[3].options",
     "option 'events' of example-v1's 'services_online' is not in 'services_online': map it to one "
     "of training, advice, none, or to null to carry nothing", "- to: services_online"),
    ("options: {CL: null, HN: null}", "options: {HN: null}", "crosswalk.questions[0].options",
     "option 'CL' of example-v1's 'country' is not in 'country'", "- to: country"),
    ("rows: {esign: signature}", "rows: {crm: crm}", "crosswalk.questions[4].rows",
     "row 'esign' of example-v1's 'services_tools' is not in 'services_tools'", "- to: services_tools"),
    ("rows: {esign: signature}", "rows: {esign: signature, web: crm}", "crosswalk.questions[4].rows.web",
     "question 'services_tools' of example-v1 has no row 'web'", "- to: services_tools"),
])
def test_a_crosswalk_is_checked_against_the_older_version(folder, old, new, location, message, entry):
    write(folder, "example-v2.yaml", VALIDATION / "example-v2.yaml", old, new)
    problems = library_problems(folder)
    found = [p for p in problems if p.location == location]
    assert found and message in found[0].message, [str(p) for p in problems]
    assert found[0].file == str(folder / "example-v2.yaml")
    lines = (folder / "example-v2.yaml").read_text(encoding="utf-8").splitlines()
    entry_line = next(n for n, text in enumerate(lines, 1) if text.lstrip().startswith(entry)
                      and n > lines.index("crosswalk:"))
    assert found[0].line == entry_line  # the line of the crosswalk entry


def test_a_crosswalk_from_a_broken_version_reports_only_that_version(folder):
    line = write(folder, "example-v1.yaml", EXAMPLE_DIR / "example-v1.yaml", "weight: 2\n", "weight: 0\n")
    problems = library_problems(folder)
    assert [(p.file, p.line, p.location) for p in problems] == [
        (str(folder / "example-v1.yaml"), line, "dimensions[0].weight")]


def test_problems_of_every_file_come_at_once(folder):
    write(folder, "example-v1.yaml", EXAMPLE_DIR / "example-v1.yaml", "weight: 2\n", "weight: two\n")
    write(folder, "example-v2.yaml", VALIDATION / "example-v2.yaml", 'when: ["no"]', "when: [maybe]")
    write(folder, "regions.yaml", VALIDATION / "regions.yaml", "countries: [HN]", "countries: HN")
    files = {Path(p.file).name for p in library_problems(folder)}
    assert files == {"example-v1.yaml", "example-v2.yaml", "regions.yaml"}


def test_region_names_must_cover_the_active_questionnaires_languages(folder):
    shutil.copy(EXAMPLE_DIR / "regions.yaml", folder)  # es and en only; version 2 adds pt
    problems = library_problems(folder)
    assert [p.location for p in problems] == ["regions[0].name.pt", "regions[1].name.pt"]
    assert problems[0].message == "missing translation for 'pt'" and problems[0].line == 3


# -- regions --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "location", "message"), [
    ("countries: [HN]", "countries: HN", "regions[1].countries", "must be a list, not the text 'HN'"),
    ("countries: [HN]", "countries: [HN, no]", "regions[1].countries[1]", "must be a text, not false"),
    ("countries: [HN]", "countries: [HN, Chile]", "regions[1].countries[1]",
     "'Chile' must be a two-letter country code"),
    ("countries: [HN]", "countries: [HN, CL]", "regions[1].countries[1]",
     "country CL is in both southern_cone and central_america_mexico"),
    ("countries: [HN]", "countries: []", "regions[1].countries", "must list at least 1 entry"),
    ("id: brazil", "id: southern_cone", "regions[2].id", "duplicate region id 'southern_cone'"),
    ("pt: Brasil}", "pt: 7}", "regions[2].name.pt", "must be a text, not the number 7"),
    ("name: {es: Brasil, en: Brazil, pt: Brasil}", "name: Brasil", "regions[2].name",
     "must give the text in each language"),
    ("countries: [BR]", "capital: Brasília\n    countries: [BR]", "regions[2].capital",
     "unknown key 'capital'; the keys here are id, name, countries"),
])
def test_regions_file_problems_name_their_line(tmp_path, old, new, location, message):
    line = write(tmp_path, "regions.yaml", VALIDATION / "regions.yaml", old, new)
    with pytest.raises(RegionsError) as caught:
        load_regions(tmp_path / "regions.yaml", ("es", "en", "pt"))
    found = [p for p in caught.value.problems if p.location == location]
    assert found and message in found[0].message, [str(p) for p in caught.value.problems]
    assert found[0].line == line


def test_regions_file_that_is_missing_or_empty_is_a_problem(tmp_path):
    with pytest.raises(RegionsError, match="regions.yaml: \\(file\\): cannot read"):
        load_regions(tmp_path / "regions.yaml")
    (tmp_path / "regions.yaml").write_text("regions: []\n")
    with pytest.raises(RegionsError, match="regions: must list at least 1 entry"):
        load_regions(tmp_path / "regions.yaml")


# -- reference profiles -------------------------------------------------------------------------

PROFILES = REAL_DIR / "reference-profiles.yaml"


@pytest.mark.parametrize(("old", "new", "location", "message"), [
    ("published: 2023-09-07", "published: last year", "programme.source.published",
     "must be the date the source was published (2023-09-07), not the text 'last year'"),
    ("    org_type: sectoral\n", "    seed: 101\n    org_type: sectoral\n", "profiles[0].seed",
     "unknown key 'seed'"),
    ("org_type: sectoral", "org_type: union", "profiles[0].org_type",
     "must be one of 'confederation', 'federation', 'sectoral'"),
    ("region: southern_cone\n    org_type: sectoral", "region: andean\n    org_type: sectoral",
     "profiles[0].region", "AR is in southern_cone in the regions file, not andean"),
    ("key: cepb", "key: uia", "profiles[1].key", "key 'uia' appears twice"),
    ("url: https://southsouthpoint.net", "url: javascript:alert(1)//southsouthpoint.net",
     "programme.source.url", "must be a web address starting with https:// or http://"),
    ("practices: []\n\n  - key: cc_osorno", "practices: {}\n\n  - key: cc_osorno", "profiles[1].practices",
     "must be a list, not a mapping"),
    ("      - dimensions: [strategy]", "      - dimension: [strategy]",
     "profiles[3].practices[0].dimension", "unknown key 'dimension' (did you mean 'dimensions'?)"),
])
def test_reference_profile_problems_name_their_line(tmp_path, old, new, location, message):
    line = write(tmp_path, "reference-profiles.yaml", PROFILES, old, new)
    regions = load_regions(REAL_DIR / "regions.yaml")
    with pytest.raises(ReferenceProfileError) as caught:
        load_reference_profiles(tmp_path / "reference-profiles.yaml", regions)
    found = [p for p in caught.value.problems if p.location == location]
    assert found and message in found[0].message, [str(p) for p in caught.value.problems]
    assert found[0].line == line


def test_reference_profile_texts_must_cover_the_questionnaires_languages():
    profiles = load_reference_profiles(PROFILES, None, ("es", "en", "pt"))  # version 2's languages
    assert profiles.programme("pt").startswith("Programa do Escritório de Atividades")
    with pytest.raises(ReferenceProfileError) as caught:
        load_reference_profiles(PROFILES, None, ("es", "en", "pt", "fr"))
    assert {p.location for p in caught.value.problems} >= {"programme.description.fr",
                                                            "profiles[0].participation.text.fr"}
    assert all(p.message == "missing translation for 'fr'" for p in caught.value.problems)


# -- the check command on the whole folder ---------------------------------------------------------

@pytest.fixture
def questionnaire_dir(tmp_path) -> Path:
    """The app under test serves a copy of the example folder, which a test may then break."""
    served = tmp_path / "served"
    served.mkdir()
    shutil.copy(EXAMPLE_DIR / "example-v1.yaml", served)
    shutil.copy(EXAMPLE_DIR / "regions.yaml", served)
    return served


def test_check_without_path_checks_every_data_file(runner, questionnaire_dir):
    result = runner.invoke(args=["questionnaire", "check"])
    assert result.exit_code == 0, result.output
    assert f"{questionnaire_dir / 'example-v1.yaml'}: OK (example-v1" in result.output
    assert f"{questionnaire_dir / 'regions.yaml'}: OK (2 regions)" in result.output
    assert "reference-profiles.yaml: OK (15 reference profiles)" in result.output


def test_check_without_path_lists_the_problems_of_every_file(runner, questionnaire_dir):
    write(questionnaire_dir, "example-v1.yaml", EXAMPLE_DIR / "example-v1.yaml", "weight: 2\n",
          "weight: null\n")
    write(questionnaire_dir, "regions.yaml", EXAMPLE_DIR / "regions.yaml", "countries: [HN]",
          "countries: [HN, AR]")
    result = runner.invoke(args=["questionnaire", "check"])
    assert result.exit_code == 1
    assert "example-v1.yaml:19: dimensions[0].weight: must be a positive number, not empty" in result.output
    assert "regions.yaml:7: regions[1].countries[1]: country AR is in both" in result.output
    assert f"{questionnaire_dir}: 2 problem(s)" in result.output


# -- however broken, a file gives problems, never another exception -------------------------------

def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


FUZZED = {  # the file a fuzzed document starts from, what reads it, the one error it may raise
    "questionnaire": (VALIDATION / "example-v2.yaml",
                      lambda text, path: parse_questionnaire(text, "fuzz.yaml"), QuestionnaireError),
    "regions": (VALIDATION / "regions.yaml", lambda text, path: load_regions(path, ("es", "en", "pt")),
                RegionsError),
    "reference profiles": (PROFILES, lambda text, path: load_reference_profiles(path),
                           ReferenceProfileError),
}
VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.floats(allow_nan=True),
              st.sampled_from(["", "no", "l1", "strategy", "example-v1", "text", "es", "AR"]), st.dates()),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.sampled_from(["id", "es", "to", "from", "x"]), inner,
                                            max_size=3)),
    max_leaves=6)


def _replace(node, path, value):
    if len(path) == 1:
        node[path[0]] = value
    else:
        _replace(node[path[0]], path[1:], value)


@pytest.mark.parametrize("kind", FUZZED)
@given(data=st.data())
@settings(max_examples=150, deadline=None)
def test_any_value_anywhere_gives_problems_not_an_exception(kind, data, tmp_path_factory):
    source, load, error_type = FUZZED[kind]
    document = yaml.safe_load(source.read_text(encoding="utf-8"))
    paths = [path for path in _paths(document) if path]
    for path, value in data.draw(st.lists(st.tuples(st.sampled_from(paths), VALUES), min_size=1,
                                          max_size=4)):
        try:
            _replace(document, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    text = yaml.safe_dump(document, allow_unicode=True)
    path = tmp_path_factory.mktemp("fuzz") / source.name
    path.write_text(text, encoding="utf-8")
    try:
        load(text, path)
    except error_type as error:
        assert error.problems and all(p.location and p.message for p in error.problems)
