"""The organization's own answers and scores as a CSV or JSON file.

One assessment is a few hundred rows at most, so the files are built in memory. Labels are in the
page's language; section and id columns are stable identifiers a spreadsheet can filter on.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import gettext as _

from app.domain.answers import AnsweredQuestion
from app.domain.questionnaire import Questionnaire
from app.domain.report import Report
from app.export.csvfile import csv_chunks
from app.models import Assessment
from app.models.time import as_utc

CSV_HEADER = ("section", "id", "label", "value")


def answer_text(answer: AnsweredQuestion, locale: str) -> str:
    return "; ".join(answer.lines(locale, _("Not applicable")))


def _score(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def csv_rows(assessment: Assessment, questionnaire: Questionnaire, report: Report, locale: str):
    yield CSV_HEADER
    for answer in report.profile:
        yield "profile", answer.question.id, answer.question.text(locale), answer_text(answer, locale)
    yield ("assessment", "questionnaire", _("Questionnaire"),
           f"{questionnaire.title(locale)} ({questionnaire.id} v{questionnaire.version})")
    yield "assessment", "submitted_at", _("Submitted on"), assessment.submitted_at.date().isoformat()
    yield "assessment", "locale", _("Language"), assessment.locale
    yield "score", "overall", _("Overall score"), _score(report.overall)
    yield "score", "stage", _("Stage"), report.stage.name(locale) if report.stage else ""
    if report.overall_change is not None:
        yield "change", "overall", _("Overall score"), _score(report.overall_change)
    for result in report.dimensions:
        yield "dimension", result.dimension.id, result.dimension.title(locale), _score(result.score)
    for result in report.dimensions:
        if result.change is not None:
            yield "change", result.dimension.id, result.dimension.title(locale), _score(result.change)
    for result in report.dimensions:
        for item in result.contributions:
            answer = item.answer
            yield "answer", answer.question.id, answer.question.text(locale), answer_text(answer, locale)
            if item.counted:
                yield ("points", answer.question.id, answer.question.text(locale),
                       _score(item.contribution.points))


def results_csv(assessment: Assessment, questionnaire: Questionnaire, report: Report,
                locale: str) -> bytes:
    """The staff exports' writer: UTF-8 with a byte-order mark, so spreadsheets read accents
    right; every piece of every text cell made safe against formulas, numbers left numbers."""
    return b"".join(csv_chunks(csv_rows(assessment, questionnaire, report, locale)))


def results_json(assessment: Assessment, questionnaire: Questionnaire, report: Report) -> bytes:
    """The stored values as they are: scores unrounded, answers as raw option ids."""
    document: dict[str, Any] = {
        "organization": assessment.profile,
        "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
        "locale": assessment.locale,
        "submitted_at": as_utc(assessment.submitted_at).isoformat(),
        "overall": report.overall,
        "stage": report.stage.id if report.stage else None,
        "dimensions": {r.dimension.id: r.score for r in report.dimensions},
        "answers": assessment.answer_values(),
    }
    if report.has_previous:
        document["change"] = {
            "overall": report.overall_change,
            "dimensions": {r.dimension.id: r.change for r in report.dimensions},
        }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


def filename(assessment: Assessment, extension: str) -> str:
    """ASCII only, no organization name: safe in any header and any file system."""
    return (f"digital-maturity-results-{assessment.questionnaire_id}-v"
            f"{assessment.questionnaire_version}-{assessment.submitted_at.date().isoformat()}"
            f".{extension}")
