"""Every CSV the platform writes is safe in a spreadsheet whichever separator it is opened with.

Excel in a Spanish-speaking locale splits our comma-separated lines on `;`, so a cell holding
`ACME;=1+1;` shows `=1+1` as a cell of its own and runs it. These tests split each written line on
`;`, `,` and tab (and the file on every line break, as a reader that ignores quotes would) and look
at every piece: none may start with a formula character, unless it is a plain number.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import update

from app.export.cells import read_back, spreadsheet_safe
from app.extensions import db
from app.models import Assessment, Organization
from app.operations.assessment import save_answers, start_assessment, submit_assessment
from app.questionnaires import active_questionnaire
from tests.factories import ANSWERS, staff_client

HOSTILE_NAMES = [
    "ACME;=1+1;",
    "ACME,=1+1",
    "Cámara; +57 1 555 0000",
    "Unión;-2+3",
    "Gremio;@SUM(A1:A9)",
    'Asociación; "=1+1"',
    "Liga\n=1+1",
    "Red\t=1+1",
    "Federación, =cmd|' /C calc'!A0",
    "Centro;'=1+1",
    '=HYPERLINK("http://evil.example","x")',
    " @cell",
    "Plain; name, with separators",
]
FORMULA = ("=", "+", "-", "@")
NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")
EXPORTS = [("wide", "codes", "es"), ("wide", "labels", "es"), ("wide", "labels", "en"),
           ("long", "codes", "es"), ("long", "labels", "es"), ("long", "labels", "en"),
           ("wide", "codes", "en"), ("codebook", "codes", "es")]


def formula_pieces(text: str) -> list[str]:
    """Every piece a spreadsheet could take for a cell, split on any separator or line break,
    that starts (after blanks and quotes) with a formula character and is not a number."""
    found = []
    for line in re.split(r"\r\n|\r|\n", text):
        for separator in (",", ";", "\t"):
            for piece in line.split(separator):
                bare = piece.lstrip(' \t"')
                if bare.startswith(FORMULA) and not NUMBER.fullmatch(bare.rstrip('"')):
                    found.append(piece)
    return found


def hostile_assessments() -> dict[str, str]:
    """One submitted assessment per hostile name: typed as the answer, and stored as it is (tabs
    and line breaks, which the answer's validation would fold into spaces) on the assessment's
    profile snapshot and the organization, so the escaping is tested on the raw text; returns
    {name: results token}."""
    questionnaire = active_questionnaire()
    tokens = {}
    for name in HOSTILE_NAMES:
        assessment, token = start_assessment(questionnaire, "es")
        save_answers(assessment, questionnaire, {**ANSWERS, "org_name": name})
        submit_assessment(assessment, questionnaire)
        db.session.execute(update(Organization).where(
            Organization.id == assessment.organization_id).values(name=name))
        db.session.execute(update(Assessment).where(Assessment.id == assessment.id)
                           .values(name=name))
        db.session.commit()
        tokens[name] = token
    return tokens


@pytest.fixture
def tokens(app):
    with app.app_context():
        return hostile_assessments()


@pytest.fixture
def analyst(app):
    return staff_client(app, "analyst")


def test_the_pieces_check_finds_what_the_old_escaping_let_through():
    """The check above is not vacuous: the issue's example is a live formula when split on `;`."""
    assert formula_pieces('1,"ACME;=1+1;",5') == ["=1+1"]
    assert formula_pieces("1,-5.5,2024-05-31") == []


@pytest.mark.parametrize(("kind", "values", "lang"), EXPORTS)
def test_no_piece_of_a_staff_export_can_start_a_formula(tokens, analyst, kind, values, lang):
    response = analyst.get(f"/staff/export?kind={kind}&values={values}&lang={lang}")
    assert response.status_code == 200
    text = response.data.decode("utf-8")
    assert formula_pieces(text) == []
    if kind == "codebook":
        return
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    names = {row["organization_name"] for row in rows}
    # Each name is still there, readable, and reads back exactly as it was typed.
    assert {read_back(name) for name in names} == set(HOSTILE_NAMES)
    assert spreadsheet_safe("ACME;=1+1;") in names


def test_numbers_stay_numbers_in_the_wide_export(tokens, analyst):
    text = analyst.get("/staff/export?kind=wide").data.decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text[1:], newline="")))
    for row in rows:
        for column in ("assessment_id", "overall_score", "score__strategy", "questionnaire_version"):
            assert NUMBER.fullmatch(row[column]), (column, row[column])
    for line in text.splitlines()[1:]:
        assert not re.search(r'(^|,)"[+-]?\d+(\.\d+)?"(,|$)', line), "a number was quoted"


@pytest.mark.parametrize("language", ["es", "en"])
def test_no_piece_of_the_respondents_results_file_can_start_a_formula(app, client, tokens,
                                                                     language):
    for name, token in tokens.items():
        response = client.get(f"/results/{token}/download.csv?lang={language}",
                              headers={"Accept-Language": language})
        assert response.status_code == 200
        text = response.data.decode("utf-8")
        assert formula_pieces(text) == [], name
        rows = list(csv.reader(io.StringIO(text[1:], newline="")))
        assert [read_back(row[3]) for row in rows if row[1] == "org_name"] == [" ".join(name.split())]
        overall = next(row for row in rows if row[:2] == ["score", "overall"])
        assert NUMBER.fullmatch(overall[3])


def test_a_wide_export_with_hostile_names_imports_back_as_typed(app, tokens, analyst):
    from app.operations.peer_import import parse_peer_csv
    from app.questionnaires import library

    text = analyst.get("/staff/export?kind=wide").data.decode("utf-8")
    with app.app_context():
        preview = parse_peer_csv(text, library())
    assert preview.errors == []
    # The answer as the respondent's text question keeps it (blanks collapsed), quote removed.
    assert sorted(row.answers["org_name"] for row in preview.rows) == sorted(
        " ".join(name.split()) for name in HOSTILE_NAMES)


@pytest.mark.parametrize("text", ["ACME;=1+1;", "a,b", "-5", "'=1", "x;''-y", "\t=1", "",
                                  "plain", "a\n@b", 'q;"=1"', "e,'x"])
def test_read_back_undoes_spreadsheet_safe(text):
    assert read_back(spreadsheet_safe(text)) == text
