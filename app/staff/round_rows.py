"""What the rounds pages show: each invitation's stage with its dates, the share of the
questionnaire answered (app/survey/effort.py `progress`, as the respondent's own pages count it),
the latest e-mail about it, and each round's totals."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select

from app.domain.questionnaire import Questionnaire
from app.domain.rounds import InvitationStage, RoundState, invitation_stage
from app.extensions import db
from app.models import Answer, Assessment, AssessmentRound, AssessmentStatus, Invitation
from app.models.message import OutgoingMessage
from app.operations.messages import latest_by_subject
from app.operations.rounds import SUBJECT_KIND
from app.results.format import format_share
from app.survey.effort import Progress, progress

STAGE_ORDER = tuple(InvitationStage)
STAGE_LABELS = {
    InvitationStage.ADDED.value: _l("Not invited yet"),
    InvitationStage.INVITED.value: _l("Invited"),
    InvitationStage.OPENED.value: _l("Opened"),
    InvitationStage.IN_PROGRESS.value: _l("In progress"),
    InvitationStage.SUBMITTED.value: _l("Submitted"),
}
SAMPLE_ROUND_NAME = _l("Sample round (demo data)")


def round_label(round_: AssessmentRound) -> str:
    """A round's name as staff read it: the demo's sample round in the page's language."""
    return str(SAMPLE_ROUND_NAME) if round_.sample else round_.name


STATE_LABELS = {RoundState.NOT_YET_OPEN.value: _l("Not open yet"), RoundState.OPEN.value: _l("Open"),
                RoundState.CLOSED.value: _l("Closed")}


@dataclass(frozen=True)
class InvitationRow:
    invitation: Invitation
    stage: InvitationStage
    started_at: datetime | None
    submitted_at: datetime | None
    progress: Progress | None  # a draft's; None before it is started
    message: OutgoingMessage | None  # the latest e-mail about it

    @property
    def percent(self) -> str | None:
        """The share answered in the page's number format; a submitted one has answered all."""
        if self.submitted_at is not None:
            return format_share(1.0)
        return self.progress.percent if self.progress is not None else None

    def reached(self, stage: InvitationStage) -> bool:
        return STAGE_ORDER.index(self.stage) >= STAGE_ORDER.index(stage)


def invitation_rows(round_: AssessmentRound, questionnaire: Questionnaire | None,
                    locale: str) -> list[InvitationRow]:
    invitations = list(round_.invitations)
    ids = [i.assessment_id for i in invitations if i.assessment_id]
    assessments = {a.id: a for a in db.session.scalars(
        select(Assessment).where(Assessment.id.in_(ids)))} if ids else {}
    answers: dict[int, dict] = defaultdict(dict)
    if ids:
        for assessment_id, question_id, value in db.session.execute(
                select(Answer.assessment_id, Answer.question_id, Answer.value)
                .where(Answer.assessment_id.in_(ids))):
            answers[assessment_id][question_id] = value
    messages = latest_by_subject(SUBJECT_KIND, [i.id for i in invitations])
    rows = []
    for invitation in invitations:
        assessment = assessments.get(invitation.assessment_id)
        done = assessment is not None and assessment.is_submitted
        shown = (progress(questionnaire, answers[assessment.id], locale)
                 if assessment is not None and questionnaire is not None else None)
        rows.append(InvitationRow(
            invitation, invitation_stage(invitation.invited_at is not None,
                                         invitation.opened_at is not None, assessment is not None,
                                         done),
            assessment.created_at if assessment else None,
            assessment.submitted_at if assessment else None, shown, messages.get(invitation.id)))
    return rows


def stage_totals(rows: list[InvitationRow]) -> dict[str, int]:
    """How many invitations reached each stage (an opened one was invited too, and so on)."""
    return {stage.value: sum(1 for row in rows if row.reached(stage)) for stage in STAGE_ORDER}


@dataclass(frozen=True)
class RoundLine:
    round: AssessmentRound
    organizations: int
    invited: int
    started: int
    submitted: int


def round_lines() -> list[RoundLine]:
    """Every round, newest first, with its totals (one GROUP BY)."""
    submitted = case((Assessment.status == AssessmentStatus.SUBMITTED.value, 1), else_=0)
    totals = {row[0]: row[1:] for row in db.session.execute(
        select(Invitation.round_id, func.count(Invitation.id), func.count(Invitation.invited_at),
               func.count(Invitation.assessment_id), func.coalesce(func.sum(submitted), 0))
        .outerjoin(Assessment, Assessment.id == Invitation.assessment_id)
        .group_by(Invitation.round_id))}
    rounds = db.session.scalars(select(AssessmentRound).order_by(AssessmentRound.opens_on.desc(),
                                                                AssessmentRound.id.desc()))
    return [RoundLine(r, *(int(n) for n in totals.get(r.id, (0, 0, 0, 0)))) for r in rounds]
