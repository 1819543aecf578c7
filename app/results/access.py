"""Who is looking at a report, and the links its page may show them.

Two links open a submitted assessment's report: the private link (the resume token: the report,
its downloads, starting again, sharing and targets) and the read-only share link (`/shared/...`:
the report and its PDF only). A `Viewer` is one of them; every URL the report page shows is built
through its `Links`, so a shared page can never link to what only the private link opens.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass

from flask import abort, current_app, g, make_response, render_template, url_for
from sqlalchemy import select

from app.domain.questionnaire import Questionnaire
from app.domain.report import Report, build_report
from app.extensions import db
from app.models import Assessment, AssessmentStatus, Source
from app.operations.assessment import find_by_token
from app.operations.follow_up import find_by_share_token, targets_of
from app.questionnaires import library


@dataclass(frozen=True)
class Viewer:
    assessment: Assessment
    token: str
    shared: bool  # opened by the read-only share link

    @property
    def private(self) -> bool:
        return not self.shared


@dataclass
class Links:
    """The URLs of one rendering of the report: in a browser, the chart routes; in the PDF, the
    charts themselves as data: URIs (`inline` draws them)."""

    viewer: Viewer
    locale: str
    group: str | None = None
    inline: Callable[[str], bytes] | None = None

    def _url(self, endpoint: str, **args) -> str:
        prefix = "shared_" if self.viewer.shared else ""
        return url_for(f"{endpoint.split('.')[0]}.{prefix}{endpoint.split('.')[1]}",
                       token=self.viewer.token, **args)

    def page(self, group: str | None = None) -> str:
        return self._url("results.show", **({"group": group} if group else {}))

    def chart(self, name: str) -> str:
        if self.inline is not None:
            return "data:image/svg+xml;base64," + base64.b64encode(self.inline(name)).decode()
        args = {"group": self.group} if name == "peers" and self.group else {}
        endpoint = "benchmark.peers_chart" if name == "peers" else "results.chart"
        return self._url(endpoint, **({"name": name} if name != "peers" else {}), lang=self.locale,
                         **args)

    def pdf(self) -> str:
        return self._url("results.pdf_report", **({"group": self.group} if self.group else {}),
                         lang=self.locale)


def not_found():
    abort(make_response(render_template("results/not_found.html"), 404))


def private_viewer(token: str, submitted: bool = True) -> Viewer:
    """The viewer of a private link, set as g.assessment so the page speaks its language unless
    the visitor chose another; a friendly 404 for a wrong or expired link (and, when `submitted`,
    for a draft, and for a team member's own answers, which have no report: app/team shows them)."""
    assessment = find_by_token(token, current_app.config.get("DRAFT_LIFETIME_DAYS"))
    if assessment is None or (assessment.source == Source.TEAM_MEMBER.value and submitted):
        not_found()
    g.assessment = assessment
    if submitted and not assessment.is_submitted:
        abort(404)
    return Viewer(assessment, token, shared=False)


def shared_viewer(token: str) -> Viewer:
    assessment = find_by_share_token(token)
    if assessment is None:
        not_found()
    g.assessment = assessment
    return Viewer(assessment, token, shared=True)


def questionnaire_of(assessment: Assessment) -> Questionnaire:
    questionnaire = library().get(assessment.questionnaire_id, assessment.questionnaire_version)
    if questionnaire is None:
        current_app.logger.error("Questionnaire %s v%s is no longer served",
                                 assessment.questionnaire_id, assessment.questionnaire_version)
        abort(404)
    return questionnaire


def report_of(assessment: Assessment, questionnaire: Questionnaire) -> Report:
    """The report, with the change since the previous assessment (of whichever version) and
    progress against the targets set after it."""
    previous = assessment.previous
    if previous is None or not previous.is_submitted:
        return build_report(questionnaire, assessment.score_snapshot(), assessment.answer_values())
    return build_report(questionnaire, assessment.score_snapshot(), assessment.answer_values(),
                        previous.score_snapshot(), previous.questionnaire_key, targets_of(previous))


def newer_assessment(assessment: Assessment) -> Assessment | None:
    """The organization's latest assessment submitted after this one, of any version (a team
    member's own answers are never one)."""
    return db.session.scalar(
        select(Assessment)
        .where(Assessment.organization_id == assessment.organization_id,
               Assessment.status == AssessmentStatus.SUBMITTED.value,
               Assessment.source != Source.TEAM_MEMBER.value,
               Assessment.submitted_at > assessment.submitted_at, Assessment.id != assessment.id)
        .order_by(Assessment.submitted_at.desc(), Assessment.id.desc()).limit(1))
