"""Peer benchmarking at scale: 100,000 synthetic assessments, then the results page's benchmark
computation (peer_comparison for one organization: every group counted, the chosen group's
statistics and percentile ranks in every dimension and overall) against one raw SQL percentile query
on the same data (the quartiles of every dimension over all of Latin America). Two cases: a typical
organization (its narrowest group, a size band, qualifies) and the worst case (an organization with
no profile, compared with all of Latin America).

Runs on a temporary SQLite file, and on PostgreSQL in a schema of its own when one answers
(TEST_POSTGRES_URL / DATABASE_URL / 127.0.0.1:5432 db test). Prints figures, never fails on timing.

    .venv/bin/python -m bench --only bench_benchmark      # or: .venv/bin/python bench/bench_benchmark.py
    BENCH_ASSESSMENTS=20000 .venv/bin/python bench/bench_benchmark.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import select, text, update  # noqa: E402

from bench.data import (  # noqa: E402
    on_each_database,
    questionnaire_dir,
    timed,
)
from bench.results import Result  # noqa: E402

TARGET = 3.0  # peer_comparison within 3x of the raw percentile query
SEED_SECONDS = 60.0  # 100,000 synthetic assessments on SQLite "well under a minute"
REPEATS = 5
EXAMPLE_DIR = ROOT / "tests" / "data"


def raw_percentile_query(dialect: str, questionnaire) -> Callable[[], object]:
    """The baseline: one hand-written query for the quartiles of every dimension's scores over all
    latest submitted assessments (all of Latin America): percentile_cont on PostgreSQL, ROW_NUMBER
    and COUNT over each dimension on SQLite (lower rows, no interpolation: the plainest form)."""
    from app.extensions import db

    source = ("FROM dimension_score d JOIN assessment a ON a.id = d.assessment_id "
              "WHERE a.questionnaire_id = :qid AND a.questionnaire_version = :version "
              "AND a.status = 'submitted' AND a.is_latest AND d.score IS NOT NULL")
    params = {"qid": questionnaire.id, "version": questionnaire.version}
    if dialect == "postgresql":
        statement = text("SELECT d.dimension_id, percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN "
                         f"GROUP (ORDER BY d.score) {source} GROUP BY d.dimension_id")
    else:
        statement = text(
            "SELECT dim, MAX(CASE WHEN rn = (n - 1) / 4 + 1 THEN score END), "
            "MAX(CASE WHEN rn = (n - 1) / 2 + 1 THEN score END), "
            "MAX(CASE WHEN rn = 3 * (n - 1) / 4 + 1 THEN score END) FROM ("
            "SELECT d.dimension_id AS dim, d.score AS score, ROW_NUMBER() OVER (PARTITION BY "
            "d.dimension_id ORDER BY d.score) AS rn, COUNT(*) OVER (PARTITION BY d.dimension_id) AS n "
            f"{source}) GROUP BY dim")
    return lambda: db.session.execute(statement, params).all()


def widest_case(assessment) -> None:
    """Clear an assessment's profile (what peer groups read) so that only the all-Latin-America
    group is left."""
    from app.extensions import db
    from app.models import Assessment

    db.session.execute(update(Assessment).where(Assessment.id == assessment.id)
                       .values(country=None, org_type=None, members_band=None))
    db.session.commit()
    db.session.expire_all()


def measure(name: str, url: str, count: int) -> list[Result]:
    from app import create_app
    from app.benchmark.comparison import peer_comparison
    from app.extensions import db
    from app.models import Assessment
    from app.operations.peers import seed_synthetic
    from app.questionnaires import active_questionnaire, library
    from config import TestConfig

    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=url,
                     QUESTIONNAIRE_DIR=str(questionnaire_dir()), BENCHMARK_INCLUDE_SYNTHETIC=True,
                     BENCHMARK_SAMPLES="never")
    results = []
    with app.app_context():
        db.create_all()
        questionnaire = active_questionnaire()
        started = time.perf_counter()
        seed_synthetic(questionnaire, library().regions, count)
        seeding = time.perf_counter() - started
        print(f"bench_benchmark [{name}]: seeded {count:,} synthetic assessments of "
              f"{questionnaire.key} in {seeding:.1f} s")
        target = SEED_SECONDS if name == "SQLite" else None
        results.append(Result(f"peers seed-synthetic {count:,}, seconds ({name})", seeding, target,
                              higher_is_better=False, detail=f"{seeding:.1f} s"))
        baseline = timed(raw_percentile_query(db.engine.dialect.name, questionnaire))
        one = db.session.scalar(select(Assessment).order_by(Assessment.id).limit(1))
        for case, prepare in (("narrowest group", None), ("all Latin America", widest_case)):
            if prepare:
                prepare(one)
            comparison = peer_comparison(one, questionnaire, "en")
            seconds = timed(lambda: peer_comparison(one, questionnaire, "en"))
            group = comparison.chosen.key if comparison.chosen else "none"
            print(f"bench_benchmark [{name}]: peer_comparison ({case}: {group}, "
                  f"{comparison.peer_count:,} peers) {seconds * 1000:.0f} ms; raw percentile "
                  f"query {baseline * 1000:.0f} ms; ratio {seconds / baseline:.2f}x")
            results.append(Result(f"peer_comparison vs raw percentile, {case} ({name})",
                                  seconds / baseline, TARGET, higher_is_better=False,
                                  detail=f"{seconds * 1000:.0f} ms vs {baseline * 1000:.0f} ms, "
                                         f"{comparison.peer_count:,} peers"))
        db.session.remove()
        db.engine.dispose()
    return results


def run(options=None) -> list[Result]:
    return on_each_database(measure)


if __name__ == "__main__":
    from bench.results import table

    print(table(run()))
