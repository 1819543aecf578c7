"""A team of three in real Chromium at 360 px: the coordinator starts a team and invites two
colleagues; each answers with their own link (one of them without JavaScript, and two levels
apart from the other on the digital plan); the coordinator answers as themselves too, sees that
disagreement first, agrees the answers, settles the plan with a note and submits; the report
shows how the team agreed; a staff member downloads the long export with the individual answers.
Every new page fits the phone and has no serious axe-core violation."""

from __future__ import annotations

import csv
import io
import re
import threading

import pytest
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from config import TestConfig
from tests.browser import base_url, browser_type_launch_args, serious_violations  # noqa: F401
from tests.conftest import EXAMPLE_DIR
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    database = tmp_path_factory.mktemp("team") / "team.db"
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                     QUESTIONNAIRE_DIR=str(EXAMPLE_DIR), WTF_CSRF_ENABLED=True)
    with app.app_context():
        db.create_all()
        from app.operations.accounts import create_account

        create_account("analyst@example.org", PASSWORD, "analyst")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)
    with app.app_context():
        db.engine.dispose()


def phone(browser, javascript: bool = True):
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT}, locale="en-US",
                                  bypass_csp=True, java_script_enabled=javascript)
    return context, context.new_page()


def checked(page) -> None:
    """The page fits the phone and passes axe-core (both need JavaScript in the page)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= WIDTH, f"{page.url} is {width} px wide"
    violations = serious_violations(page)
    assert violations == [], f"{page.url}: {violations}"


def forward(page, name="Save and continue") -> None:
    before = page.url
    page.get_by_role("button", name=name).click()
    page.wait_for_url(lambda url: url != before)
    page.wait_for_load_state()


def answer_dimensions(page, plan: str) -> None:
    """Strategy with the given plan and "Yes"; services: training, every tool in use."""
    page.locator(".question-level .choice label", has_text=plan).click()
    page.locator(".question-tristate .choice label", has_text="Yes").click()
    forward(page)
    page.locator(".question-multi .choice label", has_text="Training").click()
    for row in page.locator(".question-adoption tbody tr").all():
        row.locator("td label", has_text="In use").click()
    forward(page)
    assert page.url.endswith("/survey/review")


def submit(page) -> None:
    before = page.url
    page.get_by_role("button", name="Submit assessment").first.click()
    page.wait_for_url(lambda url: url != before)


def colleague_answers(browser, link: str, role: str, plan: str, javascript: bool = True):
    context, page = phone(browser, javascript)
    page.goto(link)
    if javascript:
        checked(page)
    page.get_by_role("button", name="Start answering").click()
    page.wait_for_url(re.compile(r"/survey/profile"))
    assert f"You are answering as {role} for the team of Cámara Sur" in page.content()
    assert page.locator("input[type=text]").first.input_value() == "Cámara Sur"  # prefilled
    forward(page)
    answer_dimensions(page, plan)
    submit(page)
    assert "/team/answers/" in page.url and "Thank you" in page.content()
    if javascript:
        checked(page)
    page.get_by_role("link", name="See where the team disagrees").click()
    assert "Where the team disagrees" in page.content()
    if javascript:
        checked(page)
    context.close()


def test_a_team_of_three_agrees_one_result(browser, live):
    context, page = phone(browser)
    page.goto(live + "/survey/profile")
    page.locator("input[type=text]").first.fill("Cámara Sur")
    page.locator("select").first.select_option("AR")
    forward(page)
    page.get_by_role("link", name="Answer as a team").click()
    checked(page)
    page.get_by_label("Your role in the organization").fill("Management")
    page.get_by_role("button", name="Start the team").click()
    page.wait_for_url(re.compile(r"/team$"))
    links = {}
    for role in ("IT", "Services"):
        page.get_by_label("Their role").fill(role)
        page.get_by_role("button", name="Invite").click()
        page.wait_for_url(re.compile(r"/team$"))
        links[role] = page.locator("#team-new-link").inner_text()
        assert "/team/join/" in links[role]
    checked(page)

    colleague_answers(browser, links["IT"], "IT", "Plan with indicators")
    colleague_answers(browser, links["Services"], "Services", "Written plan", javascript=False)

    # the coordinator answers as themselves, then comes back to the team
    page.get_by_role("button", name="Answer individually as Management").click()
    page.wait_for_url(re.compile(r"/survey/profile"))
    assert "You are answering as Management" in page.content()
    forward(page)
    answer_dimensions(page, "Plan with a budget")
    submit(page)
    page.get_by_role("button", name="Back to the team’s page").click()
    page.wait_for_url(re.compile(r"/team$"))

    page.get_by_role("link", name="See where the team disagrees").click()
    checked(page)
    first = page.locator("#disputed-title ~ .team-question").first
    assert "Do you have a digital plan?" in first.inner_text()
    assert "IT: Plan with indicators" in first.inner_text()
    assert "Services: Written plan" in first.inner_text()
    page.get_by_role("button", name="Agree the answers").first.click()
    page.wait_for_url(re.compile(r"/survey/review"))
    assert "The team’s proposals are now the organization’s answers" in page.content()

    # the team settles the plan on "Plan with a budget", and says why
    page.goto(live + "/survey/strategy")
    page.locator(".question-level .choice label", has_text="Plan with a budget").click()
    forward(page)
    page.goto(live + "/team/compare")
    page.locator("#note-strategy_plan").fill("Budgeted, but no indicators yet.")
    page.get_by_role("button", name="Save the notes").click()
    page.wait_for_url(re.compile(r"/team/compare"))
    page.goto(live + "/survey/review")
    submit(page)
    assert "/results/" in page.url
    team = page.locator("#team")
    assert "How the team agreed" in team.inner_text()
    assert "Budgeted, but no indicators yet." in team.inner_text()
    assert "Agreed: Plan with a budget" in team.inner_text()
    checked(page)
    context.close()

    staff, desk = phone(browser)
    desk.goto(live + "/staff/login")
    desk.fill("input[name=email]", "analyst@example.org")
    desk.fill("input[name=password]", PASSWORD)
    desk.click("main button[type=submit]")
    desk.goto(live + "/staff/downloads?version=example-v1")
    form = desk.locator("form.export")
    form.locator("select[name=kind]").select_option("long")
    form.locator("select[name=format]").select_option("csv")
    form.locator("input[name=individual]").check()
    with desk.expect_download() as download:
        form.locator("button[type=submit]").click()
    with open(download.value.path(), encoding="utf-8-sig") as handle:
        content = handle.read()
    rows = list(csv.DictReader(io.StringIO(content)))
    plans = {(r["answers"], r["role"]): r["value"] for r in rows
             if r["question_id"] == "strategy_plan"}
    assert plans == {("agreed", ""): "l4", ("individual", "Management"): "l4",
                     ("individual", "IT"): "l5", ("individual", "Services"): "l3"}
    staff.close()
