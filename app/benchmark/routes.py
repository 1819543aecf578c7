"""The peer comparison chart of a results page. Like the page, it is opened by the private token in
its URL and never kept in shared caches."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, g, request
from flask_babel import force_locale
from flask_babel import gettext as _

from app.benchmark.comparison import PeerComparison, peer_comparison
from app.charts.peers import peer_chart_png, peer_chart_spec
from app.operations.assessment import find_by_token
from app.questionnaires import library
from app.templating import current_locale

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
    return peer_chart_spec(_("Your score compared with your peers (0-100)"), rows, legend,
                           sample_notice(comparison))


@bp.route("/results/<token>/chart/peers.png")
def peers_chart(token: str):
    assessment = find_by_token(token)
    if assessment is None or not assessment.is_submitted:
        abort(404)
    g.assessment = assessment
    questionnaire = library().get(assessment.questionnaire_id, assessment.questionnaire_version)
    if questionnaire is None:
        abort(404)
    lang = request.args.get("lang")
    locale = lang if lang in current_app.config["LANGUAGES"] else current_locale()
    with force_locale(locale):
        comparison = peer_comparison(assessment, questionnaire, locale)
        if comparison is None or not comparison.available:
            abort(404)
        _key, png = peer_chart_png(chart_spec(comparison))
    response = Response(png, mimetype="image/png")
    response.cache_control.private = True
    response.cache_control.max_age = CHART_MAX_AGE
    response.vary.update(("Accept-Language", "Cookie"))
    return response
