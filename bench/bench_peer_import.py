"""Confirming a peer-results import of 3,000 rows (issue 12: under 5 s on SQLite), against the
stack's own limit measured in the same run: a bare executemany of the same rows.

- Ours: what the admin's "Import" button runs (app.operations.peer_previews.import_preview): read the
  kept file, parse and validate every row again, claim the preview, score every row and store
  organizations, assessments, answers and dimension scores in one transaction.
- Bare: the same rows, already parsed, scored and serialised, written with the database driver's
  executemany into the same four tables in one transaction: no validation, no scoring, no
  SQLAlchemy.

Each is run on a fresh database (a temporary SQLite file; PostgreSQL in a schema of its own when
one answers), median of three; figures only, timing never fails the run.

    .venv/bin/python -m bench --only bench_peer_import
    BENCH_IMPORT_ROWS=1000 .venv/bin/python bench/bench_peer_import.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.data import postgres_schema_url, questionnaire_dir  # noqa: E402
from bench.results import Result  # noqa: E402

SECONDS_TARGET = 5.0
RUNS = 3


def rows_wanted() -> int:
    return int(os.environ.get("BENCH_IMPORT_ROWS", "3000"))


def peer_file(questionnaire, count: int) -> str:
    """`count` distinct organizations' sample answers in the wide layout with codes."""
    from app.operations.peer_import import export_cell, export_columns
    from app.operations.peers import sample_answers

    header = export_columns(questionnaire)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for number in range(count):
        row = {"questionnaire_id": questionnaire.id,
               "questionnaire_version": str(questionnaire.version), "submitted_at": "2024-05-31"}
        answers = sample_answers(questionnaire, number)
        for question in questionnaire.questions:
            if question.id in answers:
                row.update(export_cell(question, answers[question.id]))
            elif question.input == "text":
                row[question.id] = f"Benchmark organization {number}"
            elif question.kind.scored is False and question.required:
                row.update(export_cell(question, question.kind.highest(question)))
        writer.writerow([row.get(column, "") for column in header])
    return buffer.getvalue()


def make_app(url: str):
    from app import create_app
    from app.extensions import db
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url,
                     QUESTIONNAIRE_DIR=str(questionnaire_dir()))
    with app.app_context():
        db.drop_all()
        db.create_all()
    return app


def confirm_seconds(url: str, text: str) -> tuple[float, int]:
    """One confirmation on a fresh database: seconds, rows imported."""
    from datetime import timedelta

    from app.extensions import db
    from app.operations.accounts import create_account
    from app.operations.peer_previews import IMPORTED, import_preview, keep_preview
    from app.questionnaires import library

    app = make_app(url)
    with app.app_context():
        user = create_account("bench@example.org", "a long enough password", "admin")
        upload_id = keep_preview(text, user.id, timedelta(hours=1))
        started = time.perf_counter()
        confirmation = import_preview(upload_id, user.id, library())
        elapsed = time.perf_counter() - started
        assert confirmation.outcome == IMPORTED, confirmation
        db.session.remove()
        db.engine.dispose()
    return elapsed, confirmation.rows


def bare_rows(url: str, text: str) -> dict[str, list[tuple]]:
    """The rows the import writes, computed once outside the clock, as driver parameters."""
    from app.domain.questionnaire import ORGANIZATION_FIELDS
    from app.domain.scoring import score_assessment
    from app.operations.peer_import import parse_peer_csv
    from app.questionnaires import library

    app = make_app(url)
    now = datetime.now(UTC).isoformat(sep=" ")
    tables: dict[str, list[tuple]] = {"organization": [], "assessment": [], "answer": [],
                                      "dimension_score": []}
    with app.app_context():
        preview = parse_peer_csv(text, library())
        for number, row in enumerate(preview.rows, start=1):
            score = score_assessment(row.questionnaire, row.answers)
            tables["organization"].append(
                (number, *(row.fields.get(f) or ("" if f == "name" else None)
                           for f in ORGANIZATION_FIELDS), now))
            tables["assessment"].append(
                (number, number, row.questionnaire.id, row.questionnaire.version, "es",
                 "submitted", "verified", True, score.overall, score.stage_id, now, now,
                 row.submitted_at.isoformat(sep=" ")))
            tables["answer"] += [(number, qid, json.dumps(value), now)
                                 for qid, value in row.answers.items()]
            tables["dimension_score"] += [(number, d.dimension_id, d.score)
                                          for d in score.dimensions]
    return tables


