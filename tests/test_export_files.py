"""CSV exports: layout, codes and labels, BOM and quoting, formula safety, filters, streaming."""

import csv
import io

import pytest
from sqlalchemy import update

from app.export.cells import spreadsheet_safe
from app.export.csvfile import csv_chunks
from app.extensions import db
from app.models import Organization, Source
from tests.factories import staff_client, submitted

EVIL = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def analyst(app):
    return staff_client(app, "analyst")


def _rows(response) -> list[dict]:
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_wide_has_one_row_per_assessment_with_every_answer_column(app, analyst):
    with app.app_context():
        first = submitted(services_online=["training", "events"],
                          services_tools={"crm": "in_use", "esign": "planned"})
        submitted(strategy_budget="_na", services_tools="_na", org_name="Otra")
        first_id = first.id
    response = analyst.get("/staff/export?kind=wide")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="assessments-wide-example-v1-codes-')
    rows = _rows(response)
    assert len(rows) == 2
    row = next(r for r in rows if r["assessment_id"] == str(first_id))
    assert row["strategy_plan"] == "l3" and row["country"] == "CL"
    assert (row["services_online__training"], row["services_online__advice"],
            row["services_online__events"], row["services_online__none"]) == ("1", "0", "1", "0")
    assert (row["services_tools__crm"], row["services_tools__esign"]) == ("in_use", "planned")
    assert row["status"] == "submitted" and row["region"] == "southern_cone"
    assert float(row["overall_score"]) > 0 and row["score__strategy"]
    other = next(r for r in rows if r["assessment_id"] != str(first_id))
    assert other["strategy_budget"] == "_na"
    assert other["services_tools__crm"] == other["services_tools__esign"] == "_na"


def test_labels_in_the_chosen_language(app, analyst):
    with app.app_context():
        submitted(strategy_budget="_na")
    rows = _rows(analyst.get("/staff/export?kind=wide&values=labels&lang=en"))
    assert rows[0]["strategy_plan"] == "Written plan"
    assert rows[0]["country"] == "Chile"
    assert rows[0]["strategy_budget"] == "not applicable"
    assert rows[0]["region"] == "Southern Cone"
    spanish = _rows(analyst.get("/staff/export?kind=wide&values=labels&lang=es"))
    assert spanish[0]["strategy_plan"] == "Plan escrito"
    assert spanish[0]["region"] == "Cono Sur"


def test_long_has_one_row_per_answer_item(app, analyst):
    with app.app_context():
        submitted(services_online=["training", "events"],
                  services_tools={"crm": "in_use", "esign": "planned"})
    rows = _rows(analyst.get("/staff/export?kind=long"))
    items = [(r["question_id"], r["item"], r["value"]) for r in rows]
    assert ("services_online", "training", "training") in items
    assert ("services_online", "events", "events") in items
    assert ("services_tools", "crm", "in_use") in items
    assert ("strategy_plan", "", "l3") in items
    assert {r["dimension"] for r in rows if r["question_id"] == "strategy_plan"} == {"strategy"}


def test_codebook_describes_every_column_of_both_files(app, analyst):
    with app.app_context():
        submitted()
    codebook = _rows(analyst.get("/staff/export?kind=codebook"))
    wide_header = _rows(analyst.get("/staff/export?kind=wide"))[0].keys()
    long_header = _rows(analyst.get("/staff/export?kind=long"))[0].keys()
    assert [r["column"] for r in codebook if r["file"] == "wide"] == list(wide_header)
    assert [r["column"] for r in codebook if r["file"] == "long"] == list(long_header)
    plan = next(r for r in codebook if r["column"] == "strategy_plan")
    assert plan["dimension"] == "strategy" and plan["type"] == "code"
    assert plan["text_es"] == "¿Tienen un plan digital?" and plan["text_en"] == "Do you have a digital plan?"
    assert "l3 = Plan escrito" in plan["values_es"] and "l3 = Written plan" in plan["values_en"]
    assert "l5 = 4" in plan["points"]
    training = next(r for r in codebook if r["column"] == "services_online__training")
    assert training["points"] == "2" and training["question_id"] == "services_online"


