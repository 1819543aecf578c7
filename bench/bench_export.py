"""The wide export at scale: 100,000 synthetic assessments with their answers, exported by the
app's writers (app/export, exactly what the download and `flask export` run) against bare scripts:

* CSV: one SQL pivot query streamed into csv.writer;
* XLSX: the same cells the app writes (read once beforehand, outside the timing) written by a bare
  XlsxWriter script in constant-memory mode, each cell with the one typed call it needs
  (write_number, write_string, write_datetime), to a temporary file.

Prints each time ratio and the app's peak memory growth (tracemalloc, in a separate run since
tracing slows Python down); never fails on timing.

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
from datetime import datetime
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
MEMORY_TARGET_MB = 50.0  # peak growth of the app's CSV export
XLSX_MEMORY_TARGET_MB = 100.0  # peak growth of the app's XLSX export


def app_export(filters, questionnaire, regions) -> Callable[[], int]:
    """The app's export, bytes counted and dropped (as a client reading the download would)."""
    from app.export import export_rows
    from app.export.csvfile import csv_chunks

    def run() -> int:
        rows = export_rows("wide", filters.conditions(), questionnaire, regions)
        return sum(len(chunk) for chunk in csv_chunks(rows))

    return run


def app_xlsx(filters, questionnaire, regions) -> Callable[[], int]:
    """The app's XLSX download: the workbook spooled to a temporary file; its size."""
    import os

    from app.export import export_sheets
    from app.export.xlsxfile import spooled_xlsx

    def run() -> int:
        sheets = export_sheets("wide", filters.conditions(), questionnaire, regions)
        with spooled_xlsx(sheets) as spool:
            return os.fstat(spool.fileno()).st_size

    return run


def same_cells(filters, questionnaire, regions) -> tuple[list, list]:
    """The wide sheet's cells as the app writes them (dates as datetimes), and the codebook's."""
    from app.export import export_rows
    from app.export.wide import wide_columns

    dates = [i for i, c in enumerate(wide_columns(questionnaire, regions)) if c.type == "datetime"]
    rows = [list(row) for row in export_rows("wide", filters.conditions(), questionnaire, regions,
                                             escape=False)]
    for row in rows[1:]:
        for index in dates:
            row[index] = datetime.fromisoformat(row[index]) if row[index] else None
    codebook = [list(row) for row in export_rows("codebook", (), questionnaire, regions)]
    return rows, codebook


def bare_xlsx(cells: tuple[list, list]) -> Callable[[], int]:
    """XlsxWriter alone writing those cells, constant memory, to a temporary file."""
    import os
    import tempfile

    import xlsxwriter

    def run() -> int:
        with tempfile.TemporaryFile() as handle:
            workbook = xlsxwriter.Workbook(handle, {"constant_memory": True})
            date = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
            for rows in cells:
                sheet = workbook.add_worksheet()
                for r, row in enumerate(rows):
                    for c, value in enumerate(row):
                        if value is None or value == "":
                            continue
                        if isinstance(value, str):
                            sheet.write_string(r, c, value)
                        elif isinstance(value, datetime):
                            sheet.write_datetime(r, c, value, date)
                        else:
                            sheet.write_number(r, c, value)
            workbook.close()
            return os.fstat(handle.fileno()).st_size

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
        xlsx_run = app_xlsx(filters, questionnaire, books.regions)
        xlsx, xlsx_bytes = seconds(xlsx_run)
        cells = same_cells(filters, questionnaire, books.regions)
        bare_xlsx_seconds, bare_xlsx_bytes = seconds(bare_xlsx(cells))
        cell_count = sum(1 for rows in cells for row in rows for v in row if v not in (None, ""))
        del cells
        xlsx_peak = peak_mb(xlsx_run)
        db.session.remove()
        db.engine.dispose()
    print(f"bench_export [{name}]: app export {ours:.1f} s ({ours_bytes / 1e6:.0f} MB of CSV), "
          f"bare script {bare:.1f} s ({bare_bytes / 1e6:.0f} MB); time ratio {ours / bare:.2f}x; "
          f"peak memory {ours_peak:.1f} MB vs {bare_peak:.1f} MB")
    print(f"bench_export [{name}]: app XLSX {xlsx:.1f} s ({xlsx_bytes / 1e6:.0f} MB), bare "
          f"XlsxWriter {bare_xlsx_seconds:.1f} s ({bare_xlsx_bytes / 1e6:.0f} MB, {cell_count:,} "
          f"cells); time ratio {xlsx / bare_xlsx_seconds:.2f}x; peak memory {xlsx_peak:.1f} MB")
    return [
        Result(f"wide export vs bare pivot script, {count:,} ({name})", ours / bare, TIME_TARGET,
               higher_is_better=False, detail=f"{ours:.1f} s vs {bare:.1f} s"),
        Result(f"wide export peak memory, MB ({name})", ours_peak, MEMORY_TARGET_MB,
               higher_is_better=False,
               detail=f"{ours_peak:.1f} MB (bare script {bare_peak:.1f} MB); MB, not x"),
        Result(f"wide XLSX export vs bare XlsxWriter, {count:,} ({name})",
               xlsx / bare_xlsx_seconds, TIME_TARGET, higher_is_better=False,
               detail=f"{xlsx:.1f} s vs {bare_xlsx_seconds:.1f} s, {cell_count:,} cells"),
        Result(f"wide XLSX export peak memory, MB ({name})", xlsx_peak, XLSX_MEMORY_TARGET_MB,
               higher_is_better=False, unit="MB",
               detail=f"{xlsx_peak:.1f} MB growth (tracemalloc), {xlsx_bytes / 1e6:.0f} MB file"),
    ]


def run(options=None) -> list[Result]:
    return on_each_database(measure)


if __name__ == "__main__":
    from bench.results import table

    print(table(run()))
