"""Which charts a report shows and what each draws (app.charts holds the drawing): the radar of
the dimension scores (from three dimensions), with the previous assessment over it when it used the
same version, and the previous and current scores side by side for a re-assessment (the dimensions
both versions measure). The peer chart's spec is app.benchmark.routes `chart_spec`.
"""

from __future__ import annotations

from flask_babel import format_date
from flask_babel import gettext as _

from app.charts import results as drawing
from app.domain.report import Report
from app.models import Assessment
from app.results.access import report_of
from app.results.format import format_score

RADAR_FROM = 3  # dimensions


def available(report: Report) -> dict[str, bool]:
    return {"radar": len(report.dimensions) >= RADAR_FROM,
            "progress": report.comparable_previous}


def _legend(assessment: Assessment) -> dict[str, str]:
    previous = assessment.previous
    return {"now": _("This assessment"),
            "before": _("Previous assessment (%(date)s)",
                        date=format_date(previous.submitted_at, "long")) if previous else ""}


def spec_for(name: str, assessment: Assessment, report: Report) -> dict | None:
    """The chart's spec in the current locale, or None when the report shows no such chart."""
    if not available(report).get(name):
        return None
    if name == "radar":
        same = report.has_previous and not report.previous_version_differs
        return drawing.radar_spec([r.score for r in report.dimensions],
                                  [r.previous for r in report.dimensions] if same else None,
                                  _legend(assessment))
    compared = [r for r in report.dimensions if r.measured_before]
    return drawing.progress_spec(
        [r.dimension.title(_locale()) for r in compared], [r.score for r in compared],
        [r.previous for r in compared], [_value(r.score) for r in compared],
        [_value(r.previous) for r in compared], _legend(assessment))


def _value(score: float | None) -> str:
    return format_score(score) if score is not None else _("no score")


def _locale() -> str:
    from app.templating import current_locale

    return current_locale()


def chart_for(name: str, assessment: Assessment, questionnaire, locale: str):
    """(etag, spec) of a chart, remembered by where it came from: a submitted assessment's scores
    never change, so the report is built only the first time (the targets and the previous
    assessment are fixed too once this one is submitted)."""
    source = (assessment.id, assessment.submitted_at, questionnaire.key, name, locale)
    known = drawing.known_chart(source)
    if known is None:
        spec = spec_for(name, assessment, report_of(assessment, questionnaire))
        if spec is None:
            return None
        known = drawing.remember_chart(source, name, spec)
    return known


def draw(name: str, spec: dict) -> tuple[str, bytes]:
    return drawing.chart_svg(name, spec)


def chart_bytes(name: str, assessment: Assessment, questionnaire, report: Report, peers,
                locale: str) -> bytes:
    """A chart's SVG for the PDF (drawn in the page's locale, from the report already built)."""
    if name == "peers":
        from app.benchmark.routes import peers_svg

        return peers_svg(peers)
    spec = spec_for(name, assessment, report)
    return b"" if spec is None else draw(name, spec)[1]
