"""Sample, synthetic and demo data: clearly marked, deterministic, and honest about real
organizations."""

from pathlib import Path

import pytest
import yaml
from flask import current_app
from sqlalchemy import func, select

from app.domain.references import ReferenceProfileError, load_reference_profiles, parse_reference_profiles
from app.domain.regions import load_regions
from app.domain.scoring import score_assessment
from app.extensions import db
from app.models import Assessment, DimensionScore, Organization
from app.operations.demo import DEMO_ANONYMOUS, seed_demo
from app.operations.peers import sample_answers, seed_reference_profiles, seed_sample_organizations
from app.questionnaires import active_questionnaire, library
from tests.conftest import REAL_DIR

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
    assert {p.provenance for p in profiles.profiles} == {"sample"}
    # Only three organizations have documented digital practices; the rest took part, no more.
    assert {p.key for p in profiles.profiles if p.practices} == {"uia", "andi", "cni"}
    for profile in profiles.profiles:
        for practice in profile.practices:
            assert practice.source.title("es") and practice.source.title("en") and practice.dimensions
            assert practice.text("es") and practice.text("en")


def test_practice_dimensions_exist_in_the_real_questionnaire():
    path = REAL_DIR / "digital-maturity-v1.yaml"
    if not path.exists():
        pytest.skip("the real questionnaire is not there yet")
    dimensions = {d["id"] for d in yaml.safe_load(path.read_text(encoding="utf-8"))["dimensions"]}
    tagged = {d for p in load_reference_profiles(PROFILES_FILE).profiles for practice in p.practices
              for d in practice.dimensions}
    assert tagged <= dimensions


def test_a_profile_without_a_source_or_marked_real_is_refused(tmp_path: Path):
    raw = yaml.safe_load(PROFILES_FILE.read_text(encoding="utf-8"))
    raw["profiles"][0]["provenance"] = "real"
    del raw["profiles"][0]["practices"][0]["source"]
    with pytest.raises(ReferenceProfileError) as caught:
        parse_reference_profiles(raw)
    assert "provenance" in str(caught.value) and "source" in str(caught.value)


def test_sample_answers_are_deterministic_and_valid(ctx):
    assert sample_answers(ctx, 7) == sample_answers(ctx, 7)
    assert len({str(sample_answers(ctx, s)) for s in range(20)}) > 10
    answers = sample_answers(ctx, 7)
    assert set(answers) == {q.id for q in ctx.scored_questions}


def test_reference_profiles_get_one_sample_assessment_each_once(ctx):
    profiles = current_app.extensions["reference_profiles"]
    assert seed_reference_profiles(ctx, profiles) == 15
    assert seed_reference_profiles(ctx, profiles) == 0
    assert count(Assessment, Assessment.source == "sample", Assessment.is_latest) == 15
    uia = db.session.scalar(select(Organization).filter_by(reference_key="uia"))
    assert uia.name == "Unión Industrial Argentina (UIA)" and uia.members_band is None
    assessment = uia.assessments[0]
    assert assessment.is_submitted
    assert assessment.overall_score == pytest.approx(
        score_assessment(ctx, assessment.answer_values()).overall)


def test_demo_is_sample_data_only_and_only_into_an_empty_database(ctx):
    created = seed_demo()
    assert created == 15 + DEMO_ANONYMOUS
    assert count(Assessment, Assessment.source != "sample") == 0
    invented = db.session.scalars(select(Organization.name).where(
        Organization.reference_key.is_(None))).all()
    assert sorted(invented) == sorted(f"Sample organization {n}" for n in range(1, 41))
    countries = set(db.session.scalars(select(Organization.country).where(
        Organization.reference_key.is_(None))))
    assert {library().regions.region_of(c).id for c in countries} == {
        r.id for r in library().regions.regions}
    assert seed_demo() == 0
    assert seed_sample_organizations(ctx, library().regions, DEMO_ANONYMOUS) == 0


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
