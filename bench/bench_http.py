"""Respondent pages under gunicorn (`-w 2 --worker-class sync`) against a bare Flask route on the
same gunicorn, measured in the same run with the same load generator (bench/load.py):

- questionnaire page: GET of one dimension page with an assessment in the session;
- answer save: POST of that page's answers (validated, upserted, committed; answered with 303);
- repeated chart: GET of a submitted assessment's results chart, served from the chart cache.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from bench.load import Request, measure
from bench.results import Result
from tests.servers import (
    EXAMPLE_DIR,
    ROOT,
    Respondent,
    prepare_database,
    server_config,
    start_gunicorn,
)

TARGETS = {"page": 0.30, "save": 0.20, "chart": 0.50}
CHART_SRC = re.compile(r"""<img[^>]+src=["']([^"']+\.png)["']""")


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


def cookie_header(respondent: Respondent) -> tuple[str, str]:
    return ("Cookie", "; ".join(f"{c.name}={c.value}" for c in respondent.session.cookies))


def seed_page(base_url: str) -> tuple[Request, Request]:
    """A respondent on their first dimension page: the GET of that page and the POST saving it."""
    respondent = Respondent(base_url, "Bench page organization")
    page = respondent.answer_page(respondent.start())
    path = urlsplit(page.url).path
    form = respondent.page_form(page)
    body = urlencode(form.filled(respondent.name)).encode()
    cookie = cookie_header(respondent)
    language = ("Accept-Language", "es")
    get = Request("GET", path, headers=(cookie, language))
    post = Request("POST", urlsplit(urljoin(page.url, form.action)).path or path, body,
                   (cookie, language, ("Content-Type", "application/x-www-form-urlencoded")))
    return get, post


def seed_chart(base_url: str) -> Request | None:
    """A submitted assessment's first results chart, or None when the results page has none."""
    respondent = Respondent(base_url, "Bench chart organization")
    respondent.complete()
    results = respondent.request("GET", respondent.results_url)
    found = CHART_SRC.search(results.text)
    if not found:
        return None
    path = urlsplit(urljoin(results.url, found.group(1))).path
    return Request("GET", path, headers=(cookie_header(respondent),))


def run(options) -> list[Result]:
    seconds, concurrency = options.seconds, options.concurrency
    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder:
        folder = Path(folder)
        database = options.database or f"sqlite:///{folder / 'bench.db'}"
        questionnaires = questionnaire_dir()
        prepare_database(database, questionnaires)
        sync = {"workers": 2, "worker_class": "sync", "threads": 1}
        bare = start_gunicorn({}, folder, app="bench.bare_app:app", **sync)
        real = start_gunicorn(server_config(database, questionnaires, RATELIMIT_ENABLED=False),
                              folder, **sync)
        try:
            get, post = seed_page(real.url)
            chart = seed_chart(real.url)
            bare_route = Request("GET", "/")
            baseline = [measure(bare.url, bare_route, seconds=seconds, concurrency=concurrency)]
            page = measure(real.url, get, seconds=seconds, concurrency=concurrency)
            save = measure(real.url, post, seconds=seconds, concurrency=concurrency,
                           ok=lambda status: status in (200, 302, 303))
            charts = (measure(real.url, chart, seconds=seconds, concurrency=concurrency)
                      if chart else None)
            baseline.append(measure(bare.url, bare_route, seconds=seconds, concurrency=concurrency))
        finally:
            bare.stop()
            real.stop()
    bare_rps = sum(m.per_second for m in baseline) / len(baseline)

    def row(name, key, measurement, what):
        if measurement is None:
            return Result(name, None, TARGETS[key], detail=f"{what}: not available")
        errors = f", {measurement.errors} errors" if measurement.errors else ""
        return Result(name, measurement.per_second / bare_rps, TARGETS[key],
                      detail=f"{measurement.per_second:.0f} vs bare {bare_rps:.0f} req/s, "
                             f"p95 {measurement.p95_ms:.0f} ms{errors}")

    return [
        row("questionnaire page (GET)", "page", page, "page"),
        row("answer save (POST one page)", "save", save, "save"),
        row("repeated results chart (cached)", "chart", charts, "results chart"),
    ]
