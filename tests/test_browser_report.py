"""The results report in real Chromium, on the real questionnaire with real-looking peers: no page of
the results area wider than a 360 px phone, percentile and count on screen at 360 px, at 1280 px
and in print, chart text of at least 11 CSS px as shown, under 250 KB on first load, no serious or
critical axe-core violation at 360 and 1280 px, and the page works without JavaScript.

axe-core 4.10.3 is vendored (tests/vendor/axe.min.js, from the npm registry's `axe-core`; its
licence beside it) and injected into a context that bypasses the page's CSP, which allows no
inline script.
"""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.browser import assert_chart_text_legible, base_url, browser_type_launch_args, serious_violations  # noqa: F401
from tests.conftest import REAL_DIR

pytestmark = pytest.mark.browser

WIDTHS = (360, 1280)
PAGE_BUDGET = 250 * 1024


def build_data(app) -> dict[str, str]:
    """Peers, a first assessment with targets, its re-assessment (submitted) and a share link;
    every write through the app's operations."""
    from app.operations.assessment import (
        save_answers,
        start_assessment,
        start_reassessment,
        submit_assessment,
    )
    from app.operations.follow_up import create_share_link, set_targets
    from app.operations.peers import sample_answers
    from app.questionnaires import active_questionnaire
    from tests.factories import add_scored_peers

    with app.app_context():
        db.create_all()
        add_scored_peers(12, country="HN", org_type="chamber_commerce", members_band="m3")
        add_scored_peers(9, seed="gt", country="GT", org_type="chamber_commerce", members_band="m2")
        add_scored_peers(12, seed="ar", country="AR", org_type="sectoral", members_band="m3")
        questionnaire = active_questionnaire()
        profile = {"org_name": "Cámara de Comercio de Prueba (muestra)", "country": "HN",
                   "org_type": "chamber_commerce", "scope": "territorial", "members_band": "m3",
                   "staff_band": "s2",
                   "sme_share_band": questionnaire.question("sme_share_band").options[0].id}
        first, first_token = start_assessment(questionnaire, "es")
        save_answers(first, questionnaire, {**profile, **sample_answers(questionnaire, "before")})
        submit_assessment(first, questionnaire)
        set_targets(first, {d.id: 70.0 for d in questionnaire.dimensions})
        second, token = start_reassessment(first, questionnaire, "es")
        save_answers(second, questionnaire, sample_answers(questionnaire, "after"))
        submit_assessment(second, questionnaire)
        shared = create_share_link(second)
    return {"first": first_token, "token": token, "shared": shared}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    database = tmp_path_factory.mktemp("report") / "report.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                     QUESTIONNAIRE_DIR=str(REAL_DIR), WTF_CSRF_ENABLED=True)
    tokens = build_data(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", **tokens}
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


def results_pages(live) -> list[str]:
    base, token = live["url"], live["token"]
    return [f"/results/{token}", f"/results/{token}?group=all", f"/results/{token}?group=nonsense",
            f"/results/{live['first']}", f"/results/{live['first']}/newer",
            f"/shared/{live['shared']}", "/results/not-a-token", f"{base}/shared/not-a-token"]


def open_page(browser, url, width, **options):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="es-HN",
                                  **options)
    page = context.new_page()
    response = page.goto(url)
    page.wait_for_load_state("load")
    return context, page, response


@pytest.mark.parametrize("width", WIDTHS)
def test_no_results_page_is_wider_than_the_screen(browser, live, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="es-HN")
    page = context.new_page()
    for path in results_pages(live):
        page.goto(path if path.startswith("http") else live["url"] + path)
        page.wait_for_load_state("load")
        assert page.evaluate("document.documentElement.scrollWidth") <= width, \
            f"{path} scrolls sideways at {width} px"
    context.close()


def assert_on_screen(page, selector: str, width: int) -> None:
    cells = page.locator(selector)
    assert cells.count() >= 2
    for index in range(cells.count()):
        box = cells.nth(index).bounding_box()
        assert box is not None and box["width"] > 0, selector
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{selector} off-screen"


@pytest.mark.parametrize("width", WIDTHS)
def test_percentile_and_count_are_on_screen(browser, live, width):
    context, page, _ = open_page(browser, f"{live['url']}/results/{live['token']}", width)
    assert_on_screen(page, ".peer-rank", width)
    assert_on_screen(page, ".peer-count", width)
    assert "cámaras de comercio en Centroamérica y México" in page.locator(".peer-group").inner_text()
    context.close()


def test_percentile_and_count_are_on_the_printed_page(browser, live):
    width = 718  # an A4 page less the print margins, in CSS px
    context, page, _ = open_page(browser, f"{live['url']}/results/{live['token']}", width)
    page.emulate_media(media="print")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_on_screen(page, ".peer-rank", width)
    assert_on_screen(page, ".peer-count", width)
    assert page.locator(".peers-table thead").is_visible()
    context.close()


def test_chart_text_is_at_least_11_px_as_shown_on_a_phone(browser, live):
    context, page, _ = open_page(browser, f"{live['url']}/results/{live['token']}", 360)
    images = page.locator(".results img")
    assert images.count() == 3  # radar, previous and current side by side, peers
    assert_chart_text_legible(page, live["url"], images)
    context.close()


def test_first_load_weighs_under_250_kb(browser, live):
    context = browser.new_context(viewport={"width": 360, "height": 800}, locale="es-HN")
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda request: sizes.__setitem__(
        request.url, request.sizes()["responseBodySize"]))
    page.goto(f"{live['url']}/results/{live['token']}")
    page.wait_for_load_state("networkidle")
    kinds = {url.rsplit(".", 1)[-1].split("?")[0] for url in sizes}
    assert {"css", "js", "svg"} <= kinds
    assert sum(sizes.values()) < PAGE_BUDGET, sizes
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("which", ["token", "shared"])
def test_axe_finds_no_serious_or_critical_violation(browser, live, width, which):
    path = f"/results/{live['token']}" if which == "token" else f"/shared/{live['shared']}"
    context, page, _ = open_page(browser, live["url"] + path, width, bypass_csp=True)
    serious = serious_violations(page)
    assert serious == [], serious
    context.close()


def test_the_report_works_without_javascript(browser, live):
    context, page, _ = open_page(browser, f"{live['url']}/results/{live['token']}", 360,
                                 java_script_enabled=False)
    assert page.locator(".print-hint").is_visible()
    assert page.locator("[data-print]").is_hidden()
    assert page.get_by_role("link", name="Descargar el informe (PDF)").is_visible()
    page.locator(".peer-switch a").first.click()
    page.wait_for_load_state("load")
    assert "group=" in page.url and page.locator(".peer-current").count() == 1
    assert page.locator(".peer-rank").first.is_visible()
    context.close()
