"""Importing real peer results from CSV: every row validated, all or nothing, on both databases."""

import pytest
from sqlalchemy import func, select

from app.domain.scoring import score_assessment
from app.extensions import db
from app.models import Assessment, DimensionScore, Organization
from app.operations.peer_commit import ImportRefused, commit_peer_import
from app.operations.peer_import import (
    describe,
    export_cell,
    export_columns,
    parse_peer_csv,
    read_cell,
)
from app.operations.peers import sample_answers
from app.questionnaires import active_questionnaire, library

HEADER = ("org_name,country,org_type,questionnaire_id,questionnaire_version,submitted_at,"
          "strategy_plan,strategy_budget,services_online,services_tools__crm,services_tools__esign")
ROW_A = "Cámara A,AR,confederation,example,1,2024-05-31,l3,partial,training;events,in_use,planned"
ROW_B = "Cámara B,CL,,example,1,2024-06-01T10:00:00Z,l5,_na,none,_na,_na"


def csv_text(*rows, header=HEADER):
    return "\n".join((header, *rows)) + "\n"


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield active_questionnaire()


def count(source="verified"):
    return db.session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.source == source))


def test_valid_rows_are_scored_and_stored_as_verified_submissions(ctx):
    preview = parse_peer_csv(csv_text(ROW_A, ROW_B), library())
    assert preview.errors == [] and preview.valid
    assert preview.new_organizations == 2 and preview.by_questionnaire() == {"example-v1": 2}
    assert commit_peer_import(preview) == 2
    stored = db.session.scalars(select(Assessment).order_by(Assessment.id)).all()
    assert [a.source for a in stored] == ["verified", "verified"]
    assert all(a.is_submitted and a.is_latest for a in stored)
    first = stored[0]
    assert first.organization.name == "Cámara A" and first.organization.org_type == "confederation"
    assert first.answer_values()["services_online"] == ["training", "events"]
    assert first.answer_values()["services_tools"] == {"crm": "in_use", "esign": "planned"}
    expected = score_assessment(ctx, first.answer_values())
    assert first.overall_score == pytest.approx(expected.overall)
    assert stored[1].answer_values()["services_tools"] == "_na"
    assert db.session.scalar(select(func.count()).select_from(DimensionScore)) == 4


def test_any_invalid_row_means_nothing_is_written_and_every_problem_is_named(ctx):
    bad = csv_text(ROW_A,
                   "Cámara C,AR,,example,1,2024-13-01,l9,partial,training;none,in_use,",
                   "Cámara D,ZZ,,example,1,2024-05-01,l1,no,,,")
    preview = parse_peer_csv(bad, library())
    found = {(e.row, e.column, e.code) for e in preview.errors}
    assert {(3, "submitted_at", "bad_date"), (3, "strategy_plan", "unknown_option"),
            (3, "services_online", "exclusive"), (3, "services_tools__crm", "incomplete"),
            (4, "country", "unknown_option"), (4, "services_online", "required")} <= found
    assert not preview.valid
    with pytest.raises(ImportRefused):
        commit_peer_import(preview)
    assert count() == 0 and db.session.scalar(select(func.count()).select_from(Organization)) == 0


def test_header_problems_stop_before_the_rows(ctx):
    preview = parse_peer_csv(csv_text(ROW_A, header=HEADER.replace("strategy_plan", "strategy_pln")
                                      .replace(",submitted_at", "")), library())
    assert {(e.row, e.column, e.code) for e in preview.errors} == {
        (1, "strategy_pln", "unknown_column"), (1, "submitted_at", "missing_column")}
    assert parse_peer_csv("", library()).errors[0].code == "empty_file"
    assert parse_peer_csv(HEADER + "\n", library()).errors[0].code == "no_rows"


def test_the_export_layout_with_option_columns_and_its_extra_columns(ctx):
    header = ("assessment_id,organization_name,organization_country,region,source,status,"
              "previous_id,is_latest,overall_score,score__strategy,"
              + HEADER.replace("services_online,", "services_online__training,services_online__advice,"
                               "services_online__events,services_online__none,"))
    row = ("17,Old name,AR,southern_cone,respondent,submitted,,1,55.5,60,"
           + ROW_A.replace("training;events,", "1,0,1,0,"))
    none = "18,,CL,,verified,submitted,,1,,," + ROW_B.replace(",none,", ",0,0,0,1,")
    preview = parse_peer_csv(csv_text(row, none, header=header), library())
    assert preview.errors == []
    assert preview.rows[0].answers["services_online"] == ["training", "events"]
    assert preview.rows[0].fields["name"] == "Cámara A"  # the answer, not the current profile
    assert preview.rows[1].answers["services_online"] == ["none"]
    assert preview.rows[1].answers["services_tools"] == "_na"
    bad = parse_peer_csv(csv_text(row.replace("1,0,1,0,", "1,0,2,0,"), header=header), library())
    assert [(e.column, e.code) for e in bad.errors] == [("services_online", "invalid")]


@pytest.mark.parametrize("source,status,code", [("sample", "submitted", "not_real"),
                                                ("synthetic", "submitted", "not_real"),
                                                ("respondent", "draft", "not_submitted")])
def test_sample_synthetic_and_draft_rows_are_never_imported_as_real(ctx, source, status, code):
    header = "source,status," + HEADER
    preview = parse_peer_csv(csv_text(f"{source},{status}," + ROW_A, header=header), library())
    assert [e.code for e in preview.errors] == [code] and not preview.rows


