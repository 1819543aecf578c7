"""The results pages. The private token in the URL is the only key: anyone with the link sees the
report, so it is never linked from anywhere else, and pages and files are never kept in shared caches.
"""

from __future__ import annotations

from flask import (
    Response,
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError

from app.charts.results import chart_png, chart_spec, known_chart, remember_chart
from app.domain.report import Report, build_report, paragraphs
from app.extensions import limiter
from app.models import Assessment
from app.operations.assessment import find_by_token, start_reassessment
from app.questionnaires import active_questionnaire, library
from app.results import bp
from app.results.downloads import filename, results_csv, results_json
from app.results.format import format_score
from app.templating import current_locale

CHART_MAX_AGE = 3600


def load_assessment(token: str) -> Assessment:
    """The assessment of this token, set as g.assessment so the page speaks its language unless
    the visitor chose another; a friendly 404 page for a wrong or expired link."""
    assessment = find_by_token(token, current_app.config.get("DRAFT_LIFETIME_DAYS"))
    if assessment is None:
        abort(make_response(render_template("results/not_found.html"), 404))
    g.assessment = assessment
    return assessment


def load_submitted(token: str) -> Assessment:
    assessment = load_assessment(token)
    if not assessment.is_submitted:
        abort(404)
    return assessment


def questionnaire_of(assessment: Assessment):
    questionnaire = library().get(assessment.questionnaire_id, assessment.questionnaire_version)
    if questionnaire is None:
        current_app.logger.error("Questionnaire %s v%s is no longer served",
                                 assessment.questionnaire_id, assessment.questionnaire_version)
        abort(404)
    return questionnaire


def report_of(assessment: Assessment, questionnaire) -> Report:
    previous = assessment.previous
    before = previous.score_snapshot() if previous is not None else None
    return build_report(questionnaire, assessment.score_snapshot(), assessment.answer_values(),
                        before)


def resume_url(token: str) -> str | None:
    """The survey's resume page for a draft, when the survey serves one."""
    path = f"/resume/{token}"
    try:
        current_app.url_map.bind("").match(path, method="GET")
    except HTTPException:
        return None
    return path


def peer_comparison(assessment: Assessment, questionnaire, locale: str):
    """What the benchmarking area registered as app.extensions["peer_comparison"], if anything."""
    compare = current_app.extensions.get("peer_comparison")
    return compare(assessment, questionnaire, locale) if compare else None


@bp.route("/results/<token>")
def show(token: str):
    assessment = load_assessment(token)
    if not assessment.is_submitted:
        url = resume_url(token)
        return redirect(url) if url else render_template("results/not_submitted.html")
    questionnaire = questionnaire_of(assessment)
    locale = current_locale()
    return render_template(
        "results/show.html", token=token, assessment=assessment, questionnaire=questionnaire,
        report=report_of(assessment, questionnaire),
        scoring_paragraphs=paragraphs(questionnaire.scoring_method(locale)
                                      if questionnaire.scoring_method else ""),
        peers=peer_comparison(assessment, questionnaire, locale))


def chart_language() -> str:
    """The language the page asked for (?lang=), so a picture always matches its page."""
    lang = request.args.get("lang")
    return lang if lang in current_app.config["LANGUAGES"] else current_locale()


def spec_for(name: str, report: Report, locale: str) -> dict:
    with force_locale(locale):
        title = (_("Your digital maturity profile (0-100)") if name == "radar"
                 else _("Score by dimension (0-100)"))
        values = [format_score(r.score) if r.score is not None else _("no score")
                  for r in report.dimensions]
    labels = [r.dimension.title(locale) for r in report.dimensions]
    return chart_spec(title, labels, [r.score for r in report.dimensions], values)


@bp.route("/results/<token>/chart/<any(radar, bars):name>.png")
def chart(token: str, name: str):
    """The report is built only the first time a chart is asked for (see known_chart); the PNG
    itself is drawn once per content (cached_png)."""
    assessment = load_submitted(token)
    questionnaire = questionnaire_of(assessment)
    locale = chart_language()
    source = (assessment.id, assessment.submitted_at, questionnaire.key, name, locale)
    known = known_chart(source)
    if known is None:
        spec = spec_for(name, report_of(assessment, questionnaire), locale)
        known = remember_chart(source, name, spec)
    etag, spec = known
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        etag, png = chart_png(name, spec)
        response = Response(png, mimetype="image/png")
    response.set_etag(etag)
    response.cache_control.private = True
    response.cache_control.max_age = CHART_MAX_AGE
    if "lang" not in request.args:
        response.vary.update(("Accept-Language", "Cookie"))
    return response


def download(body: bytes, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/results/<token>/download.csv")
def download_csv(token: str):
    assessment = load_submitted(token)
    questionnaire = questionnaire_of(assessment)
    body = results_csv(assessment, questionnaire, report_of(assessment, questionnaire),
                       current_locale())
    return download(body, "text/csv", filename(assessment, "csv"))


@bp.route("/results/<token>/download.json")
def download_json(token: str):
    assessment = load_submitted(token)
    questionnaire = questionnaire_of(assessment)
    body = results_json(assessment, questionnaire, report_of(assessment, questionnaire))
    return download(body, "application/json", filename(assessment, "json"))


@bp.route("/results/<token>/again", methods=["POST"])
@limiter.limit("20 per hour")
def start_again(token: str):
    """A new draft prefilled with these answers, remembered in the session as the survey does; its
    results will show the change since this one."""
    from app.survey import respondent

    previous = load_submitted(token)
    questionnaire = active_questionnaire()
    assessment, new_token = start_reassessment(previous, questionnaire, current_locale(),
                                               address=request.remote_addr)
    respondent.remember(assessment, new_token, just_started=True)
    return redirect(first_page_url(questionnaire, new_token), 303)


def first_page_url(questionnaire, token: str) -> str:
    """The first dimension's page (the profile is already filled in from last time)."""
    try:
        return url_for("survey.page", step=questionnaire.dimensions[0].id)
    except BuildError:
        return resume_url(token) or url_for("results.show", token=token)
