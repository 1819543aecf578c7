"""Absolute links are built only from configured hosts: a request with a forged Host (or a forged
X-Forwarded-Host behind a proxy) gets 400, and the private resume link names the site's own host."""

from __future__ import annotations

import re

import pytest

from app import create_app
from app.survey.forms import PROFILE
from config import ProductionConfig
from tests.conftest import EXAMPLE_DIR
from tests.factories import ANSWERS, page_data

SITE = "diagnostico.example.org"
ALIAS = "www.diagnostico.example.org"
BAD_REQUEST = {"es": "Solicitud incorrecta", "en": "Bad request"}


@pytest.fixture
def app_config():
    return {"SERVER_NAME": SITE, "TRUSTED_HOSTS": [SITE, ALIAS]}


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("path", ["/", "/survey/profile", "/staff/login", "/staff/admin",
                                  "/resume/abc", "/no/such/page"])
def test_a_forged_host_gets_400_in_the_users_language(client, path, language):
    response = client.get(path, headers={"Host": "evil.example", "Accept-Language": language})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert BAD_REQUEST[language] in page
    assert "evil.example" not in page and "evil.example" not in response.headers.get("Location", "")
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
        assert header in response.headers


def test_configured_hosts_are_served(client):
    for host in (SITE, ALIAS, f"{SITE}:443"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host


def test_the_resume_link_names_the_sites_host_whichever_alias_was_used(client, questionnaire):
    alias = f"http://{ALIAS}"
    response = client.post("/survey/profile", base_url=alias, data=page_data(
        questionnaire, PROFILE, ANSWERS, direction="next"))
    assert response.status_code == 303
    page = client.get("/survey/review", base_url=alias).get_data(as_text=True)
    links = re.findall(r'id="resume-url">([^<]+)<', page)
    assert links and links[0].startswith(f"http://{SITE}/resume/")


@pytest.mark.parametrize("app_config", [{"TRUSTED_HOSTS": [SITE], "PROXY_FIX_X_HOST": 1}])
def test_a_forged_forwarded_host_behind_the_proxy_gets_400(client):
    assert client.get("/", headers={"Host": SITE, "X-Forwarded-Host": SITE}).status_code == 200
    forged = client.get("/", headers={"Host": SITE, "X-Forwarded-Host": "evil.example"})
    assert forged.status_code == 400


def production(tmp_path, **settings):
    class Production(ProductionConfig):
        SECRET_KEY = "production-test-key"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'hosts.db'}"
        QUESTIONNAIRE_DIR = str(EXAMPLE_DIR)
        SERVER_NAME = None
        TRUSTED_HOSTS = None

    for name, value in settings.items():
        setattr(Production, name, value)
    return create_app(Production)


def test_production_refuses_to_start_without_a_configured_host(tmp_path):
    with pytest.raises(RuntimeError, match="SERVER_NAME"):
        production(tmp_path)


def test_production_with_only_server_name_trusts_that_host(tmp_path):
    app = production(tmp_path, SERVER_NAME=f"{SITE}:8443")
    assert app.config["TRUSTED_HOSTS"] == [SITE]
    client = app.test_client()
    assert client.get("/", headers={"Host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"Host": f"{SITE}:8443"}).status_code == 200