BARE_SQL = {
    "organization": "INSERT INTO organization (id, name, country, org_type, scope, members_band, "
                    "staff_band, sme_share_band, created_at) VALUES ({})",
    "assessment": "INSERT INTO assessment (id, organization_id, questionnaire_id, "
                  "questionnaire_version, locale, status, source, is_latest, overall_score, stage, "
                  "created_at, updated_at, submitted_at) VALUES ({})",
    "answer": "INSERT INTO answer (assessment_id, question_id, value, updated_at) VALUES ({})",
    "dimension_score": "INSERT INTO dimension_score (assessment_id, dimension_id, score) "
                       "VALUES ({})",
}


def bare_seconds(url: str, tables: dict[str, list[tuple]]) -> float:
    """The same rows through the driver's executemany, one transaction, on a fresh database."""
    from app.extensions import db

    app = make_app(url)
    with app.app_context():
        connection = db.engine.raw_connection()
        try:
            placeholder = "?" if db.engine.dialect.name == "sqlite" else "%s"
            cursor = connection.cursor()
            started = time.perf_counter()
            for table, rows in tables.items():
                marks = ", ".join([placeholder] * len(rows[0]))
                cursor.executemany(BARE_SQL[table].format(marks), rows)
            connection.commit()
            elapsed = time.perf_counter() - started
        finally:
            connection.close()
        db.engine.dispose()
    return elapsed


def measure(name: str, url: str, text: str, count: int) -> list[Result]:
    ours_runs, imported = [], 0
    for _ in range(RUNS):
        elapsed, imported = confirm_seconds(url, text)
        ours_runs.append(elapsed)
    tables = bare_rows(url, text)
    bare_runs = [bare_seconds(url, tables) for _ in range(RUNS)]
    ours, bare = statistics.median(ours_runs), statistics.median(bare_runs)
    print(f"bench_peer_import [{name}]: confirm of {imported:,} rows {ours:.2f} s "
          f"(runs {', '.join(f'{r:.2f}' for r in ours_runs)}), bare executemany {bare:.2f} s "
          f"({sum(len(r) for r in tables.values()):,} rows in 4 tables); ratio {ours / bare:.1f}x")
    return [
        Result(f"peer import confirm, {count:,} rows, seconds ({name})", ours,
               SECONDS_TARGET if name == "SQLite" else None, higher_is_better=False, unit="s",
               detail=f"median of {RUNS}"),
        Result(f"peer import confirm vs bare executemany ({name})", ours / bare, None,
               higher_is_better=False, detail=f"{ours:.2f} s vs {bare:.2f} s"),
    ]


def run(options=None) -> list[Result]:
    from app import create_app
    from app.questionnaires import active_questionnaire
    from config import TestConfig

    count = rows_wanted()
    app = create_app(TestConfig, QUESTIONNAIRE_DIR=str(questionnaire_dir()))
    with app.app_context():
        text = peer_file(active_questionnaire(), count)
    print(f"bench_peer_import: a file of {count:,} rows, {len(text) / 1e6:.1f} MB")
    results = []
    with tempfile.TemporaryDirectory() as directory:
        results += measure("SQLite", f"sqlite:///{Path(directory) / 'import.db'}", text, count)
    postgres = postgres_schema_url()
    if postgres:
        url, drop = postgres
        try:
            results += measure("PostgreSQL", url, text, count)
        finally:
            drop()
    return results


if __name__ == "__main__":
    from bench.results import table

    print(table(run()))
