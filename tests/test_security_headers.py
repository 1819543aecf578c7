"""Every response carries the security headers; no template holds what the CSP would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import request

from app import create_app
from config import ProductionConfig, TestConfig
from tests.conftest import EXAMPLE_DIR, ROOT

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def csp_directives(value: str) -> dict[str, str]:
    return {part.strip().split(" ", 1)[0]: part.strip() for part in value.split(";") if part.strip()}


@pytest.mark.parametrize("path", ["/", "/no-such-page", "/static/style.css"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, name
    directives = csp_directives(response.headers["Content-Security-Policy"])
    assert directives["default-src"] == "default-src 'self'"
    assert directives["script-src"] == "script-src 'self'"
    assert directives["style-src"] == "style-src 'self'"
    assert directives["img-src"] == "img-src 'self' data:"
    assert directives["frame-ancestors"] == "frame-ancestors 'none'"
    assert directives["form-action"] == "form-action 'self'"
    assert directives["base-uri"] == "base-uri 'self'"
    assert directives["object-src"] == "object-src 'none'"
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    assert "unsafe-eval" not in response.headers["Content-Security-Policy"]


def test_headers_are_set_once_not_twice(client):
    """This module is the single place that sets them: a second setter would send two values."""
    response = client.get("/")
    for name in (*EXPECTED, "Content-Security-Policy"):
        assert len(response.headers.getlist(name)) == 1, name


def test_pages_are_not_kept_in_shared_caches(client):
    assert "no-store" in client.get("/").headers["Cache-Control"]


def test_no_hsts_outside_production(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def production_app(tmp_path, **overrides):
    class Production(ProductionConfig):
        SECRET_KEY = "production-test-key"
        SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'prod.db'}"
        QUESTIONNAIRE_DIR = str(EXAMPLE_DIR)
        TRUSTED_HOSTS = ["localhost"]

    return create_app(Production, **overrides)


def test_hsts_in_production(tmp_path):
    response = production_app(tmp_path).test_client().get("/no-such-page")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def remote_address_app(tmp_path, **overrides):
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'proxy.db'}",
                     QUESTIONNAIRE_DIR=str(EXAMPLE_DIR), **overrides)
    app.add_url_rule("/_test/whoami", "whoami", lambda: f"{request.remote_addr} {request.scheme}")
    return app


def test_forwarded_headers_are_ignored_without_a_configured_proxy(tmp_path):
    client = remote_address_app(tmp_path).test_client()
    body = client.get("/_test/whoami", headers={"X-Forwarded-For": "203.0.113.9",
                                                 "X-Forwarded-Proto": "https"}).text
    assert body == "127.0.0.1 http"


def test_one_trusted_proxy_gives_the_client_address(tmp_path):
    client = remote_address_app(tmp_path, PROXY_FIX_X_FOR=1, PROXY_FIX_X_PROTO=1).test_client()
    body = client.get("/_test/whoami", headers={
        "X-Forwarded-For": "198.51.100.1, 203.0.113.9", "X-Forwarded-Proto": "https"}).text
    # Only the last hop, added by our own proxy, is believed; the client's forged first one is not.
    assert body == "203.0.113.9 https"


def test_a_bad_proxy_count_stops_start_up(tmp_path):
    with pytest.raises(RuntimeError, match="PROXY_FIX_X_FOR"):
        remote_address_app(tmp_path, PROXY_FIX_X_FOR="one")


@pytest.mark.parametrize("path", ["/?q=%00", "/%00"])
def test_nul_characters_in_the_url_are_refused(client, path):
    assert client.get(path).status_code == 400


def test_nul_characters_in_a_form_are_refused(client):
    response = client.post("/", data={"name": "a\x00b"})
    assert response.status_code == 400
    assert "Content-Security-Policy" in response.headers


# --- The static scan: nothing in a template that the CSP would block. ---------------------------

TEMPLATES = sorted((ROOT / "app").glob("**/templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE | re.DOTALL)
SCRIPT_WITH_BODY = re.compile(r"<script\b[^>]*>\s*[^<\s]", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.IGNORECASE | re.DOTALL)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE | re.DOTALL)
JAVASCRIPT_URL = re.compile(r"(?:href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)
FORBIDDEN = {
    "inline <script> without src": INLINE_SCRIPT,
    "<script> with a body": SCRIPT_WITH_BODY,
    "style= attribute": STYLE_ATTRIBUTE,
    "<style> element": STYLE_ELEMENT,
    "on*= event handler": EVENT_HANDLER,
    "javascript: URL": JAVASCRIPT_URL,
}


def strip_jinja_comments(source: str) -> str:
    return re.sub(r"\{#.*?#\}", "", source, flags=re.DOTALL)


def test_the_scan_finds_templates():
    assert any(path.name == "base.html" for path in TEMPLATES)
    assert any(path.parent.name == "errors" for path in TEMPLATES)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_template_needs_no_inline_script_or_style(template: Path):
    source = strip_jinja_comments(template.read_text(encoding="utf-8"))
    found = [name for name, pattern in FORBIDDEN.items() if pattern.search(source)]
    assert not found, f"{template.relative_to(ROOT)} has {', '.join(found)}; the CSP blocks it"


@pytest.mark.parametrize(("snippet", "problem"), [
    ('<script>alert(1)</script>', "inline <script> without src"),
    ('<div style="color:red">', "style= attribute"),
    ('<button onclick="go()">', "on*= event handler"),
    ('<a href="javascript:go()">', "javascript: URL"),
    ('<style>p{}</style>', "<style> element"),
])
def test_the_scan_catches_what_the_csp_blocks(snippet, problem):
    assert FORBIDDEN[problem].search(snippet)


def test_the_scan_allows_external_scripts():
    source = '<script src="{{ url_for(\'static\', filename=\'a.js\') }}" defer></script>'
    assert not any(pattern.search(source) for pattern in FORBIDDEN.values())


@pytest.mark.parametrize("body", ["false", "[1]", '"x"', '{"q_org_name": {"a": 1}}', "null"])
def test_json_bodies_are_refused_before_any_form_sees_them(client, body):
    response = client.post("/survey/profile", data=body, content_type="application/json")
    assert response.status_code == 415


@pytest.mark.parametrize("number", ["2147483648", "9" * 30])
def test_ids_no_column_can_hold_are_not_found(app, client, number):
    app.add_url_rule("/_test/item/<int:item_id>", "item", lambda item_id: str(item_id))
    assert client.get("/_test/item/2147483647").status_code == 200
    assert client.get(f"/_test/item/{number}").status_code == 404
