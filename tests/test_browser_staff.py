"""The staff area in real Chromium: every staff page (generated from the URL map, so a new page is
walked too where it needs no id or one of the ids below) at 360 and 1280 px is no wider than the
screen and has no serious or critical axe-core violation; the 403 page keeps the staff layout; the
dashboard's chart text is at least 11 CSS px as shown on a phone.

axe-core is vendored (tests/vendor/axe.min.js, see tests/test_browser_report.py) and injected into
a context that bypasses the page's CSP, which allows no inline script.
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.browser import assert_chart_text_legible, base_url, browser_type_launch_args  # noqa: F401
from tests.conftest import REAL_DIR
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = (360, 1280)
NOT_PAGES = ("image/", "text/csv", "application/")
EXTRA = ("/staff/?sample=1", "/staff/?region=central_america_mexico&sample=1",
         "/staff/assessments?sample=1&sort=-score", "/staff/downloads?sample=1")


def build_data(app) -> dict:
    """Demo samples, two trusted real results and one pending, a re-assessment draft, accounts."""
    from app.models import Trust
    from app.operations.accounts import create_account
    from app.operations.assessment import start_reassessment
    from app.operations.demo import seed_demo
    from app.questionnaires import active_questionnaire
    from tests.factories import add_scored_peers

    with app.app_context():
        db.create_all()
        seed_demo()
        admin = create_account("admin@example.org", PASSWORD, "admin")
        create_account("analyst@example.org", PASSWORD, "analyst")
        add_scored_peers(2, seed="hn", country="HN", org_type="chamber_commerce", members_band="m3")
        add_scored_peers(1, seed="gt", country="GT", org_type="sectoral", members_band="m2",
                         trust=Trust.PENDING)
        from sqlalchemy import select

        from app.models import Assessment

        first = db.session.scalars(select(Assessment).where(
            Assessment.source == "respondent", Assessment.trust == "trusted")
            .order_by(Assessment.id).limit(1)).one()
        start_reassessment(first, active_questionnaire(), "es")
        from app.models import AssessmentRound
        from app.operations.round_lists import Entry, add_entries
        from app.operations.rounds import create_round, new_link

        round_ = create_round("Ronda de prueba con un nombre bastante largo para un teléfono",
                              active_questionnaire(), date.today(), None, "Nota", admin)
        [invitation] = add_entries(round_, [Entry("Cámara Nacional de Comercio de Prueba", "HN",
                                                  "chamber_commerce", "Ana Pérez",
                                                  "ana.perez@example.org", "es")])
        new_link(invitation.id, admin)
        assert db.session.scalar(select(AssessmentRound.id).where(AssessmentRound.sample))
        return {"assessment_id": first.id, "organization_id": first.organization_id,
                "user_id": admin.id, "round_id": round_.id}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    database = tmp_path_factory.mktemp("staff") / "staff.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                     QUESTIONNAIRE_DIR=str(REAL_DIR), WTF_CSRF_ENABLED=True)
    ids = build_data(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield {"url": f"http://127.0.0.1:{server.server_port}", "app": app, "ids": ids}
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


def staff_pages(live) -> list[str]:
    """Every GET route of the staff area whose arguments are known, then a few selections."""
    app, ids = live["app"], live["ids"]
    paths = []
    with app.test_request_context():
        from flask import url_for

        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith("staff.") or "GET" not in rule.methods:
                continue
            if not set(rule.arguments) <= set(ids):
                continue
            paths.append(url_for(rule.endpoint, **{k: ids[k] for k in rule.arguments}))
    return sorted(set(paths)) + list(EXTRA)


def signed_in(browser, live, width: int, email: str = "admin@example.org", **options):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-AR",
                                  **options)
    page = context.new_page()
    page.goto(live["url"] + "/staff/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    assert "/staff/login" not in page.url
    return context, page


def html_pages(page, live) -> list[str]:
    found = []
    for path in staff_pages(live):
        response = page.request.get(live["url"] + path)
        kind = response.headers.get("content-type", "")
        assert response.status == 200, (path, response.status)
        if kind.startswith("text/html"):
            found.append(path)
        else:
            assert kind.startswith(NOT_PAGES), (path, kind)
    return found


def axe_problems(page) -> list:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate("async () => (await axe.run(document)).violations.map("
                          "v => ({id: v.id, impact: v.impact, nodes: v.nodes.length}))")
    return [v for v in found if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("width", WIDTHS)
def test_every_staff_page_fits_the_screen_and_passes_axe(browser, live, width):
    context, page = signed_in(browser, live, width, bypass_csp=True)
    pages = html_pages(page, live)
    walked = {p.split("?")[0] for p in pages}
    assert {"/staff/", "/staff/assessments", "/staff/trust", "/staff/admin/", "/staff/admin/users",
            "/staff/admin/peers", "/staff/admin/messages", "/staff/downloads",
            f"/staff/organizations/{live['ids']['organization_id']}",
            f"/staff/assessments/{live['ids']['assessment_id']}", "/staff/rounds",
            "/staff/rounds/new", f"/staff/rounds/{live['ids']['round_id']}",
            f"/staff/rounds/{live['ids']['round_id']}/edit"} <= walked
    problems = {}
    for path in pages:
        page.goto(live["url"] + path)
        page.wait_for_load_state("load")
        for details in page.locator("details").all():  # the folded tables too
            details.evaluate("d => d.open = true")
        wide = page.evaluate("document.documentElement.scrollWidth")
        if wide > width:
            problems[path] = f"{wide} px wide"
            continue
        found = axe_problems(page)
        if found:
            problems[path] = found
    context.close()
    assert problems == {}


@pytest.mark.parametrize("width", WIDTHS)
def test_sign_in_and_forbidden_pages(browser, live, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="es-AR",
                                  bypass_csp=True)
    page = context.new_page()
    page.goto(live["url"] + "/staff/login")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_problems(page) == []
    context.close()
    context, page = signed_in(browser, live, width, "analyst@example.org", bypass_csp=True)
    response = page.goto(live["url"] + "/staff/admin/")
    assert response.status == 403
    assert page.locator(".staff-nav [aria-current]").count() == 0
    assert page.locator(".staff-nav").is_visible() and page.locator(".who-role").inner_text() == "Analista"
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert axe_problems(page) == []
    context.close()


def test_navigation_marks_the_page_and_switches_language(browser, live):
    context, page = signed_in(browser, live, 360)
    page.goto(live["url"] + f"/staff/assessments/{live['ids']['assessment_id']}")
    current = page.locator(".staff-nav [aria-current=page]")
    assert current.count() == 1 and current.inner_text() == "Diagnósticos"
    assert page.locator(".who-role").inner_text() == "Administrador/a"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("load")
    assert page.locator(".staff-nav [aria-current=page]").inner_text() == "Assessments"
    assert f"/staff/assessments/{live['ids']['assessment_id']}" in page.url
    page.get_by_role("button", name="Español").click()
    context.close()


def test_tables_scroll_inside_a_focusable_labelled_region(browser, live):
    context, page = signed_in(browser, live, 360)
    page.goto(live["url"] + "/staff/admin/users")
    region = page.locator(".table-wrap").first
    assert region.get_attribute("role") == "region" and region.get_attribute("aria-label")
    assert region.evaluate("r => r.scrollWidth > r.clientWidth")  # the table is wider: it scrolls
    region.focus()
    page.keyboard.press("ArrowRight")  # scrolling may be animated: wait for it
    page.wait_for_function("() => document.querySelector('.table-wrap').scrollLeft > 0",
                           timeout=5000)
    context.close()


def test_dashboard_chart_text_is_at_least_11_px_on_a_phone(browser, live):
    context, page = signed_in(browser, live, 360)
    page.goto(live["url"] + "/staff/?sample=1")
    images = page.locator(".chart img")
    assert images.count() == 4
    assert_chart_text_legible(page, live["url"], images)
    context.close()


def test_the_dashboard_works_without_javascript(browser, live):
    context, page = signed_in(browser, live, 360, java_script_enabled=False)
    page.goto(live["url"] + "/staff/?sample=1")
    page.locator("details.figures summary").first.click()
    assert page.locator("details.figures table").first.is_visible()
    page.select_option("select[name=region]", "central_america_mexico")
    page.locator(".filters button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "region=central_america_mexico" in page.url
    context.close()
