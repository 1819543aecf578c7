"""Dashboard, assessments and exports: open to every signed-in staff member."""

from __future__ import annotations

from dataclasses import replace

from flask import Response, abort, render_template, request
from flask_login import login_required

from app.benchmark.queries import OVERALL
from app.charts.dashboard import CHARTS, dashboard_svg
from app.domain.numerals import whole_number
from app.extensions import db
from app.models import Assessment, Trust
from app.operations.rounds import invitation_of
from app.questionnaires import library
from app.staff import bp, dashboard, queries, queue
from app.staff.filters import questionnaire_of
from app.staff.forms import ExcludeForm, VerifyForm
from app.staff.history import organization_history
from app.staff.listing import parse_sort, required_count
from app.staff.views import (
    answer_lines,
    current_filters,
    filter_choices,
    label_vocabulary,
    organization_label,
    percent,
    profile_rows,
    role_label,
    source_label,
    status_label,
    threshold,
    trust_label,
)

PAGE_SIZE = 50


@bp.context_processor
def staff_helpers():
    """What the staff templates use; the auth blueprint's pages (sign-in, password) share the
    staff layout, so they get it too (app/auth/__init__.py)."""
    return {"source_label": source_label, "status_label": status_label,
            "trust_label": trust_label, "organization_label": organization_label,
            "profile_rows": profile_rows, "role_label": role_label, "percent": percent,
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
    scores = dashboard.scores(filters, books, k)
    stages = dashboard.stages(filters, books, k)
    months = queries.months(filters, k, dashboard.samples_mode())
    return render_template(
        "staff/dashboard.html", filters=filters, choices=filter_choices(questionnaire),
        questionnaire=questionnaire, threshold=k, counts=queries.counts(filters), scores=scores,
        stages=stages, months=months, notes=dashboard.group_notes(scores, k),
        median=scores.totals.get(OVERALL), charts=CHARTS)


@bp.route("/charts/<name>.svg")
@login_required
def chart(name: str):
    if name not in CHARTS:
        abort(404)
    spec = dashboard.chart_spec(name, dashboard_filters(), library(), threshold())
    if spec is None:
        abort(404)
    _key, svg = dashboard_svg(name, spec)
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "private, max-age=60"
    return response


def page_number(total: int) -> int:
    """The requested page, clamped to the pages there are (any junk means page 1)."""
    last = max(1, -(-total // PAGE_SIZE))
    page = whole_number(request.args.get("page")) or 1
    return min(max(page, 1), last)


@bp.route("/assessments")
@login_required
def assessments():
    """The list: the filters, sorted by any column (`sort`, read by app.staff.listing), 50 a
    page."""
    filters = current_filters()
    sort = parse_sort(request.args.get("sort"))
    total = queries.assessment_count(filters)
    page = page_number(total)
    questionnaire = questionnaire_of(filters, library())
    rows = queries.assessment_page(filters, questionnaire, sort, page, PAGE_SIZE)
    choices = filter_choices(questionnaire)
    stages = {s.id: s.name for s in questionnaire.stages}
    return render_template(
        "staff/assessments.html", filters=filters, choices=choices, rows=rows, total=total,
        page=page, pages=max(1, -(-total // PAGE_SIZE)), sort=sort, stages=stages,
        required=required_count(questionnaire), countries=dict(choices.countries))


@bp.route("/organizations/<int:organization_id>")
@login_required
def organization(organization_id: int):
    """Every assessment of one organization, with scores, changes, stage and trust."""
    return render_template("staff/organization.html",
                           history=organization_history(organization_id, library()))


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
                           invitation=invitation_of(found.id),
                           signs=queue.signs(found) if found.trust == Trust.PENDING else None,
                           verify_form=VerifyForm(), exclude_form=ExcludeForm(),
                           unknown_answers=sorted(set(answers) - {
                               q.id for q in (questionnaire.questions if questionnaire else ())}),
                           raw_answers=answers)
