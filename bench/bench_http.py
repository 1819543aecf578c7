"""Respondent pages under gunicorn (`-w 2 --worker-class sync`) against a bare Flask route on the
same gunicorn, measured in the same run with the same load generator (bench/load.py):

- questionnaire page: GET of one dimension page with an assessment in the session;
- answer save: POST of that page's answers (validated, upserted, committed; answered with 303);
- repeated chart: GET of a submitted assessment's results chart, served from the chart cache.
"""

from __future__ import annotations

import html
import re
import tempfile
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from bench.data import questionnaire_dir
from bench.load import Request, measure
from bench.results import Result
from tests.servers import (
    Respondent,
    prepare_database,
    server_config,
    start_gunicorn,
)

TARGETS = {"page": 0.30, "save": 0.20, "chart": 0.50}
CHART_SRC = re.compile(r"""<img[^>]+src=["']([^"']+\.(?:png|svg)(?:\?[^"']*)?)["']""")


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
    parts = urlsplit(urljoin(results.url, html.unescape(found.group(1))))
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return Request("GET", path, headers=(cookie_header(respondent),))


def run(options) -> list[Result]:
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
            targets = {"page": (real.url, get, OK), "save": (real.url, post, SAVED)}
            chart = seed_chart(real.url)
            if chart is not None:
                targets["chart"] = (real.url, chart, OK)
            rounds = measure_in_rounds(bare.url, targets, options)
        finally:
            bare.stop()
            real.stop()
    return [row(NAMES[key], key, rounds.get(key), questionnaires) for key in NAMES]


NAMES = {"page": "questionnaire page (GET)", "save": "answer save (POST one page)",
         "chart": "repeated results chart (cached)"}


def OK(status: int) -> bool:  # noqa: N802 - used as a constant
    return status == 200


def SAVED(status: int) -> bool:  # noqa: N802 - used as a constant
    return status in (302, 303)


def measure_in_rounds(bare_url: str, targets: dict, options) -> dict[str, list[tuple]]:
    """Each round measures the bare route and then every target, so every ratio compares two
    figures taken seconds apart (this machine may be busy with other work); the table shows the
    median round."""
    seconds = options.seconds / ROUNDS
    found: dict[str, list[tuple]] = {key: [] for key in targets}
    for round_number in range(ROUNDS):
        warmup = 1.0 if round_number == 0 else 0.2
        baseline = measure(bare_url, BARE, seconds=seconds, concurrency=options.concurrency,
                           ok=OK, warmup=warmup)
        for key, (url, request, ok) in targets.items():
            result = measure(url, request, seconds=seconds, concurrency=options.concurrency, ok=ok,
                             warmup=warmup)
            found[key].append((result.per_second / baseline.per_second, result, baseline))
    return found


ROUNDS = 3
BARE = Request("GET", "/")


def row(name: str, key: str, rounds: list[tuple] | None, questionnaires: Path) -> Result:
    if not rounds:
        return Result(name, None, TARGETS[key], detail="not available (no chart on the results page)")
    ratio, result, baseline = sorted(rounds, key=lambda r: r[0])[len(rounds) // 2]
    errors = sum(r[1].errors for r in rounds)
    return Result(name, ratio, TARGETS[key], detail=(
        f"{result.per_second:.0f} vs bare {baseline.per_second:.0f} req/s, "
        f"p95 {result.p95_ms:.0f} ms, {questionnaires.name}/"
        + (f", {errors} unexpected statuses" if errors else "")))
