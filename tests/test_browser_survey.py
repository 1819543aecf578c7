"""The whole questionnaire in real Chromium at 360 px wide, JavaScript on, in Spanish and (as a
browser set to Brazilian Portuguese asks) in Portuguese: landing, profile, every dimension (options
chosen by clicking their labels), review, submit, results. The real questionnaire is the active
version 2."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.conftest import EXAMPLE_DIR, REAL_DIR

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REAL_QUESTIONNAIRE = REAL_DIR / "digital-maturity-v1.yaml"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The system's Chromium (never a downloaded one); skipped, with the reason, without it."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS]}


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-base-url's fixture, whose instance-method form this pytest deprecates
    (warnings are errors here); the test passes full URLs."""
    return None


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "es-AR", "viewport": {"width": 360, "height": 740}}


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """The app on a free port in a background thread, on a SQLite file, with CSRF on."""
    questionnaires = REAL_DIR if REAL_QUESTIONNAIRE.exists() else EXAMPLE_DIR
    database = tmp_path_factory.mktemp("browser") / "survey.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                     QUESTIONNAIRE_DIR=str(questionnaires), WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


def fill_profile(page) -> None:
    for field in page.locator("form#survey-form .question-profile").all():
        text = field.locator("input[type=text]")
        if text.count():
            field.locator("label").first.click()
            page.keyboard.type("Cámara de Comercio de Prueba")
            continue
        select = field.locator("select")
        values = [v for v in select.locator("option").evaluate_all(
            "options => options.map(o => o.value)") if v]
        select.select_option(values[0])


def fill_dimension(page) -> None:
    """The highest level and step, the first practices of each multi, by clicking labels."""
    form = page.locator("form#survey-form")
    for question in form.locator(".question-level, .question-tristate").all():
        question.locator(".choice:not(.choice-na) label").last.click()
    for question in form.locator(".question-multi").all():
        question.locator(".choice:not(.choice-exclusive) label").first.click()
    for row in form.locator(".question-adoption tbody tr").all():
        row.locator("td label").last.click()


WORDS = {
    "es": {"start": "Comenzar el diagnóstico", "next": "Guardar y continuar", "copy": "Copiar enlace",
           "missing": "Sin responder (obligatoria)", "submit": "Enviar diagnóstico"},
    "pt": {"start": "Começar o diagnóstico", "next": "Salvar e continuar", "copy": "Copiar link",
           "missing": "Sem resposta (obrigatória)", "submit": "Enviar diagnóstico"},
}


def test_questionnaire_in_spanish_from_landing_to_results(page, live_server):
    answer_everything(page, live_server, "es")


def test_questionnaire_in_portuguese_from_landing_to_results(browser, live_server):
    context = browser.new_context(locale="pt-BR", viewport={"width": 360, "height": 740})
    try:
        answer_everything(context.new_page(), live_server, "pt")
    finally:
        context.close()


def answer_everything(page, live_server, language: str) -> None:
    words = WORDS[language]
    page.goto(live_server + "/")
    page.get_by_role("link", name=words["start"]).click()
    assert page.locator("html").get_attribute("lang") == language
    fill_profile(page)
    page.get_by_role("button", name=words["next"]).last.click()

    page.wait_for_url(re.compile(r"/survey/(?!profile)"))
    link = page.locator("#resume-url")
    assert re.search(r"/resume/[\w-]{20,}", link.inner_text())
    assert page.get_by_role("button", name=words["copy"]).is_visible(), "JS shows the copy button"

    for _ in range(20):
        if page.url.endswith("/survey/review"):
            break
        fill_dimension(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, \
            f"{page.url} scrolls sideways at 360 px"
        page.get_by_role("button", name=words["next"]).last.click()
        page.wait_for_load_state()
    assert page.url.endswith("/survey/review")
    assert words["missing"] not in page.content()

    page.get_by_role("button", name=words["submit"]).click()
    page.wait_for_url(re.compile(r"/results/[\w-]+$"))
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".overall-value").inner_text().strip()
    images = page.locator("img")
    assert images.count() >= 1
    images.first.scroll_into_view_if_needed()
    page.wait_for_function("Array.from(document.images).every(i => i.complete)")
    widths = page.evaluate("Array.from(document.images).map(i => i.naturalWidth)")
    assert all(width > 0 for width in widths), widths
