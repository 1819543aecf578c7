"""`make bench`: run every benchmark in bench/ and print one table of ratios.

bench_http.py (respondent pages against a bare route) always runs; bench_benchmark.py,
bench_dashboard.py, bench_export.py, bench_report.py, bench_peer_import.py and bench_capacity.py
run when present. Each exposes
`run(options)` returning Result rows (bench/results.py). Timing never makes this command fail; a
benchmark that crashes is reported in the table and makes the exit status 1.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.results import Result, as_result, table  # noqa: E402

MODULES = ("bench_http", "bench_benchmark", "bench_dashboard", "bench_export", "bench_report",
           "bench_peer_import", "bench_capacity")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0,
                        help="measuring time of each HTTP load (default 5)")
    parser.add_argument("--concurrency", type=int, default=4,
                        help="client threads of the HTTP load (default 4)")
    parser.add_argument("--database", default="",
                        help="database URL for the HTTP benchmark (default: SQLite in a temp dir)")
    parser.add_argument("--only", action="append", choices=MODULES,
                        help="run only this benchmark module (repeatable)")
    return parser.parse_args(argv)


def run_module(name: str, options) -> list[Result]:
    try:
        module = importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as error:
        if error.name == f"bench.{name}":
            return []
        raise
    entry = getattr(module, "run", None) or getattr(module, "main", None)
    if entry is None:
        return [Result(name, None, None, detail="has no run(options)")]
    rows = entry(options)
    return [as_result(row) for row in rows or []]


def main(argv: list[str] | None = None) -> int:
    options = parse(sys.argv[1:] if argv is None else argv)
    results, failed = [], False
    for name in options.only or MODULES:
        started = time.perf_counter()
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        try:
            results.extend(run_module(name, options))
        except Exception as error:  # noqa: BLE001 - report it in the table, run the rest
            traceback.print_exc()
            results.append(Result(name, None, None, detail=f"failed: {error.__class__.__name__}"))
            failed = True
        print(f"bench: {name} took {time.perf_counter() - started:.0f} s", file=sys.stderr,
              flush=True)
    print(table(results))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
