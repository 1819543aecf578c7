"""Sample, synthetic and demo data: clearly marked, deterministic, and honest about real
organizations: the programme's organizations keep only their sourced facts, and no sample result is
ever stored or shown under a real name (issue 11)."""

from pathlib import Path

import pytest
import yaml
from flask import current_app
from sqlalchemy import func, select

from app.domain.answers import check_answers
from app.domain.references import ReferenceProfileError, load_reference_profiles, parse_reference_profiles
from app.domain.regions import load_regions
from app.domain.scoring import score_assessment
from app.extensions import db
from app.models import Assessment, DimensionScore, Organization
from app.operations.demo import DEMO_ANONYMOUS, seed_demo
from app.operations.peers import sample_answers, seed_programme_samples, seed_sample_organizations
from app.questionnaires import active_questionnaire, library
from tests.conftest import REAL_DIR
from tests.factories import staff_client

PROGRAMME = {
    "Unión Industrial Argentina (UIA)": "AR",
    "Confederación de Empresarios Privados de Bolivia (CEPB)": "BO",
    "Cámara de Comercio de Osorno": "CL",
    "Asociación Nacional de Empresarios de Colombia (ANDI)": "CO",
    "Unión Costarricense de Cámaras y Asociaciones del Sector Empresarial Privado (UCCAEP)": "CR",
    "Cámara de Comercio Exterior de Costa Rica (CRECEX)": "CR",
    "Consejo Hondureño de la Empresa Privada (COHEP)": "HN",
    "Cámara de Comercio e Industria de Tegucigalpa (CCIT)": "HN",
    "Cámara de Comercio e Industria de Choloma": "HN",
    "Confederación de Cámaras Industriales de los Estados Unidos Mexicanos (CONCAMIN)": "MX",
    "Consejo de Cámaras Industriales de Jalisco": "MX",
    "Confederación Nacional de Instituciones Empresariales Privadas (CONFIEP)": "PE",
    "Asociación PYME Perú": "PE",
    "Cámara de Industrias del Uruguay (CIU)": "UY",
    "Confederação Nacional da Indústria (CNI)": "BR",
}
PROFILES_FILE = REAL_DIR / "reference-profiles.yaml"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield active_questionnaire()


