"""The questionnaire in real Chromium at 360 px wide, in Spanish: the whole journey with JavaScript
(answers saved as they are given) and without it (the buttons save), every page no wider than the
phone and free of serious or critical axe-core violations; answers that reach another browser
without a button being pressed; answers given offline that reach the server when the connection
returns, or are offered back when the page is opened again."""

from __future__ import annotations

import re
import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.operations.assessment import find_by_token
from config import TestConfig
from tests.browser import base_url, browser_type_launch_args, serious_violations  # noqa: F401
from tests.conftest import EXAMPLE_DIR, REAL_DIR

pytestmark = pytest.mark.browser

REAL_QUESTIONNAIRE = REAL_DIR / "digital-maturity-v1.yaml"
WIDTH, HEIGHT = 360, 740
SAVED = "Respuestas guardadas"


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "es-AR", "viewport": {"width": WIDTH, "height": HEIGHT}}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The app on a free port in a background thread, on a SQLite file, with CSRF on."""
    questionnaires = REAL_DIR if REAL_QUESTIONNAIRE.exists() else EXAMPLE_DIR
    database = tmp_path_factory.mktemp("browser") / "survey.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                     QUESTIONNAIRE_DIR=str(questionnaires), WTF_CSRF_ENABLED=True,
                     CONTACT_EMAIL="privacidad@example.org")
    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def live_url(live) -> str:
    return live[1]


def stored_answers(live, token: str) -> dict:
    app, _url = live
    with app.app_context():
        values = find_by_token(token).answer_values()
        db.session.remove()
    return values


# -- checks on every page -------------------------------------------------------------------------
def fits_the_phone(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide at {WIDTH} px"


def accessible(page) -> None:
    """No serious or critical axe-core violation."""
    violations = serious_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def first_question_on_first_screen(page) -> None:
    box = page.locator("form#survey-form .question").first.bounding_box()
    assert box is not None and box["y"] + 40 <= HEIGHT, f"{page.url}: first question at {box}"


# -- answering like a person ----------------------------------------------------------------------
def fill_profile(page) -> None:
    for field in page.locator("form#survey-form .question-profile").all():
        text = field.locator("input[type=text]")
        if text.count():
            text.fill("Cámara de Comercio de Prueba")
            continue
        select = field.locator("select")
        values = [v for v in select.locator("option").evaluate_all(
            "options => options.map(o => o.value)") if v]
        select.select_option(values[0])


def fill_dimension(page) -> None:
    """The highest level and step, the first practice of each multi, by clicking labels."""
    form = page.locator("form#survey-form")
    for question in form.locator(".question-level, .question-tristate").all():
        question.locator(".choice:not(.choice-na) label").last.click()
    for question in form.locator(".question-multi").all():
        question.locator(".choice:not(.choice-exclusive) label").first.click()
    for row in form.locator(".question-adoption tbody tr").all():
        row.locator("td label").last.click()


def checked_inputs(page) -> list[str]:
    return page.locator("form#survey-form input:checked").evaluate_all(
        "inputs => inputs.map(i => i.name + '=' + i.value)")


def wait_saved(page) -> None:
    page.wait_for_function(
        "text => document.querySelector('.save-status').textContent === text", arg=SAVED)


def start(page, live_url: str) -> str:
    """From the landing page through the profile to the first dimension page; the private link."""
    page.goto(live_url + "/")
    page.get_by_role("link", name="Comenzar el diagnóstico").click()
    page.wait_for_url(re.compile(r"/survey/profile$"))  # fill_profile lists the fields at once
    page.wait_for_load_state()
    fill_profile(page)
    page.get_by_role("button", name="Guardar y continuar").click()
    page.wait_for_url(re.compile(r"/survey/(?!profile)"))
    link = page.locator("#resume-url").inner_text()
    assert re.search(r"/resume/[\w-]{20,}$", link)
    return link


def token_of(link: str) -> str:
    return link.rsplit("/", 1)[1]


def forward(page) -> None:
    """Press the page's forward button and wait until the next page has loaded."""
    before = page.url
    page.get_by_role("button", name="Guardar y continuar").click()
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state()


def walk(page, live_url: str, on_page, javascript: bool) -> None:
    """Landing, profile, every dimension page (answered, then left by its forward button), the
    review and the submission; `on_page(page)` checks each page as it opens."""
    page.goto(live_url + "/")
    on_page(page)
    start_button = page.get_by_role("link", name="Comenzar el diagnóstico")
    box = start_button.bounding_box()
    assert box["y"] + box["height"] <= HEIGHT, "the start button is on the first phone screen"
    start_button.click()
    page.wait_for_url(re.compile(r"/survey/profile$"))
    page.wait_for_load_state()
    on_page(page)
    fill_profile(page)
    forward(page)
    for _ in range(20):
        if page.url.endswith("/survey/review"):
            break
        on_page(page)
        first_question_on_first_screen(page)
        fill_dimension(page)
        if javascript:
            wait_saved(page)
        forward(page)
    assert page.url.endswith("/survey/review")
    on_page(page)
    assert "Sin responder (obligatoria)" not in page.content()
    buttons = page.get_by_role("button", name="Enviar diagnóstico")
    assert buttons.count() == 2, "a submit button at the top and at the end of the review"
    buttons.first.click()
    page.wait_for_url(re.compile(r"/results/[\w-]+$"))
    page.wait_for_load_state()
    fits_the_phone(page)
    for path in ("/privacy", "/no-such-page"):
        page.goto(live_url + path)
        on_page(page)


