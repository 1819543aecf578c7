"""The results pages. The private token in the URL is the only key: anyone with the link sees the
report, so it is never linked from anywhere else, and pages and files are never kept in shared caches.
The read-only share link (`/shared/<token>`) opens the same report without what only the private
link may do (app.results.access).
"""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import force_locale
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError

from app.domain.priorities import PRIORITY_COUNT
from app.domain.report import paragraphs
from app.extensions import limiter
from app.locale import language_for, page_languages, wanted_language
from app.models import Source
from app.operations.assessment import start_reassessment
from app.operations.follow_up import share_link_of, targets_of
from app.questionnaires import active_questionnaire
from app.results import bp, charts, pdf
from app.results.access import (
    Links,
    Viewer,
    newer_assessment,
    private_viewer,
    questionnaire_of,
    report_of,
    shared_viewer,
)
from app.results.downloads import filename, results_csv, results_json
from app.templating import current_locale

CHART_MAX_AGE = 3600


def resume_url(token: str) -> str | None:
    """The survey's resume page for a draft, when the survey serves one."""
    path = f"/resume/{token}"
    try:
        current_app.url_map.bind("").match(path, method="GET")
    except HTTPException:
        return None
    return path


def peer_comparison(assessment, questionnaire, locale: str, group: str | None):
    """What the benchmarking area registered as app.extensions["peer_comparison"], if anything."""
    compare = current_app.extensions.get("peer_comparison")
    return compare(assessment, questionnaire, locale, group=group) if compare else None


def requested_group() -> str | None:
    group = request.args.get("group", "")
    return group[:40] or None


def render_report(viewer: Viewer, locale: str, for_pdf: bool = False, **extra) -> str:
    """The report page's HTML, for the browser or (for_pdf) for the PDF renderer; `extra` adds
    to the template's context (the targets form's errors)."""
    assessment = viewer.assessment
    questionnaire = questionnaire_of(assessment)
    report = report_of(assessment, questionnaire)
    group = requested_group()
    peers = peer_comparison(assessment, questionnaire, locale, group)
    chosen = peers.chosen.key if peers is not None and peers.chosen is not None else None
    links = Links(viewer, locale, group=chosen if chosen and group else None)
    if for_pdf:
        links.inline = lambda name: charts.chart_bytes(name, assessment, questionnaire, report,
                                                        peers, locale)
    newer = newer_assessment(assessment) if viewer.private else None
    return render_template(
        "results/show.html", viewer=viewer, links=links, assessment=assessment,
        questionnaire=questionnaire, report=report, peers=peers, for_pdf=for_pdf,
        scoring_paragraphs=paragraphs(questionnaire.scoring_method(locale)
                                      if questionnaire.scoring_method else ""),
        priority_count=PRIORITY_COUNT, newer=newer,
        pdf_unavailable=pdf.unavailable(),
        share_link=share_link_of(assessment) if viewer.private else None,
        share_token=follow_up_session_token(assessment.id) if viewer.private else None,
        targets=targets_of(assessment) if viewer.private else {},
        charts=charts.available(report), **{"target_errors": {}, "target_values": None, **extra})


def follow_up_session_token(assessment_id: int) -> str | None:
    from app.results.follow_up import remembered_share_token

    return remembered_share_token(assessment_id)


@bp.route("/results/<token>")
def show(token: str):
    viewer = private_viewer(token, submitted=False)
    if viewer.assessment.source == Source.TEAM_MEMBER.value:  # a colleague's own answers
        return redirect(url_for("team.answers", token=token), 303)
    if not viewer.assessment.is_submitted:
        url = resume_url(token)
        return redirect(url) if url else render_template("results/not_submitted.html")
    return render_report(viewer, current_locale())


@bp.route("/shared/<token>")
def shared_show(token: str):
    return render_report(shared_viewer(token), current_locale())


def chart_language() -> str:
    """The language the page asked for (?lang=), so a picture always matches its page."""
    lang = request.args.get("lang")
    return lang if lang in page_languages() else current_locale()


