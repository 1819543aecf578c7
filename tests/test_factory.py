import pytest

from app import create_app
from config import DevelopmentConfig, ProductionConfig, TestConfig, database_url
from tests.conftest import EXAMPLE_DIR


def test_the_factory_takes_a_config_class_and_overrides(tmp_path):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'x.db'}",
                     QUESTIONNAIRE_DIR=str(EXAMPLE_DIR), ANONYMITY_THRESHOLD=7)
    assert app.testing and not app.config["WTF_CSRF_ENABLED"]
    assert app.config["ANONYMITY_THRESHOLD"] == 7
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("x.db")


def test_landing_page_is_served(client):
    response = client.get("/", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    assert b"Example questionnaire" in response.data


def test_production_refuses_to_start_without_secret_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)

    class Production(ProductionConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'p.db'}"
        QUESTIONNAIRE_DIR = str(EXAMPLE_DIR)

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(Production)


def test_development_makes_a_key_once_and_keeps_it(tmp_path):
    class Development(DevelopmentConfig):
        SECRET_KEY = None
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'd.db'}"
        QUESTIONNAIRE_DIR = str(EXAMPLE_DIR)

    first = create_app(Development)
    second = create_app(Development)
    assert len(first.config["SECRET_KEY"]) >= 32
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]


def test_production_cookies_are_secure():
    assert ProductionConfig.SESSION_COOKIE_SECURE
    assert ProductionConfig.SESSION_COOKIE_HTTPONLY
    assert ProductionConfig.SESSION_COOKIE_SAMESITE == "Lax"


@pytest.mark.parametrize(("given", "expected"), [
    (None, "sqlite:///assessment.db"),
    ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
    ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
])
def test_database_url_is_normalised_for_psycopg(given, expected):
    assert database_url(given) == expected


def test_app_refuses_an_invalid_active_questionnaire(tmp_path):
    bad = (EXAMPLE_DIR / "example-v1.yaml").read_text().replace("weight: 2\n", "weight: -1\n", 1)
    (tmp_path / "example-v1.yaml").write_text(bad)
    (tmp_path / "regions.yaml").write_text((EXAMPLE_DIR / "regions.yaml").read_text())
    with pytest.raises(Exception, match=r"example-v1.yaml:\d+: dimensions\[0\].weight"):
        create_app(TestConfig, QUESTIONNAIRE_DIR=str(tmp_path))
