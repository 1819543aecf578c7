"""Two app instances, no state of their own, one PostgreSQL database: a respondent can move between
them mid-way, as behind a load balancer without sticky sessions."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest

from tests.servers import EXAMPLE_DIR, Respondent, prepare_database, running, server_config

pytestmark = pytest.mark.slow

CHART = re.compile(r"""<img[^>]+src=["']([^"']+\.svg[^"']*)["']""")
THREE_DIMENSIONS = EXAMPLE_DIR / "report"  # three dimensions: the results page draws a radar


def served(server, method: str, path: str) -> bool:
    return f'"{method} {path} ' in server.log_text()


def test_a_respondent_moves_between_two_instances(postgres_schema_url, tmp_path):
    prepare_database(postgres_schema_url, THREE_DIMENSIONS)
    config = server_config(postgres_schema_url, THREE_DIMENSIONS, RATELIMIT_ENABLED=False)
    with running(config, tmp_path, workers=1, threads=2) as a, \
            running(config, tmp_path, workers=1, threads=2) as b:
        respondent = Respondent(a.url, "Organization on two instances")

        # Start on A: landing page and profile.
        first_page = respondent.answer_page(respondent.start())
        first_path = urlsplit(first_page.url).path
        assert first_page.url.startswith(a.url) and first_path.startswith("/survey/")

        # Answer that page on B, with the same cookies.
        on_b = respondent.request("GET", b.url + first_path)
        assert on_b.status_code == 200 and on_b.url == b.url + first_path, "B did not know the session"
        next_page = respondent.answer_page(on_b)
        assert next_page.url.startswith(b.url)
        assert served(b, "POST", first_path)

        # Finish on A.
        back_on_a = respondent.request("GET", a.url + urlsplit(next_page.url).path)
        results = respondent.submit(respondent.answer_all(back_on_a))
        assert results.url.startswith(a.url) and "/results/" in results.url
        assert served(a, "POST", "/survey/submit")

        # Results on B.
        results_path = urlsplit(results.url).path
        on_b = respondent.request("GET", b.url + results_path)
        assert on_b.status_code == 200
        assert "Organization on two instances" in on_b.text or "/results/" in on_b.url

        # Either instance draws the same chart from the stored snapshot.
        charts = CHART.findall(on_b.text)
        assert charts, "the results page shows no chart"
        chart_path = urlsplit(urljoin(on_b.url, html.unescape(charts[0])))
        chart_url = chart_path.path + (f"?{chart_path.query}" if chart_path.query else "")
        from_a = respondent.request("GET", a.url + chart_url)
        from_b = respondent.request("GET", b.url + chart_url)
        assert from_a.status_code == from_b.status_code == 200
        assert from_a.headers["Content-Type"].startswith("image/svg+xml")
        assert from_a.content == from_b.content
        assert not respondent.server_errors()
