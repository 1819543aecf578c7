"""What a submitted team assessment shows: the report's team section (agreement per dimension,
the questions hardest to agree on, with the notes), the staff detail's individual answers apart
from the agreed ones, the long export's individual answers (an option, off by default, never in
the wide export), and the migration that adds the team tables."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import inspect, text

from app.extensions import db
from tests.factories import complete_answers, fill_everything, html, staff_client
from tests.team_flow import answer_and_submit, invite, join, start_coordinator


@pytest.fixture
def questionnaire(detached_questionnaire):
    return detached_questionnaire


@pytest.fixture
def submitted_team(app, questionnaire):
    """Cámara Sur answered by a team: Informática says l5 and Servicios l2 on the plan; the
    coordinator agrees l3 with a note, and submits."""
    coordinator = start_coordinator(app, questionnaire, "Cámara Sur", role="Dirección")
    best = complete_answers(questionnaire, "Cámara Sur")
    answer_and_submit(join(app, invite(coordinator, "Informática")), questionnaire, best)
    answer_and_submit(join(app, invite(coordinator, "Servicios")), questionnaire,
                      {**best, "strategy_plan": "l2"})
    coordinator.post("/team/agree")
    fill_everything(coordinator, questionnaire, {**best, "strategy_plan": "l3"})
    coordinator.post("/team/notes", data={"note_strategy_plan": "Written, but without a budget."})
    results = coordinator.post("/survey/submit").location
    return coordinator, results



def test_the_report_shows_how_the_team_agreed(app, submitted_team):
    coordinator, results = submitted_team
    page = html(coordinator.get(results))
    section = page.split('id="team-heading"')[1].split("</section>")[0]
    assert "2 colleagues answered on their own first" in section
    assert "agreed on" in section and "Strategy" in section
    assert "Do you have a digital plan?" in section
    assert "Informática:</strong> Plan with indicators" in section
    assert "Servicios:</strong> Loose ideas" in section
    assert "Agreed:</strong> Written plan" in section
    assert "Written, but without a budget." in section


def test_a_report_without_a_team_has_no_team_section(app, questionnaire):
    client = app.test_client()
    fill_everything(client, questionnaire, complete_answers(questionnaire))
    results = client.post("/survey/submit").location
    assert 'id="team-heading"' not in html(client.get(results))


def agreed_assessment_id(app):
    from sqlalchemy import select

    from app.models import Team

    with app.app_context():
        return db.session.scalar(select(Team.assessment_id))


def test_staff_see_the_individual_answers_apart_from_the_agreed_ones(app, submitted_team):
    staff = staff_client(app, "analyst")
    staff.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = html(staff.get(f"/staff/assessments/{agreed_assessment_id(app)}"))
    agreed, individual = page.split("Individual answers of the team (not the agreed result)")
    assert "Written plan" in agreed.split('id="answers-title"')[1]
    assert "Informática" in individual and "Servicios" in individual
    assert "Dirección" in individual and "(coordinator)" in individual
    assert "Plan with indicators" in individual and "Loose ideas" in individual
    assert "Written, but without a budget." in individual


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))


def test_the_long_export_adds_individual_answers_only_when_asked(app, submitted_team):
    staff = staff_client(app, "analyst")
    agreed_id = agreed_assessment_id(app)
    plain = read_csv(staff.get("/staff/export?kind=long&format=csv&version=example-v1"))
    assert "role" not in plain[0] and {r["assessment_id"] for r in plain} == {str(agreed_id)}
    response = staff.get("/staff/export?kind=long&format=csv&version=example-v1&individual=1")
    assert "individual" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    plans = {(r["answers"], r["role"]): r["value"] for r in rows
             if r["question_id"] == "strategy_plan"}
    assert plans == {("agreed", ""): "l3", ("individual", "Informática"): "l5",
                     ("individual", "Servicios"): "l2"}
    assert {r["assessment_id"] for r in rows} == {str(agreed_id)}
    wide = read_csv(staff.get("/staff/export?kind=wide&format=csv&version=example-v1&individual=1"))
    assert len(wide) == 1 and "role" not in wide[0]


def test_the_long_xlsx_export_has_the_two_columns(app, submitted_team):
    from openpyxl import load_workbook

    staff = staff_client(app, "analyst")
    response = staff.get("/staff/export?kind=long&format=xlsx&version=example-v1&individual=1")
    sheet = load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0]
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert header[-2:] == ["answers", "role"]


def test_flask_export_writes_individual_answers(app, runner, submitted_team, tmp_path):
    target = tmp_path / "long.csv"
    result = runner.invoke(args=["export", "long", "--version", "example-v1", "--individual",
                                 "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert "Informática" in target.read_text(encoding="utf-8-sig")


def test_the_team_migration_upgrades_from_the_previous_head_keeping_rows(app, runner):
    with app.app_context():
        db.drop_all()
    assert runner.invoke(args=["db", "upgrade", "d15a0c3b7e21"]).exit_code == 0
    with app.app_context(), db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO organization (id, name, created_at) VALUES (1, 'Cámara', CURRENT_TIMESTAMP)"))
        connection.execute(text(
            "INSERT INTO assessment (id, organization_id, questionnaire_id, questionnaire_version, "
            "locale, status, source, is_latest, created_at, updated_at) VALUES (1, 1, 'example', "
            "1, 'es', 'draft', 'respondent', :no, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
            {"no": False})
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with app.app_context(), db.engine.begin() as connection:
        assert {"team", "team_member", "team_note"} <= set(inspect(connection).get_table_names())
        connection.execute(text("INSERT INTO team (id, assessment_id, created_at) "
                                "VALUES (1, 1, CURRENT_TIMESTAMP)"))
        assert connection.execute(text("SELECT count(*) FROM assessment")).scalar() == 1
    assert runner.invoke(args=["db", "downgrade", "d15a0c3b7e21"]).exit_code == 0
    with app.app_context(), db.engine.connect() as connection:
        assert "team" not in inspect(connection).get_table_names()
        assert connection.execute(text("SELECT count(*) FROM assessment")).scalar() == 1


def test_a_colleague_submitting_after_the_organization_is_no_newer_report(app, questionnaire):
    coordinator = start_coordinator(app, questionnaire, "Cámara Sur")
    best = complete_answers(questionnaire, "Cámara Sur")
    late = join(app, invite(coordinator, "Tarde"))
    answer_and_submit(join(app, invite(coordinator, "Informática")), questionnaire, best)
    coordinator.post("/team/agree")
    fill_everything(coordinator, questionnaire, best)
    results = coordinator.post("/survey/submit").location
    before = html(coordinator.get(results))
    answer_and_submit(late, questionnaire, best)
    after = html(coordinator.get(results))
    assert "newer-note" not in before and "newer-note" not in after
    # the report shows what the team agreed from: the answers submitted by then
    assert "1 colleague answered on their own first" in before
    assert "1 colleague answered on their own first" in after


def test_once_submitted_the_team_is_closed(app, submitted_team):
    coordinator, results = submitted_team
    page = html(coordinator.get("/team/compare"))
    assert 'action="/team/notes"' not in page and 'action="/team/agree"' not in page
    assert "Written, but without a budget." in page  # read-only
    response = coordinator.post("/team/notes", data={"note_strategy_plan": "Changed later"})
    assert response.status_code == 303
    assert coordinator.post("/team/invite", data={"role": "Late", "locale": "en"}).status_code == 409
    assert "Changed later" not in html(coordinator.get(results))