def test_duplicates_and_reimports_are_refused_and_newer_results_become_latest(ctx):
    twice = parse_peer_csv(csv_text(ROW_A, ROW_A.replace("Cámara A", "  cámara a ")), library())
    assert [(e.row, e.code, e.value) for e in twice.errors] == [(3, "duplicate_in_file", "2")]
    commit_peer_import(parse_peer_csv(csv_text(ROW_A), library()))
    again = parse_peer_csv(csv_text(ROW_A), library())
    assert [e.code for e in again.errors] == ["already_imported"]
    newer = parse_peer_csv(csv_text(ROW_A.replace("2024-05-31", "2025-01-15")), library())
    assert newer.valid and newer.new_organizations == 0
    commit_peer_import(newer)
    older_too = parse_peer_csv(csv_text(ROW_A.replace("2024-05-31", "2023-01-15")), library())
    commit_peer_import(older_too)
    latest = db.session.scalars(select(Assessment).where(Assessment.is_latest)).all()
    assert len(latest) == 1 and latest[0].submitted_at.year == 2025
    assert db.session.scalar(select(func.count()).select_from(Organization)) == 1


def test_semicolon_files_from_spreadsheets_with_a_bom_and_formula_guards(ctx):
    text = "\ufeff" + csv_text(
        "'=Cámara;AR;confederation;example;1;2024-05-31;l3;partial;\"training;events\";in_use;planned",
        header=HEADER.replace(",", ";"))
    preview = parse_peer_csv(text, library())
    assert preview.valid
    assert preview.rows[0].fields["name"] == "=Cámara"
    assert preview.rows[0].answers["services_online"] == ["training", "events"]


def test_future_dates_and_unknown_questionnaires(ctx, app):
    preview = parse_peer_csv(csv_text(ROW_A.replace("2024-05-31", "2999-01-01"),
                                      ROW_B.replace("example,1", "example,7")), library())
    assert {(e.row, e.code) for e in preview.errors} == {(2, "future_date"),
                                                         (3, "unknown_questionnaire")}
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert describe(preview.errors[0]) == "La fecha 2999-01-01 es futura."


def test_the_layout_reads_back_what_it_writes(ctx):
    columns = export_columns(ctx)
    assert columns[:3] == ["questionnaire_id", "questionnaire_version", "submitted_at"]
    assert {"org_name", "services_online__training", "services_online__none",
            "services_tools__crm"} <= set(columns)
    for seed in range(20):
        answers = sample_answers(ctx, seed)
        answers["strategy_budget"] = "_na" if seed % 3 == 0 else answers["strategy_budget"]
        answers["services_tools"] = "_na" if seed % 4 == 0 else answers["services_tools"]
        for question in ctx.scored_questions:
            cells = export_cell(question, answers[question.id])
            assert question.kind.validate(question, read_cell(question, cells)) == answers[question.id]


def test_import_command(ctx, runner, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(csv_text(ROW_A, ROW_B), encoding="utf-8")
    bad.write_text(csv_text(ROW_A.replace(",l3,", ",l9,")), encoding="utf-8")
    result = runner.invoke(args=["peers", "import", str(bad)])
    assert result.exit_code == 1
    assert "row 2, column strategy_plan: Unknown option: “l9”." in result.output
    result = runner.invoke(args=["peers", "import", str(good), "--dry-run"])
    assert result.exit_code == 0 and "Dry run" in result.output and count() == 0
    result = runner.invoke(args=["peers", "import", str(good)])
    assert result.exit_code == 0 and "Imported 2 verified" in result.output
    db.session.expire_all()
    assert count() == 2


@pytest.mark.parametrize("version", ["²", "①", "¹²", "١", "٣", "𝟙", "+1", "-1", "1.0", "0x1",
                                     "9" * 5000, "1" * 7, " "])
def test_a_questionnaire_version_that_is_not_plain_digits_is_a_row_error(ctx, version):
    preview = parse_peer_csv(csv_text(ROW_A.replace("example,1,", f"example,{version},")),
                             library())
    assert [(e.row, e.column, e.code) for e in preview.errors] == [
        (2, "questionnaire_version", "bad_version")]
    assert len(preview.errors[0].value) <= 81  # a 5,000-digit cell is shown cut short


def test_a_cell_over_the_csv_field_limit_is_reported_not_raised(ctx, app):
    huge = "x" * 131_073
    preview = parse_peer_csv(csv_text(ROW_A, ROW_B.replace("Cámara B", huge)), library())
    assert [(e.row, e.code) for e in preview.errors] == [(3, "cell_too_long")]
    assert not preview.valid
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert "more than 131,072 characters" in describe(preview.errors[0])


@pytest.mark.parametrize("broken", ['"Cámara sin cerrar,AR,confederation,example,1,2024-05-31',
                                    '"Cámara" B,AR,,example,1,2024-05-31,l3,partial,advice,,'])
def test_broken_quoting_is_reported_at_its_row(ctx, app, broken):
    preview = parse_peer_csv(csv_text(ROW_A, broken, ROW_B), library())
    assert [(e.row, e.code) for e in preview.errors] == [(3, "bad_csv")]
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert "no es un CSV válido" in describe(preview.errors[0])


def test_the_error_report_is_capped_and_counts_the_rest(ctx):
    from app.export.reading import MAX_REPORTED_ERRORS

    header = HEADER + "," + ",".join(f"unknown_{n}" for n in range(250_000))
    preview = parse_peer_csv(csv_text(ROW_A, header=header), library())
    assert len(preview.errors) == MAX_REPORTED_ERRORS
    assert preview.error_count == 250_000 and preview.unreported == 250_000 - MAX_REPORTED_ERRORS
    assert not preview.valid
    rows = [ROW_A.replace("Cámara A", f"Cámara {n}").replace(",l3,", ",l9,") for n in range(300)]
    many = parse_peer_csv(csv_text(*rows), library())
    assert len(many.errors) == MAX_REPORTED_ERRORS and many.error_count == 300
