"""The staff downloads: the form (which file, codes or labels, language, CSV or Excel) and the
files themselves, for exactly what the filters select (app.export writes them)."""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Response, abort, render_template, request, stream_with_context
from flask_login import login_required

from app.export import FORMATS, KINDS, export_rows, export_sheets
from app.export.csvfile import csv_chunks
from app.export.xlsxfile import MIME_TYPE as XLSX_TYPE
from app.export.xlsxfile import file_chunks, spooled_xlsx
from app.locale import language_for, questionnaire_languages
from app.questionnaires import library
from app.staff import bp
from app.staff.filters import questionnaire_of
from app.staff.views import current_filters, filter_choices


@bp.route("/downloads")
@login_required
def downloads():
    """The download form: which file, codes or labels, which language, CSV or Excel, for exactly
    what the filters select."""
    filters = current_filters()
    questionnaire = questionnaire_of(filters, library())
    return render_template("staff/downloads.html", filters=filters,
                           choices=filter_choices(questionnaire), questionnaire=questionnaire,
                           export_args=filters.query_args(),
                           label_languages=questionnaire_languages(questionnaire))


@bp.route("/export")
@login_required
def export():
    """A file of exactly what the filters select: CSV streamed while it is read from the
    database, or XLSX written to a temporary file and streamed from there."""
    kind = request.args.get("kind", "wide")
    file_format = request.args.get("format", "csv")
    if kind not in KINDS or file_format not in FORMATS:
        abort(404)
    filters = current_filters()
    books = library()
    questionnaire = questionnaire_of(filters, books)
    labels = request.args.get("values") == "labels"
    individual = kind == "long" and request.args.get("individual") == "1"  # team members' own
    language = language_for(questionnaire, request.args.get("lang"))
    name = export_filename(kind, filters.version_key, labels, language, file_format)
    if individual:
        name = name.replace(f"-{kind}-", f"-{kind}-individual-", 1)
    if file_format == "xlsx":
        spool = spooled_xlsx(export_sheets(kind, filters.conditions(), questionnaire,
                                           books.regions, labels, language, individual))
        size = os.fstat(spool.fileno()).st_size
        response = Response(file_chunks(spool), mimetype=XLSX_TYPE)
        response.headers["Content-Length"] = str(size)
    else:
        rows = export_rows(kind, filters.conditions(), questionnaire, books.regions, labels,
                           language, individual=individual)
        response = Response(stream_with_context(csv_chunks(rows)), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def export_filename(kind: str, version_key: str, labels: bool, language: str,
                    file_format: str = "csv") -> str:
    """Only [a-z0-9.-] from our own identifiers, so the header needs no quoting."""
    values = "" if kind == "codebook" else (f"-labels-{language}" if labels else "-codes")
    today = datetime.now(UTC).date().isoformat()
    return f"assessments-{kind}-{version_key}{values}-{today}.{file_format}"