# -- the journeys ---------------------------------------------------------------------------------
def test_whole_journey_with_javascript_fits_the_phone_and_passes_axe(browser, live_url):
    context = browser.new_context(locale="es-AR", viewport={"width": WIDTH, "height": HEIGHT},
                                  bypass_csp=True)
    page = context.new_page()

    def on_page(page):
        assert page.locator("html").get_attribute("lang") == "es"
        fits_the_phone(page)
        accessible(page)
        if page.locator("form#survey-form[data-autosave]").count():
            assert page.locator('[data-save-note="auto"]').is_visible()
            assert not page.locator('[data-save-note="buttons"]').is_visible()

    walk(page, live_url, on_page, javascript=True)
    assert "Página no encontrada" in page.content(), "the 404 page speaks the visitor's language"
    context.close()


def test_whole_journey_without_javascript(browser, live_url):
    """JavaScript off: the buttons save and the page says so. axe-core needs scripts, so the same
    journey is checked again with the site's own scripts blocked and axe injected."""
    context = browser.new_context(locale="es-AR", viewport={"width": WIDTH, "height": HEIGHT},
                                  java_script_enabled=False)
    page = context.new_page()

    def on_page(page):
        fits_the_phone(page)
        if page.locator("form#survey-form[data-autosave]").count():
            assert page.locator('[data-save-note="buttons"]').is_visible()
            assert not page.locator('[data-save-note="auto"]').is_visible()
            assert page.locator(".step-menu").is_visible()

    walk(page, live_url, on_page, javascript=False)
    context.close()

    context = browser.new_context(locale="es-AR", viewport={"width": WIDTH, "height": HEIGHT},
                                  bypass_csp=True)
    context.route(re.compile(r"/static/.*\.js$"), lambda route: route.abort())
    page = context.new_page()
    walk(page, live_url, lambda page: (fits_the_phone(page), accessible(page)),
         javascript=False)
    context.close()


def test_answers_given_without_a_button_are_there_in_another_browser(browser, live, live_url):
    first = browser.new_context(locale="es-AR", viewport={"width": WIDTH, "height": HEIGHT})
    page = first.new_page()
    link = start(page, live_url)
    dimension_url = page.url
    fill_dimension(page)
    wait_saved(page)
    given = checked_inputs(page)
    assert given
    first.close()  # the browser is closed; no button was pressed

    other = browser.new_context(locale="es-AR", viewport={"width": WIDTH, "height": HEIGHT})
    page = other.new_page()
    page.goto(link)
    assert "Cámara de Comercio de Prueba" in page.content(), "the page says whose draft it opens"
    page.get_by_role("button", name="Abrir este diagnóstico").click()
    page.wait_for_url(dimension_url)
    assert checked_inputs(page) == given
    other.close()


def test_answers_given_offline_reach_the_server_when_the_connection_returns(browser, live,
                                                                            live_url):
    context = browser.new_context(locale="es-AR", viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    token = token_of(start(page, live_url))
    context.set_offline(True)
    question = page.locator("form#survey-form .question-level").first
    question.locator(".choice label").nth(1).click()
    page.wait_for_function("() => /no hay conexión/.test(document.querySelector('.save-status')"
                           ".textContent)")
    assert page.evaluate("Object.keys(localStorage).some(k => k.startsWith('survey-unsaved:'))")
    question_id = question.get_attribute("data-question")
    assert question_id not in stored_answers(live, token)

    context.set_offline(False)
    wait_saved(page)
    assert stored_answers(live, token)[question_id] == question.locator(
        "input:checked").get_attribute("value")
    context.close()


def test_answers_left_offline_are_offered_back_when_the_page_opens_again(browser, live, live_url):
    context = browser.new_context(locale="es-AR", viewport={"width": WIDTH, "height": HEIGHT})
    page = context.new_page()
    token = token_of(start(page, live_url))
    dimension_url = page.url
    context.set_offline(True)
    question = page.locator("form#survey-form .question-level").first
    question_id = question.get_attribute("data-question")
    question.locator(".choice label").nth(2).click()
    chosen = question.locator("input:checked").get_attribute("value")
    page.wait_for_function("() => /no hay conexión/.test(document.querySelector('.save-status')"
                           ".textContent)")
    page.close()  # closed while offline: the answer never left the browser
    context.set_offline(False)

    page = context.new_page()
    page.goto(dimension_url)
    offer = page.locator("#restore-answers")
    assert offer.is_visible()
    assert question_id not in stored_answers(live, token)
    page.get_by_role("button", name="Recuperarlas y guardarlas").click()
    wait_saved(page)
    assert not offer.is_visible()
    assert page.locator(f'[data-question="{question_id}"] input:checked').get_attribute(
        "value") == chosen
    assert stored_answers(live, token)[question_id] == chosen
    page.reload()
    assert not page.locator("#restore-answers").is_visible(), "nothing left to offer"
    context.close()
