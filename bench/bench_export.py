"""The wide CSV export at scale: 100,000 synthetic assessments with their answers, exported by the
app's streaming writer (app/export, exactly what the download and `flask export` run) against a bare
script (one SQL pivot query streamed into csv.writer). Prints the time ratio and the peak memory
each needs (tracemalloc, in a separate run since tracing slows Python down); never fails on timing.

Runs on a temporary SQLite file, and on PostgreSQL in a schema of its own when one answers; not
collected by pytest.

    .venv/bin/python -m bench --only bench_export      # or: .venv/bin/python bench/bench_export.py
    BENCH_ASSESSMENTS=20000 .venv/bin/python bench/bench_export.py
"""

from __future__ import annotations

import csv
import io
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.data import (  # noqa: E402
    on_each_database,
    questionnaire_dir,
)
from bench.results import Result  # noqa: E402

TIME_TARGET = 2.0  # within 2x of the bare script
MEMORY_TARGET_MB = 50.0  # peak growth of the app's export


def app_export(filters, questionnaire, regions) -> Callable[[], int]:
    """The app's export, bytes counted and dropped (as a client reading the download would)."""
    from app.export import export_rows
    from app.export.csvfile import csv_chunks

    def run() -> int:
        rows = export_rows("wide", filters.conditions(), questionnaire, regions)
        return sum(len(chunk) for chunk in csv_chunks(rows))

    return run


def bare_export(dialect: str, questionnaire) -> Callable[[], int]:
    """One pivot query (a column per dimension and per question, raw JSON text for answers)
    streamed into csv.writer: the least an export can do."""
    from app.extensions import db

    value = "CAST(value AS TEXT)" if dialect == "postgresql" else "value"
    dimensions = ", ".join(f"max(CASE WHEN dimension_id = '{d.id}' THEN score END) AS s_{i}"
                           for i, d in enumerate(questionnaire.dimensions))
    answers = ", ".join(f"max(CASE WHEN question_id = '{q.id}' THEN {value} END) AS q_{i}"
                        for i, q in enumerate(questionnaire.questions))
    statement = text(
        "SELECT a.id, a.organization_id, o.name, o.country, o.org_type, a.source, a.status, "
        "a.created_at, a.submitted_at, a.questionnaire_id, a.questionnaire_version, "
        "a.overall_score, a.stage, d.*, v.* FROM assessment a "
        "JOIN organization o ON o.id = a.organization_id "
        f"LEFT JOIN (SELECT assessment_id AS d_id, {dimensions} FROM dimension_score "
        "GROUP BY assessment_id) d ON d.d_id = a.id "
        f"LEFT JOIN (SELECT assessment_id AS v_id, {answers} FROM answer GROUP BY assessment_id) v "
        "ON v.v_id = a.id WHERE a.questionnaire_id = :qid AND a.questionnaire_version = :version "
        "ORDER BY a.id")
    params = {"qid": questionnaire.id, "version": questionnaire.version}

    def run() -> int:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        total = 0
        result = db.session.execute(statement.execution_options(stream_results=True,
                                                                 yield_per=1000), params)
        writer.writerow(result.keys())
        for index, row in enumerate(result):
            writer.writerow(row)
            if index % 200 == 0:
                total += len(buffer.getvalue().encode("utf-8"))
                buffer.seek(0)
                buffer.truncate()
        return total + len(buffer.getvalue().encode("utf-8"))

    return run


def settle(db) -> None:
    """Statistics for the planner, and no autovacuum racing the measurement after a bulk load."""
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE" if db.engine.dialect.name == "postgresql"
                                else "ANALYZE"))


def seconds(function: Callable[[], int]) -> tuple[float, int]:
    started = time.perf_counter()
    size = function()
    return time.perf_counter() - started, size


def peak_mb(function: Callable[[], int]) -> float:
    tracemalloc.start()
    try:
        function()
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1024 / 1024


def measure(name: str, url: str, count: int) -> list[Result]:
    from app import create_app
    from app.extensions import db
    from app.operations.peers import seed_synthetic
    from app.questionnaires import active_questionnaire, library
    from app.staff.filters import parse_filters
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url,
                     QUESTIONNAIRE_DIR=str(questionnaire_dir()))
    with app.test_request_context():
        db.create_all()
        books = library()
        questionnaire = active_questionnaire()
        started = time.perf_counter()
        seed_synthetic(questionnaire, books.regions, count, with_answers=True)
        print(f"bench_export [{name}]: seeded {count:,} synthetic assessments with answers of "
              f"{questionnaire.key} in {time.perf_counter() - started:.1f} s")
        settle(db)
        filters = parse_filters({"synthetic": "1"}, books)
        ours_run = app_export(filters, questionnaire, books.regions)
        bare_run = bare_export(db.engine.dialect.name, questionnaire)
        bare_run()  # warm the database's cache for both
        ours, ours_bytes = seconds(ours_run)
        bare, bare_bytes = seconds(bare_run)
        ours_peak, bare_peak = peak_mb(ours_run), peak_mb(bare_run)
        db.session.remove()
        db.engine.dispose()
    print(f"bench_export [{name}]: app export {ours:.1f} s ({ours_bytes / 1e6:.0f} MB of CSV), "
          f"bare script {bare:.1f} s ({bare_bytes / 1e6:.0f} MB); time ratio {ours / bare:.2f}x; "
          f"peak memory {ours_peak:.1f} MB vs {bare_peak:.1f} MB")
    return [
        Result(f"wide export vs bare pivot script, {count:,} ({name})", ours / bare, TIME_TARGET,
               higher_is_better=False, detail=f"{ours:.1f} s vs {bare:.1f} s"),
        Result(f"wide export peak memory, MB ({name})", ours_peak, MEMORY_TARGET_MB,
               higher_is_better=False,
               detail=f"{ours_peak:.1f} MB (bare script {bare_peak:.1f} MB); MB, not x"),
    ]


def run(options=None) -> list[Result]:
    return on_each_database(measure)


if __name__ == "__main__":
    from bench.results import table

    print(table(run()))
