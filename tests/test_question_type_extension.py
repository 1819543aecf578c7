"""A new question type is one class, one form adapter and one template: a toy whole-number `count`
type, registered from this module alone, works end to end (page, save, review, score, results,
wide and long export, and the peer import reads the export back)."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader
from sqlalchemy import select

from app.domain.answers import TEXT, AnswerError, CellColumn
from app.domain.question_types import REGISTRY, QuestionType, register
from app.export import export_rows
from app.export.csvfile import csv_chunks
from app.extensions import db
from app.models import Assessment
from app.operations.peer_commit import commit_peer_import
from app.operations.peer_import import parse_peer_csv
from app.questionnaires import library
from app.survey.fields import FIELDS, FieldAdapter, register_field

DATA = Path(__file__).parent / "data"
COUNT_TEMPLATE = """{% import "macros/questions.html" as m %}
{% macro question(q, value, error) -%}
<div class="question question-count{{ ' has-error' if error }}">
  <label for="{{ q.field.id }}">{{ q.text }}</label>
  {{ m.help_and_error(q, error) }}
  <input type="number" id="{{ q.field.id }}" name="{{ q.field.name }}" min="0"
    value="{{ value if value is not none else '' }}">
</div>
{%- endmacro %}"""
QUESTIONNAIRE = """
id: toy
version: 1
languages: [es, en]
title: {es: Juguete, en: Toy}
scales:
  adoption:
    - {id: a0, points: 0, label: {es: a0, en: a0}}
    - {id: a1, points: 1, label: {es: a1, en: a1}}
    - {id: a2, points: 2, label: {es: a2, en: a2}}
    - {id: a3, points: 3, label: {es: a3, en: a3}}
  tristate:
    - {id: "no", points: 0, label: {es: "No", en: "No"}}
    - {id: partial, points: 1, label: {es: Parcial, en: Partly}}
    - {id: "yes", points: 2, label: {es: Sí, en: "Yes"}}
dimensions:
  - {id: people, weight: 1, title: {es: Personas, en: People}, description: {es: Equipo., en: Team.}}
questions:
  - id: org_name
    type: profile
    input: text
    organization_field: name
    text: {es: Nombre, en: Name}
  - id: country
    type: profile
    organization_field: country
    text: {es: País, en: Country}
    options:
      - {id: CL, label: {es: Chile, en: Chile}}
  - id: people_digital
    dimension: people
    type: count
    text: {es: "¿Cuántas personas trabajan en lo digital?", en: "How many people work on digital?"}
    help: {es: "Cuente personas, no horas.", en: "Count people, not hours."}
  - id: people_plan
    dimension: people
    type: tristate
    text: {es: "¿Hay un plan de capacitación?", en: "Is there a training plan?"}
    help: {es: Uno escrito., en: A written one.}
stages:
  - {id: start, min: 0, name: {es: Inicial, en: Initial}, description: {es: Inicio., en: Start.}}
  - {id: top, min: 60, name: {es: Avanzada, en: Advanced}, description: {es: Alto., en: High.}}
recommendations:
  people:
    start: {es: Forme un equipo., en: Build a team.}
    top: {es: Comparta., en: Share.}
"""


class CountType(QuestionType):
    """A whole number from 0 to 1,000; ten or more earns the question's full points."""

    name = "count"
    FULL = 10

    def validate_value(self, question, value):
        try:
            number = int(str(value).strip())
        except ValueError:
            raise AnswerError("invalid") from None
        if not 0 <= number <= 1000:
            raise AnswerError("invalid")
        return number

    def normalise(self, question, value) -> float:
        return min(value, self.FULL) / self.FULL

    def lowest(self, question):
        return 0

    def highest(self, question):
        return self.FULL

    def sample(self, question, rng, tendency):
        return round(self.FULL * tendency)

    def cell_columns(self, question):
        return [CellColumn(question.id, TEXT)]


@pytest.fixture
def questionnaire_dir(tmp_path) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    (folder / "toy-v1.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    shutil.copy(DATA / "regions.yaml", folder / "regions.yaml")
    return folder


@pytest.fixture(autouse=True)
def count_type():
    """The toy type, its form adapter and its template, as a project adding a type would add
    them; removed again after the test."""
    register(CountType())
    register_field("count", FieldAdapter("questions/count.html"))
    yield
    REGISTRY.pop("count")
    FIELDS.pop("count")


@pytest.fixture
def app(app):
    app.jinja_env.loader = ChoiceLoader([DictLoader({"questions/count.html": COUNT_TEMPLATE}),
                                         app.jinja_env.loader])
    return app


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_type_added_by_a_test_works_from_page_to_import(app, client):
    page = client.post("/survey/profile", data={"q_org_name": "Cámara Juguete", "q_country": "CL",
                                                "direction": "next"})
    assert page.status_code == 303 and page.headers["Location"].endswith("/survey/people")
    shown = client.get("/survey/people").get_data(as_text=True)
    assert 'type="number" id="q_people_digital" name="q_people_digital"' in shown
    assert "¿Cuántas personas trabajan en lo digital?" in shown

    wrong = client.post("/survey/people", data={"q_people_digital": "many", "direction": "next"})
    assert wrong.status_code == 422 and "has-error" in wrong.get_data(as_text=True)
    saved = client.post("/survey/people", data={"q_people_digital": "4", "q_people_plan": "yes",
                                                "direction": "next"})
    assert saved.status_code == 303
    assert 'value="4"' in client.get("/survey/people").get_data(as_text=True)

    review = client.get("/survey/review").get_data(as_text=True)
    assert re.search(r"lo digital\?</dt>\s*<dd class=\"\">4\s*</dd>", review)
    submitted = client.post("/survey/submit")
    assert submitted.status_code == 303
    results = client.get(submitted.headers["Location"]).get_data(as_text=True)

    with app.app_context():
        assessment = db.session.scalar(select(Assessment))
        snapshot = assessment.score_snapshot()
        # (4 of 10 people = 0.4, weight 1) and (yes = 1.0, weight 1): 70 points
        assert snapshot.dimensions == {"people": 70.0} and snapshot.overall == 70.0
        assert snapshot.stage_id == "top"
        questionnaire = library().active
        wide = b"".join(csv_chunks(export_rows(
            "wide", [Assessment.id == assessment.id], questionnaire, library().regions)))
        long = b"".join(csv_chunks(export_rows(
            "long", [Assessment.id == assessment.id], questionnaire, library().regions)))
    assert "70,0" in results and "Avanzada" in results

    row = rows_of(wide)[0]
    assert row["people_digital"] == "4" and row["score__people"] == "70.0"
    assert {"question_id": "people_digital", "item": "", "value": "4"}.items() <= next(
        r for r in rows_of(long) if r["question_id"] == "people_digital").items()

    with app.app_context():
        preview = parse_peer_csv(wide.decode("utf-8-sig"), library())
        assert preview.errors == [] and preview.rows[0].answers["people_digital"] == 4
        assert commit_peer_import(preview) == 1
        imported = db.session.scalars(select(Assessment).where(Assessment.source == "verified")).one()
        assert imported.score_snapshot().overall == 70.0
