"""Excel exports: the same cells as the CSV files, numbers as numbers, dates as dates, text never a
formula, a frozen header, the codebook as the wide file's second sheet; the download and `flask
export --format xlsx`; and CRLF line ends in every CSV the platform writes."""

import csv
import io
import zipfile
from datetime import datetime

import openpyxl
import pytest
from sqlalchemy import update

from app.extensions import db
from app.models import Organization
from tests.factories import staff_client, submitted

EVIL = '=HYPERLINK("http://evil","x")'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def analyst(app):
    return staff_client(app, "analyst")


def _workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8")[1:], newline="")))


def test_wide_xlsx_has_typed_cells_a_frozen_header_and_the_codebook(app, analyst):
    with app.app_context():
        first = submitted(services_online=["training", "events"], strategy_budget="_na")
        assessment_id, score = first.id, first.overall_score
    response = analyst.get("/staff/export?kind=wide&format=xlsx&lang=en")
    assert response.status_code == 200 and response.mimetype == XLSX
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="assessments-wide-example-v1-codes-')
    assert disposition.endswith('.xlsx"')
    book = _workbook(response.data)
    assert book.sheetnames == ["Assessments", "Codebook"]
    sheet = book["Assessments"]
    assert sheet.freeze_panes == "A2"
    header = [c.value for c in sheet[1]]
    row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
    assert row["assessment_id"] == assessment_id and isinstance(row["assessment_id"], int)
    assert row["overall_score"] == pytest.approx(round(score, 2))
    assert isinstance(row["submitted_at"], datetime)
    assert sheet.cell(2, header.index("submitted_at") + 1).number_format == "yyyy-mm-dd hh:mm:ss"
    assert row["services_online__training"] == 1 and row["strategy_budget"] == "_na"
    assert row["trust_decided_at"] is None  # empty stays empty
    codebook = book["Codebook"]
    columns = [r[1] for r in codebook.iter_rows(min_row=2, values_only=True) if r[0] == "wide"]
    assert columns == header


def test_xlsx_holds_the_same_cells_as_the_csv(app, analyst):
    with app.app_context():
        submitted(services_tools={"crm": "in_use", "esign": "planned"})
        submitted(org_name="Otra", strategy_plan="l2")
    for kind in ("wide", "long", "codebook"):
        for values in ("codes", "labels"):
            query = f"kind={kind}&values={values}&lang=es"
            rows = _csv(analyst.get(f"/staff/export?{query}").data)
            book = _workbook(analyst.get(f"/staff/export?{query}&format=xlsx").data)
            sheet = book.worksheets[0]
            cells = [[_same(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            assert cells == [[_same(c) for c in row] for row in rows], (kind, values)


def _same(value):
    """A cell of either file as comparable: numbers as numbers, dates as CSV writes them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value)
    except ValueError:
        return value


def test_text_is_never_a_formula_in_xlsx(app, analyst):
    with app.app_context():
        assessment = submitted(org_name=EVIL)
        db.session.execute(update(Organization).where(
            Organization.id == assessment.organization_id).values(name=EVIL))
        db.session.commit()
    data = analyst.get("/staff/export?kind=wide&format=xlsx").data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet for sheet in sheets)
    sheet = _workbook(data).worksheets[0]
    header = [c.value for c in sheet[1]]
    name = sheet.cell(2, header.index("organization_name") + 1)
    assert name.value == EVIL and name.data_type == "s"  # the text as it was, as a string


def test_long_and_codebook_xlsx_and_sheet_names_in_spanish(app, analyst):
    with app.app_context():
        submitted()
    assert _workbook(analyst.get("/staff/export?kind=long&format=xlsx&lang=es").data
                     ).sheetnames == ["Respuestas"]
    assert _workbook(analyst.get("/staff/export?kind=codebook&format=xlsx&lang=es").data
                     ).sheetnames == ["Libro de códigos"]
    assert _workbook(analyst.get("/staff/export?kind=wide&format=xlsx&lang=es").data
                     ).sheetnames == ["Diagnósticos", "Libro de códigos"]


def test_unknown_format_is_404(analyst):
    assert analyst.get("/staff/export?kind=wide&format=ods").status_code == 404


def test_the_command_writes_the_same_cells(app, runner, tmp_path, analyst):
    with app.app_context():
        submitted(org_name="Igual")
    out = tmp_path / "wide.xlsx"
    result = runner.invoke(args=["export", "wide", "--format", "xlsx", "--lang", "en", "-o", str(out)])
    assert result.exit_code == 0, result.output
    command = _workbook(out.read_bytes())
    download = _workbook(analyst.get("/staff/export?kind=wide&format=xlsx&lang=en").data)
    assert [list(s.values) for s in command.worksheets] == [list(s.values) for s in download.worksheets]


def test_the_download_form_offers_excel(analyst):
    page = analyst.get("/staff/downloads?country=CL", headers={"Accept-Language": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'value="xlsx"' in text and 'name="format"' in text
    assert 'name="country" value="CL"' in text


@pytest.mark.parametrize("kind", ["wide", "long", "codebook"])
def test_every_staff_csv_ends_every_line_with_crlf(app, analyst, kind):
    with app.app_context():
        submitted(org_name="Línea\nnueva", services_online=["training", "events"])
    data = analyst.get(f"/staff/export?kind={kind}").data
    _assert_crlf(data)


def test_the_respondents_csv_download_ends_lines_with_crlf(app):
    from tests.factories import results_token

    token = results_token(app)
    response = app.test_client().get(f"/results/{token}/download.csv")
    assert response.status_code == 200, response.status_code
    _assert_crlf(response.data)


def _assert_crlf(data: bytes) -> None:
    """Every record ends with CRLF (a line break inside a quoted cell is part of the cell)."""
    text = data.decode("utf-8")[1:]
    assert text.endswith("\r\n")
    records = list(csv.reader(io.StringIO(text, newline="")))
    rebuilt = io.StringIO()
    csv.writer(rebuilt, lineterminator="\r\n").writerows(records)
    assert rebuilt.getvalue().count("\r\n") == text.count("\r\n")
    outside = text.replace("\r\n", "")
    assert "\n" not in _unquoted(outside) and "\r" not in _unquoted(outside)


def _unquoted(text: str) -> str:
    """The text outside double-quoted cells."""
    return "".join(part for index, part in enumerate(text.split('"')) if index % 2 == 0)