def count(model=Assessment, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_reference_file_lists_exactly_the_programme_organizations():
    regions_file = REAL_DIR / "regions.yaml"
    regions = load_regions(regions_file) if regions_file.exists() else None
    profiles = load_reference_profiles(PROFILES_FILE, regions)
    assert {p.name: p.country for p in profiles.profiles} == PROGRAMME
    # Only three organizations have documented digital practices; the rest took part, no more.
    assert {p.key for p in profiles.profiles if p.practices} == {"uia", "andi", "cni"}
    for profile in profiles.profiles:
        facts = [profile.participation, *profile.practices]
        for fact in facts:
            assert fact.text("es") and fact.text("en")
            assert fact.source.title("es") and fact.source.title("en")
            assert fact.source.url.startswith("https://") and fact.source.published.year >= 2017
        assert all(practice.dimensions for practice in profile.practices)
    raw = PROFILES_FILE.read_text(encoding="utf-8")
    assert "seed:" not in raw and "provenance:" not in raw


def real_library():
    from app.questionnaires import load_library

    return load_library(REAL_DIR)


def test_practice_dimensions_exist_in_the_real_questionnaires():
    """Every tag names a dimension of a served version, and every practice is tagged with one of
    the active version's, so its reports suggest it too."""
    books = real_library()
    served = {d.id for q in books.versions.values() for d in q.dimensions}
    active = {d.id for d in books.active.dimensions}
    practices = [practice for p in load_reference_profiles(PROFILES_FILE).profiles
                 for practice in p.practices]
    assert {d for practice in practices for d in practice.dimensions} <= served
    assert all(set(practice.dimensions) & active for practice in practices)


def test_reference_profile_types_are_the_active_questionnaires_org_types():
    from app.domain.references import ORG_TYPES

    books = real_library()
    assert books.active.option_ids("org_type") == ORG_TYPES
    by_key = {p.key: p.org_type for p in load_reference_profiles(PROFILES_FILE).profiles}
    # Confederations of the chambers of one sector or region are v2's federations.
    assert [key for key, kind in by_key.items() if kind == "federation"] == [
        "concamin", "cci_jalisco", "cni"]


def test_a_fact_without_a_source_address_or_date_is_refused(tmp_path: Path):
    raw = yaml.safe_load(PROFILES_FILE.read_text(encoding="utf-8"))
    del raw["profiles"][0]["practices"][0]["source"]
    andi = next(p for p in raw["profiles"] if p["key"] == "andi")
    andi["practices"][0]["source"] = {**andi["practices"][0]["source"]}
    del andi["practices"][0]["source"]["published"]
    andi["practices"][1]["source"] = {**andi["practices"][1]["source"]}
    del andi["practices"][1]["source"]["url"]
    raw["profiles"][1]["seed"] = 102
    with pytest.raises(ReferenceProfileError) as caught:
        parse_reference_profiles(raw)
    problems = {p.location for p in caught.value.problems}
    assert {"profiles[0].practices[0].source", "profiles[3].practices[0].source.published",
            "profiles[3].practices[1].source.url", "profiles[1].seed"} <= problems


def test_sample_answers_are_deterministic_and_valid(ctx):
    assert sample_answers(ctx, 7) == sample_answers(ctx, 7)
    assert len({str(sample_answers(ctx, s)) for s in range(20)}) > 10
    answers = sample_answers(ctx, 7)
    assert set(answers) == {q.id for q in ctx.scored_questions}


@pytest.mark.parametrize("questionnaire_dir", [REAL_DIR])  # it lists every type and country
def test_programme_samples_keep_type_and_country_under_a_pseudonym_once(ctx):
    profiles = current_app.extensions["reference_profiles"]
    assert seed_programme_samples(ctx, profiles) == 15
    assert seed_programme_samples(ctx, profiles) == 0
    assert count(Assessment, Assessment.source == "sample", Assessment.is_latest) == 15
    organizations = db.session.scalars(select(Organization)).all()
    names = {o.name for o in organizations} | set(db.session.scalars(select(Assessment.name)))
    assert not names & set(PROGRAMME), "a sample result is stored under a real name"
    assert sorted((o.org_type, o.country) for o in organizations) == sorted(
        (p.org_type, p.country) for p in profiles.profiles)
    honduras = sorted(o.name for o in organizations if o.country == "HN")
    assert honduras == ["Sample chamber of commerce A, HN", "Sample chamber of commerce B, HN",
                        "Sample confederation A, HN"]
    assessment = next(o for o in organizations if o.country == "HN").assessments[0]
    assert assessment.is_submitted and assessment.trust == "trusted"
    assert assessment.overall_score == pytest.approx(
        score_assessment(ctx, assessment.answer_values()).overall)


def test_sample_names_are_translated_on_staff_pages_and_in_exports(app):
    with app.app_context():  # requests run outside it, each in its own context and language
        questionnaire = active_questionnaire()
        seed_programme_samples(questionnaire, current_app.extensions["reference_profiles"])
        seed_sample_organizations(questionnaire, library().regions, 2)
    analyst = staff_client(app, "analyst")
    analyst.post("/staff/language", data={"locale": "es"})
    page = analyst.get("/staff/assessments?sample=1").get_data(as_text=True)
    assert "Cámara de comercio de muestra B, Honduras" in page
    assert "Organización de muestra 2" in page
    analyst.post("/staff/language", data={"locale": "en"})
    english = analyst.get("/staff/assessments?sample=1")
    assert "Sample chamber of commerce B, Honduras" in english.get_data(as_text=True)
    analyst.post("/staff/language", data={"locale": "pt"})
    portuguese = analyst.get("/staff/assessments?sample=1").get_data(as_text=True)
    assert "Associação comercial de exemplo B, Honduras" in portuguese
    assert "Organização de exemplo 2" in portuguese
    labels = analyst.get("/staff/export?kind=wide&sample=1&values=labels&lang=es").data.decode()
    codes = analyst.get("/staff/export?kind=wide&sample=1").data.decode()
    assert "Cámara de comercio de muestra B, Honduras" in labels
    assert "Sample chamber of commerce B, HN" in codes and "muestra" not in codes
    for text in (page, labels, codes):
        assert not [name for name in PROGRAMME if name in text]


def test_demo_is_sample_data_only_and_only_into_an_empty_database(ctx):
    created = seed_demo()
    assert created == 15 + DEMO_ANONYMOUS
    assert count(Assessment, Assessment.source != "sample") == 0
    numbered = Organization.sample_key.not_like("sample:%:%")
    invented = db.session.scalars(select(Organization.name).where(numbered)).all()
    assert sorted(invented) == sorted(f"Sample organization {n}" for n in range(1, 41))
    countries = set(db.session.scalars(select(Organization.country).where(numbered)))
    assert {library().regions.region_of(c).id for c in countries} == {
        r.id for r in library().regions.regions}
    assert seed_demo() == 0
    assert seed_sample_organizations(ctx, library().regions, DEMO_ANONYMOUS) == 0
    names = set(db.session.scalars(select(Organization.name)))
    assert not names & set(PROGRAMME)


@pytest.mark.parametrize("questionnaire_dir", [REAL_DIR])  # the demo as `make run` has it
def test_no_page_or_export_shows_a_score_next_to_a_programme_organizations_name(app):
    """The demo's data (all on the active version 2, every profile answer one of its options)
    through every staff page and export, in every language: a programme organization's name never
    appears."""
    with app.app_context():
        assert seed_demo() == 15 + DEMO_ANONYMOUS
        ids = db.session.scalars(select(Assessment.id)).all()
        questionnaire = active_questionnaire()
        assert questionnaire.key == "digital-maturity-v2"
        stored = db.session.scalars(select(Assessment)).all()
        assert {a.questionnaire_key for a in stored} == {"digital-maturity-v2"}
        for field in ("country", "org_type", "scope", "members_band", "staff_band"):
            values = {getattr(a, field) for a in stored}  # a programme sample has type and country
            assert values - {None} <= set(questionnaire.option_ids(field)), field
            assert None not in values or field not in ("country", "org_type"), field
        assert "federation" in {a.org_type for a in stored}  # v2's new type, from the profiles
        for assessment in stored:
            assert not check_answers(questionnaire, assessment.answer_values()).errors
    analyst = staff_client(app, "analyst")
    urls = ["/staff/?sample=1", "/staff/assessments?sample=1", "/staff/trust",
            "/staff/export?kind=wide&sample=1", "/staff/export?kind=long&sample=1",
            "/staff/export?kind=wide&sample=1&values=labels&lang=es",
            *(f"/staff/assessments/{i}" for i in ids)]
    for language in app.config["LANGUAGES"]:
        analyst.post("/staff/language", data={"locale": language})
        for url in urls:
            response = analyst.get(url)
            assert response.status_code == 200, url
            text = response.get_data(as_text=True)
            assert not [name for name in PROGRAMME if name in text], url


def test_seed_synthetic_command(ctx, runner):
    result = runner.invoke(args=["peers", "seed-synthetic", "250", "--batch-size", "100",
                                 "--answers"])
    assert result.exit_code == 0, result.output
    assert count(Assessment, Assessment.source == "synthetic", Assessment.is_latest,
                 Assessment.status == "submitted") == 250
    assert count(DimensionScore) == 250 * len(ctx.dimensions)
    names = db.session.scalars(select(Organization.name).limit(3)).all()
    assert all(n.startswith("Synthetic organization ") for n in names)
    for assessment in db.session.scalars(select(Assessment).limit(5)):
        assert assessment.overall_score == pytest.approx(
            score_assessment(ctx, assessment.answer_values()).overall)