def test_export_follows_the_filters(app, analyst):
    with app.app_context():
        submitted(country="CL", org_name="Chilena")
        submitted(country="HN", org_name="Hondureña")
        submitted(org_name="Borrador", submit=False)
        submitted(org_name="Muestra", source=Source.SAMPLE)
    names = [r["organization_name"] for r in _rows(analyst.get(
        "/staff/export?kind=wide&region=central_america_mexico"))]
    assert names == ["Hondureña"]
    names = {r["organization_name"] for r in _rows(analyst.get(
        "/staff/export?kind=wide&status=submitted"))}
    assert names == {"Chilena", "Hondureña"}
    names = {r["organization_name"] for r in _rows(analyst.get("/staff/export?kind=wide&sample=1"))}
    assert names == {"Chilena", "Hondureña", "Borrador", "Muestra"}


def test_formula_text_is_neutralised_and_numbers_stay_numbers(app, analyst):
    with app.app_context():
        assessment = submitted(org_name=EVIL)
        db.session.execute(update(Organization).where(
            Organization.id == assessment.organization_id).values(name=EVIL))
        db.session.commit()
    text = analyst.get("/staff/export?kind=wide").data.decode("utf-8")
    assert "'=HYPERLINK(" in text
    assert ',"=HYPERLINK' not in text and ",=HYPERLINK" not in text
    rows = _rows(analyst.get("/staff/export?kind=wide"))
    assert rows[0]["organization_name"] == "'" + EVIL and rows[0]["org_name"] == "'" + EVIL


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("\nx", "'\nx"), ("plain", "plain"), ("", ""),
    (-5, -5), (-5.5, -5.5), (0, 0), (None, None),
])
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_csv_is_rfc4180_with_crlf_and_a_bom():
    data = b"".join(csv_chunks([["a", "b"], ['say "hi"', "line\nbreak"], [-5, 1.5]]))
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8")[1:] == 'a,b\r\n"say ""hi""","line\nbreak"\r\n-5,1.5\r\n'


def test_export_is_streamed_in_batches(app, analyst, monkeypatch):
    import app.export.records as records

    monkeypatch.setattr(records, "BATCH_SIZE", 2)
    with app.app_context():
        for index in range(5):
            submitted(org_name=f"Org {index}")
    response = analyst.get("/staff/export?kind=wide", buffered=False)
    assert response.is_streamed
    rows = _rows(response)
    assert [r["organization_name"] for r in rows] == [f"Org {i}" for i in range(5)]


def test_unknown_export_is_404(analyst):
    assert analyst.get("/staff/export?kind=xlsx").status_code == 404
    assert analyst.get("/staff/export?kind=wide&format=").status_code == 404


def test_a_wide_export_with_codes_imports_back(app, analyst):
    """The peer import (app/operations/peer_import.py) reads the wide file with codes as it is."""
    from app.operations.peer_import import parse_peer_csv
    from app.questionnaires import library

    with app.app_context():
        submitted(services_online=["training", "events"],
                  services_tools={"crm": "in_use", "esign": "planned"})
    text = analyst.get("/staff/export?kind=wide").data.decode("utf-8")
    with app.app_context():
        preview = parse_peer_csv(text, library())
    assert preview.errors == []
    answers = preview.rows[0].answers
    assert answers["services_online"] == ["training", "events"]
    assert answers["services_tools"] == {"crm": "in_use", "esign": "planned"}
    assert answers["strategy_plan"] == "l3" and answers["org_name"] == "Cámara de Prueba"


def test_answer_codes_and_labels_are_checked_once_per_option_and_unknown_values_as_they_come():
    """The wide export checks option codes and labels when it sets up the columns, not per cell:
    a label starting with "=" is still written as text, and so is a stored value outside the
    options."""
    from types import SimpleNamespace

    from app.domain.answers import CODE, TEXT, CellColumn
    from app.export.columns import cell_writer

    options = (SimpleNamespace(id="l1"), SimpleNamespace(id="l2"))
    labels = {"l1": "=SUM(A1)", "l2": "Plain", "_na": "not applicable"}
    vocabulary = SimpleNamespace(
        not_applicable="not applicable", safe=spreadsheet_safe,
        option=lambda _question, value: labels.get(value, value) if isinstance(value, str) else value)
    written = cell_writer(None, CellColumn("q", CODE, options), vocabulary)
    assert [written(v) for v in ("l1", "l2", "_na", None)] == [
        "'=SUM(A1)", "Plain", "not applicable", None]
    assert written("-unknown") == "'-unknown" and written(["x"]) == "['x']" and written(-5) == -5
    assert cell_writer(None, CellColumn("q", TEXT), vocabulary)("@cmd") == "'@cmd"
