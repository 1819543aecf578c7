"""Dashboard, assessments and exports: open to every signed-in staff member."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from flask import Response, abort, render_template, request, stream_with_context
from flask_login import login_required

from app.charts.dashboard import BOXES, HEATMAP, STAGES, TIMELINE, dashboard_png
from app.export import KINDS, export_rows
from app.export.csvfile import csv_chunks
from app.extensions import db
from app.locale import language_for
from app.models import Assessment, Trust
from app.questionnaires import library
from app.staff import bp, dashboard, queries, queue
from app.staff.filters import questionnaire_of
from app.staff.forms import ExcludeForm, VerifyForm
from app.staff.views import (
    answer_lines,
    current_filters,
    filter_choices,
    label_vocabulary,
    organization_label,
    profile_rows,
    source_label,
    status_label,
    threshold,
    trust_label,
)

CHARTS = {"heatmap": HEATMAP, "boxes": BOXES, "stages": STAGES, "timeline": TIMELINE}
PAGE_SIZE = 50


@bp.context_processor
def staff_helpers():
    return {"source_label": source_label, "status_label": status_label,
            "trust_label": trust_label, "organization_label": organization_label,
            "profile_rows": profile_rows,
            "number": dashboard.number}


def dashboard_filters():
    """The dashboard's statistics ignore the list's status and name search."""
    return replace(current_filters(), status=None, search=None)


@bp.route("/", endpoint="dashboard")
@login_required
def dashboard_page():
    filters = dashboard_filters()
    books, k = library(), threshold()
    questionnaire = questionnaire_of(filters, books)
    return render_template(
        "staff/dashboard.html", filters=filters, choices=filter_choices(questionnaire),
        questionnaire=questionnaire, threshold=k, counts=queries.counts(filters),
        scores=dashboard.scores(filters, books, k), stages=dashboard.stages(filters, books, k),
        months=queries.months(filters, k), blank_reason=dashboard.blank_reason(k),
        export_args=filters.query_args(status="submitted"))


@bp.route("/charts/<name>.png")
@login_required
def chart(name: str):
    if name not in CHARTS:
        abort(404)
    spec = dashboard.chart_spec(CHARTS[name], dashboard_filters(), library(), threshold())
    _key, png = dashboard_png(CHARTS[name], spec)
    response = Response(png, mimetype="image/png")
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def page_number(total: int) -> int:
    """The requested page, clamped to the pages there are (any junk means page 1)."""
    last = max(1, -(-total // PAGE_SIZE))
    raw = request.args.get("page", "1")
    page = int(raw) if raw.isdigit() and len(raw) < 10 else 1
    return min(max(page, 1), last)


@bp.route("/assessments")
@login_required
def assessments():
    filters = current_filters()
    total = queries.assessment_count(filters)
    page = page_number(total)
    rows = queries.assessment_page(filters, page, PAGE_SIZE)
    questionnaire = questionnaire_of(filters, library())
    return render_template(
        "staff/assessments.html", filters=filters, choices=filter_choices(questionnaire),
        rows=rows, total=total, page=page, pages=max(1, -(-total // PAGE_SIZE)),
        countries=dict(filter_choices(questionnaire).countries))


@bp.route("/assessments/<int:assessment_id>")
@login_required
def assessment(assessment_id: int):
    found = db.get_or_404(Assessment, assessment_id)
    questionnaire = library().get(found.questionnaire_id, found.questionnaire_version)
    history = queries.history(found.organization_id)
    answers = found.answer_values()
    sections = []
    if questionnaire is not None:
        vocabulary = label_vocabulary(questionnaire)
        groups = [(None, questionnaire.profile_questions)] + [
            (d, questionnaire.questions_in(d.id)) for d in questionnaire.dimensions]
        for dimension, questions in groups:
            sections.append((dimension, [
                (q, answer_lines(q, answers[q.id], vocabulary) if q.id in answers else None)
                for q in questions]))
    snapshot = found.score_snapshot()
    scores = snapshot.dimensions if snapshot is not None else {}
    return render_template("staff/assessment.html", assessment=found, questionnaire=questionnaire,
                           sections=sections, scores=scores, history=history,
                           profile=profile_rows(found, questionnaire),
                           signs=queue.signs(found) if found.trust == Trust.PENDING else None,
                           verify_form=VerifyForm(), exclude_form=ExcludeForm(),
                           unknown_answers=sorted(set(answers) - {
                               q.id for q in (questionnaire.questions if questionnaire else ())}),
                           raw_answers=answers)


@bp.route("/export")
@login_required
def export():
    """A CSV of exactly what the filters select, streamed while it is read from the database."""
    kind = request.args.get("kind", "wide")
    if kind not in KINDS:
        abort(404)
    filters = current_filters()
    books = library()
    questionnaire = questionnaire_of(filters, books)
    labels = request.args.get("values") == "labels"
    language = language_for(questionnaire, request.args.get("lang"))
    rows = export_rows(kind, filters.conditions(), questionnaire, books.regions, labels, language)
    name = export_filename(kind, filters.version_key, labels, language)
    response = Response(stream_with_context(csv_chunks(rows)), mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def export_filename(kind: str, version_key: str, labels: bool, language: str) -> str:
    """Only [a-z0-9.-] from our own identifiers, so the header needs no quoting."""
    values = "" if kind == "codebook" else (f"-labels-{language}" if labels else "-codes")
    today = datetime.now(UTC).date().isoformat()
    return f"assessments-{kind}-{version_key}{values}-{today}.csv"