def chart_response(viewer: Viewer, name: str) -> Response:
    """The report is built only the first time a chart is asked for (charts.known_chart); the SVG
    itself is drawn once per content."""
    assessment = viewer.assessment
    questionnaire = questionnaire_of(assessment)
    locale = chart_language()
    with force_locale(locale):
        found = charts.chart_for(name, assessment, questionnaire, locale)
    if found is None:
        return Response(status=404)
    etag, spec = found
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        etag, svg = charts.draw(name, spec)
        response = Response(svg, mimetype="image/svg+xml")
    response.set_etag(etag)
    response.cache_control.private = True
    response.cache_control.max_age = CHART_MAX_AGE
    if "lang" not in request.args:
        response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.route("/results/<token>/chart/<any(radar, progress):name>.svg")
def chart(token: str, name: str):
    return chart_response(private_viewer(token), name)


@bp.route("/shared/<token>/chart/<any(radar, progress):name>.svg")
def shared_chart(token: str, name: str):
    return chart_response(shared_viewer(token), name)


def pdf_response(viewer: Viewer) -> Response:
    reason = pdf.unavailable()
    if reason is not None:
        return Response(render_template("results/pdf_unavailable.html", viewer=viewer), 503,
                        mimetype="text/html")
    locale = chart_language()
    with force_locale(locale):
        html = render_report(viewer, locale, for_pdf=True)
    body = pdf.render_pdf(html, request.host_url)
    return download(body, "application/pdf", filename(viewer.assessment, "pdf"))


PDF_LIMIT = "20 per minute"  # a PDF costs about a second of a worker


@bp.route("/results/<token>/report.pdf")
@limiter.limit(PDF_LIMIT)
def pdf_report(token: str):
    return pdf_response(private_viewer(token))


@bp.route("/shared/<token>/report.pdf")
@limiter.limit(PDF_LIMIT)
def shared_pdf_report(token: str):
    return pdf_response(shared_viewer(token))


def download(body: bytes, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/results/<token>/download.csv")
def download_csv(token: str):
    assessment = private_viewer(token).assessment
    questionnaire = questionnaire_of(assessment)
    body = results_csv(assessment, questionnaire, report_of(assessment, questionnaire),
                       current_locale())
    return download(body, "text/csv", filename(assessment, "csv"))


@bp.route("/results/<token>/download.json")
def download_json(token: str):
    assessment = private_viewer(token).assessment
    questionnaire = questionnaire_of(assessment)
    body = results_json(assessment, questionnaire, report_of(assessment, questionnaire))
    return download(body, "application/json", filename(assessment, "json"))


@bp.route("/results/<token>/again", methods=["POST"])
@limiter.limit("20 per hour")
def start_again(token: str):
    """A new draft prefilled with these answers, remembered in the session as the survey does; its
    results will show the change since this one."""
    from app.survey import respondent

    previous = private_viewer(token).assessment
    questionnaire = active_questionnaire()
    # In the visitor's language when the new version has it (a v1 page may not have been).
    locale = language_for(questionnaire, wanted_language() or current_locale())
    assessment, new_token = start_reassessment(previous, questionnaire, locale,
                                               address=request.remote_addr)
    respondent.remember(assessment, new_token, just_started=True)
    return redirect(first_page_url(questionnaire, new_token), 303)


def first_page_url(questionnaire, token: str) -> str:
    """The first dimension's page (the profile is already filled in from last time)."""
    try:
        return url_for("survey.page", step=questionnaire.dimensions[0].id)
    except BuildError:
        return resume_url(token) or url_for("results.show", token=token)


@bp.route("/results/<token>/newer")
def newer(token: str):
    """The organization's newer results, opened only for the browser that holds that assessment
    (its session: it was started or resumed here); anyone else is told to use its own link. No
    other assessment's token is ever put in a page or a URL."""
    from app.survey import respondent

    viewer = private_viewer(token)
    found = newer_assessment(viewer.assessment)
    if found is None:
        return redirect(url_for("results.show", token=token), 303)
    held = respondent.token()
    if held and session.get(respondent.ASSESSMENT_KEY) == found.id:
        return redirect(url_for("results.show", token=held), 303)
    return render_template("results/newer.html", viewer=viewer, newer=found), 200
