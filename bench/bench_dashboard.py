"""The staff dashboard at scale: 100,000 synthetic assessments, then every query the dashboard page
runs (counts, the region x dimension statistics behind the heat-map and box plots, stages, months)
against hand-written SQL GROUP BY queries computing the same figures on the same data. Also prints
the whole page and one chart through the test client, for information.

Runs on a temporary SQLite file, and on PostgreSQL in a schema of its own when one answers. Prints
figures, never fails on timing; not collected by pytest.

    .venv/bin/python -m bench --only bench_dashboard      # or: .venv/bin/python bench/bench_dashboard.py
    BENCH_ASSESSMENTS=20000 .venv/bin/python bench/bench_dashboard.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from bench.data import (  # noqa: E402
    on_each_database,
    questionnaire_dir,
    timed,
)
from bench.results import Result  # noqa: E402

TARGET = 2.0  # the dashboard's queries within 2x of the raw GROUP BY queries
WHERE = ("a.questionnaire_id = :qid AND a.questionnaire_version = :version "
         "AND a.source IN ('respondent', 'verified', 'synthetic')")
LATEST = f"{WHERE} AND a.status = 'submitted' AND a.is_latest"


def region_case(regions) -> str:
    """CASE o.country WHEN 'AR' THEN 'southern_cone' ... (ids from our own regions file)."""
    whens = " ".join(f"WHEN '{country}' THEN '{region}'"
                     for country, region in regions.country_to_region.items())
    return f"CASE o.country {whens} ELSE 'other' END"


def _quartiles(dialect: str, value: str, groups: str, source: str) -> str:
    """Count, quartiles, min and max of `value` per group, by hand."""
    if dialect == "postgresql":
        return (f"SELECT {groups}, count(*), percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP "
                f"(ORDER BY {value}), min({value}), max({value}) FROM {source} "
                f"AND {value} IS NOT NULL GROUP BY {groups}")
    ranked = (f"SELECT {groups}, {value} AS v, row_number() OVER (PARTITION BY {groups} ORDER BY "
              f"{value}) - 1 AS rn, count(*) OVER (PARTITION BY {groups}) AS n FROM {source} "
              f"AND {value} IS NOT NULL")
    near = " OR ".join(f"rn IN ((n - 1) * {p} / 4, (n - 1) * {p} / 4 + 1)" for p in range(5))
    return f"SELECT * FROM ({ranked}) WHERE {near}"


def raw_queries(dialect: str, questionnaire, regions) -> Callable[[], object]:
    """The baseline: the same figures by hand-written SQL, one statement each."""
    from app.extensions import db

    region = region_case(regions)
    scores = (f"dimension_score d JOIN assessment a ON a.id = d.assessment_id "
              f"JOIN organization o ON o.id = a.organization_id WHERE {LATEST}")
    overall = f"assessment a JOIN organization o ON o.id = a.organization_id WHERE {LATEST}"
    month = ("to_char(a.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM')" if dialect == "postgresql"
             else "strftime('%Y-%m', a.submitted_at)")
    statements = [
        f"SELECT count(a.id), sum(CASE WHEN a.status = 'submitted' THEN 1 ELSE 0 END) "
        f"FROM assessment a JOIN organization o ON o.id = a.organization_id WHERE {WHERE}",
        _quartiles(dialect, "d.score", f"{region}, d.dimension_id", scores),
        _quartiles(dialect, "d.score", "d.dimension_id", scores),
        _quartiles(dialect, "a.overall_score", region, overall),
        _quartiles(dialect, "a.overall_score", "a.questionnaire_id", overall),
        f"SELECT a.stage, count(a.id) FROM {overall} GROUP BY a.stage",
        f"SELECT {month} AS m, count(a.id), count(DISTINCT a.organization_id), "
        f"avg(a.overall_score) FROM assessment a JOIN organization o ON o.id = a.organization_id "
        f"WHERE {WHERE} AND a.status = 'submitted' GROUP BY m ORDER BY m",
    ]
    params = {"qid": questionnaire.id, "version": questionnaire.version}
    return lambda: [db.session.execute(text(s), params).all() for s in statements]


def dashboard_queries(filters, books, threshold) -> Callable[[], object]:
    """Exactly what the dashboard page asks of the database."""
    from app.staff import dashboard, queries

    return lambda: (queries.counts(filters), dashboard.scores(filters, books, threshold),
                    dashboard.stages(filters, books, threshold),
                    queries.months(filters, threshold, "auto"))


def page_seconds(app, path: str) -> float:
    from app.operations.accounts import create_account

    with app.app_context():
        create_account("bench@example.org", "bench password long", "analyst")
    client = app.test_client()
    client.post("/staff/login", data={"email": "bench@example.org",
                                      "password": "bench password long"})
    return timed(lambda: client.get(path, headers={"Accept-Language": "en"}).get_data())


def measure(name: str, url: str, count: int) -> list[Result]:
    from app import create_app
    from app.extensions import db
    from app.operations.peers import seed_synthetic
    from app.questionnaires import active_questionnaire, library
    from app.staff.filters import parse_filters
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url,
                     QUESTIONNAIRE_DIR=str(questionnaire_dir()))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        db.create_all()
        books = library()
        questionnaire = active_questionnaire()
        started = time.perf_counter()
        seed_synthetic(questionnaire, books.regions, count)
        print(f"bench_dashboard [{name}]: seeded {count:,} synthetic assessments of "
              f"{questionnaire.key} in {time.perf_counter() - started:.1f} s")
        filters = parse_filters({"synthetic": "1"}, books)
        threshold = app.config["ANONYMITY_THRESHOLD"]
        ours = timed(dashboard_queries(filters, books, threshold))
        baseline = timed(raw_queries(db.engine.dialect.name, questionnaire, books.regions))
        db.session.remove()
    page = page_seconds(app, "/staff/?synthetic=1")
    with app.app_context():
        db.engine.dispose()
    ratio = ours / baseline
    print(f"bench_dashboard [{name}]: dashboard queries {ours * 1000:.0f} ms; raw GROUP BY "
          f"{baseline * 1000:.0f} ms; ratio {ratio:.2f}x (target <= {TARGET:.0f}x); whole page "
          f"{page * 1000:.0f} ms")
    return [Result(f"dashboard queries vs raw GROUP BY, {count:,} ({name})", ratio, TARGET,
                   higher_is_better=False,
                   detail=f"{ours * 1000:.0f} ms vs {baseline * 1000:.0f} ms; page "
                          f"{page * 1000:.0f} ms")]


def run(options=None) -> list[Result]:
    return on_each_database(measure)


if __name__ == "__main__":
    from bench.results import table

    print(table(run()))
