"""What the database benchmarks share: how many assessments, which questionnaire, a PostgreSQL
schema of their own, a median timer, and running one measurement on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.results import Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE_DIR = ROOT / "tests" / "data"
REPEATS = 5


def assessments_wanted() -> int:
    return int(os.environ.get("BENCH_ASSESSMENTS", "100000"))


def questionnaire_dir() -> Path:
    """The real questionnaire when it is there and loads, else the small example."""
    real = ROOT / "questionnaires"
    if any(real.glob("digital-maturity-v*.yaml")):
        try:
            from app.questionnaires import load_library

            load_library(real)
            return real
        except Exception:  # noqa: BLE001 - an unfinished questionnaire: fall back, and say so
            print("bench: questionnaires/ does not load; using tests/data")
    return EXAMPLE_DIR


def postgres_schema_url() -> tuple[str, Callable[[], None]] | None:
    """A fresh schema on the test PostgreSQL server, and a function dropping it; None if none."""
    from config import database_url

    url = os.environ.get("TEST_POSTGRES_URL") or os.environ.get("DATABASE_URL") or ""
    if not url.startswith("postgres"):
        url = "postgresql://postgres@127.0.0.1:5432/test"
    url = database_url(url)
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as error:  # noqa: BLE001 - any failure: skip PostgreSQL and say why
        print(f"bench: PostgreSQL skipped ({error.__class__.__name__})")
        return None

    def drop() -> None:
        with engine.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    with_schema = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
    return with_schema.render_as_string(hide_password=False), drop


def timed(function: Callable[[], object]) -> float:
    """Median seconds of REPEATS runs after one warm-up run."""
    function()
    runs = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return statistics.median(runs)


def on_each_database(measure: Callable[[str, str, int], list[Result]]) -> list[Result]:
    """measure(name, url, count) on a temporary SQLite file, then on PostgreSQL when one answers."""
    count = assessments_wanted()
    results = []
    with tempfile.TemporaryDirectory() as directory:
        results += measure("SQLite", f"sqlite:///{Path(directory) / 'bench.db'}", count)
    postgres = postgres_schema_url()
    if postgres:
        url, drop = postgres
        try:
            results += measure("PostgreSQL", url, count)
        finally:
            drop()
    return results
