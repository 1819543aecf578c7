"""The peer comparison chart of a results page (SVG), for the private and the read-only share link
alike. Like the page, it is opened by the token in its URL and never kept in shared caches; its
?group= is the page's, so the chart always shows the group the page shows."""

from __future__ import annotations

from flask import Blueprint, Response, abort, request
from flask_babel import force_locale
from flask_babel import gettext as _

from app.benchmark.comparison import PeerComparison, peer_comparison
from app.charts.peers import peer_chart_spec, peer_chart_svg
from app.locale import language_for

bp = Blueprint("benchmark", __name__)

CHART_MAX_AGE = 300


def sample_notice(comparison: PeerComparison) -> str:
    if comparison.samples_only:
        return _("Peers shown are illustrative sample data, not real results.")
    if comparison.includes_samples:
        return _("Peers include illustrative sample data, not real results.")
    return ""


def chart_spec(comparison: PeerComparison) -> dict:
    rows = []
    for row in comparison.rows:
        summary = row.summary
        rows.append({"label": row.title or _("Overall score"), "score": row.score,
                     "q1": summary.q1 if summary else None,
                     "median": summary.median if summary else None,
                     "q3": summary.q3 if summary else None})
    legend = {"score": _("Your score"), "median": _("Peer median"),
              "range": _("Middle half of peers (25th to 75th percentile)")}
    title = comparison.chosen.name if comparison.chosen else ""
    return peer_chart_spec(title, rows, legend, sample_notice(comparison))


def peers_svg(comparison: PeerComparison | None) -> bytes:
    if comparison is None or not comparison.available:
        return b""
    return peer_chart_svg(chart_spec(comparison))[1]


def _chart(viewer) -> Response:
    from app.results.access import questionnaire_of

    assessment = viewer.assessment
    questionnaire = questionnaire_of(assessment)
    locale = language_for(questionnaire, request.args.get("lang"))
    with force_locale(locale):
        comparison = peer_comparison(assessment, questionnaire, locale,
                                     request.args.get("group", "")[:40] or None)
        if comparison is None or not comparison.available:
            abort(404)
        svg = peers_svg(comparison)
    response = Response(svg, mimetype="image/svg+xml")
    response.cache_control.private = True
    response.cache_control.max_age = CHART_MAX_AGE
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.route("/results/<token>/chart/peers.svg")
def peers_chart(token: str):
    from app.results.access import private_viewer

    return _chart(private_viewer(token))


@bp.route("/shared/<token>/chart/peers.svg")
def shared_peers_chart(token: str):
    from app.results.access import shared_viewer

    return _chart(shared_viewer(token))
