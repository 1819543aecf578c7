"""The PDF report of the real questionnaire: the whole request (report, peer comparison, charts drawn
for the PDF, HTML, WeasyPrint) against the stack's own limit measured in the same run: WeasyPrint
rendering the very same HTML (stylesheets and inline charts included), which no work of ours can
make faster. Also printed, for scale: WeasyPrint on a bare page of the same text (no stylesheet, no
images). Prints seconds and ratios; never fails on timing.

Data: a temporary SQLite file with 40 organizations' submitted results (the compared one among
them, of the same type and region as 20 others, so the PDF has a full peer section), all made by
the app's own operations. The chart caches are cleared before every timed request, so each one
draws its charts again, as the first PDF of an assessment does.

    .venv/bin/python -m bench --only bench_report     # or: .venv/bin/python bench/bench_report.py
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.data import questionnaire_dir  # noqa: E402
from bench.results import Result  # noqa: E402

SECONDS_TARGET = 3.0
RATIO_TARGET = 1.5  # the report, peers and charts add at most half of WeasyPrint's own time
REPEATS = 5


def make_data(app) -> str:
    """Peers and the compared organization's submitted assessment; its private token."""
    from app.extensions import db
    from app.models import Organization, Source
    from app.operations.assessment import (
        save_answers,
        start_assessment,
        store_submitted,
        submit_assessment,
    )
    from app.operations.peers import profile_answers, sample_answers
    from app.questionnaires import active_questionnaire

    with app.app_context():
        db.create_all()
        questionnaire = active_questionnaire()
        profiles = ([{"country": "HN", "org_type": "chamber_commerce", "members_band": "m3"}] * 20
                    + [{"country": "AR", "org_type": "sectoral", "members_band": "m2"}] * 19)
        for index, fields in enumerate(profiles):
            answers = {**profile_answers(questionnaire, fields),
                       **sample_answers(questionnaire, f"bench-{index}")}
            store_submitted(Organization(name=f"Bench peer {index}", **fields), questionnaire,
                            answers, Source.RESPONDENT)
        db.session.commit()
        assessment, token = start_assessment(questionnaire, "es")
        mine = {"org_name": "Cámara de prueba (bench)", "country": "HN",
                "org_type": "chamber_commerce", "members_band": "m3"}
        answers = {**profile_answers(questionnaire, {k: v for k, v in mine.items()
                                                     if k != "org_name"}),
                   "org_name": mine["org_name"], **sample_answers(questionnaire, "bench-me")}
        for question in questionnaire.profile_questions:  # every required profile answer
            if question.id not in answers and question.options:
                answers[question.id] = question.options[0].id
        save_answers(assessment, questionnaire, answers)
        submit_assessment(assessment, questionnaire)
        return token


def timed(function) -> float:
    times = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bare_html(report_html: str) -> str:
    """The report's text, as long, in plain paragraphs: what WeasyPrint needs at the least."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", report_html, flags=re.S)
    words = re.sub(r"<[^>]+>", " ", text).split()
    paragraphs = [" ".join(words[i:i + 60]) for i in range(0, len(words), 60)]
    return "<!doctype html><html><body>" + "".join(f"<p>{p}</p>" for p in paragraphs) + \
        "</body></html>"


def page_count(document: bytes) -> int:
    import io

    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(document)).pages)


def run(options=None) -> list[Result]:
    from weasyprint import HTML

    from app import create_app
    from app.charts import clear_cache
    from app.charts.results import clear_known
    from config import TestConfig

    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    app = create_app(TestConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{folder / 'report.db'}",
                     QUESTIONNAIRE_DIR=str(questionnaire_dir()))
    token = make_data(app)
    client = app.test_client()
    url = f"/results/{token}/report.pdf"

    def whole_pdf() -> None:
        clear_cache()
        clear_known()
        response = client.get(url)
        assert response.status_code == 200 and response.data.startswith(b"%PDF")

    from app.results import pdf

    captured: list[str] = []
    original = pdf.render_pdf

    def capturing(html: str, base_url: str) -> bytes:
        captured.append(html)
        return original(html, base_url)

    pdf.render_pdf = capturing
    try:
        whole_pdf()  # warm: imports, fonts, translations; keeps the PDF's HTML
    finally:
        pdf.render_pdf = original
    report_html = captured[0]
    bare = bare_html(report_html)
    report_seconds = timed(whole_pdf)
    with app.test_request_context():
        render_seconds = timed(lambda: original(report_html, "http://localhost/"))
        report_pages = page_count(original(report_html, "http://localhost/"))
    bare_seconds = timed(lambda: HTML(string=bare).write_pdf())
    bare_pages = page_count(HTML(string=bare).write_pdf())
    ratio = report_seconds / render_seconds
    print(f"bench_report: PDF request {report_seconds:.2f} s (median of {REPEATS}, "
          f"{report_pages} pages); WeasyPrint alone on the same HTML {render_seconds:.2f} s "
          f"(ratio {ratio:.2f}x); bare page of the same text {bare_seconds:.2f} s "
          f"({bare_pages} pages)")
    with app.app_context():
        from app.extensions import db

        db.engine.dispose()
    return [
        Result("PDF report, real questionnaire, seconds (SQLite)", report_seconds, SECONDS_TARGET,
               higher_is_better=False, detail=f"median of {REPEATS}, charts drawn each time"),
        Result("PDF request vs WeasyPrint alone on the same HTML", ratio, RATIO_TARGET,
               higher_is_better=False,
               detail=f"{report_seconds:.2f} s vs {render_seconds:.2f} s, {report_pages} pages; "
                      f"bare text {bare_seconds:.2f} s, {bare_pages} pages"),
    ]


if __name__ == "__main__":
    from bench.results import table

    print(table(run()))
