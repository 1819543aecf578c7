"""The writes of a team assessment (issue 17): start a team from a draft, invite colleagues, put
the team's proposals into the organization's answers, keep the notes on why.

The coordinator's draft is the organization's assessment: it becomes the agreed answers and is
submitted with the normal submit. Starting a team also gives the coordinator a member entry of
their own (their role, their individual answers starting as a copy of what the draft had), so
their view is compared like every colleague's. Each colleague's answers are an assessment of
source "team_member" (app.domain.provenance: never a result), their personal link its private
token, their profile answers copied from the draft so nobody retypes the organization's name.

At most MAX_COLLEAGUES colleagues besides the coordinator: the invitation counts them while
holding the team's row (`begin_locked` and SELECT ... FOR UPDATE), so parallel requests cannot
pass the limit; the form's one-time id (unique per team) makes a double click invite once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from app.database import begin_locked
from app.domain.agreement import MemberAnswers, TeamComparison, compare_team
from app.domain.questionnaire import Questionnaire
from app.extensions import db
from app.models import Answer, Assessment, AssessmentStatus, Source
from app.models.team import MAX_NOTE_LENGTH, MAX_ROLE_LENGTH, Team, TeamMember, TeamNote
from app.models.time import as_utc, utcnow
from app.operations.assessment import save_answers
from app.operations.messages import queue_message

MIN_COLLEAGUES = 2  # advised on the page; the coordinator may start with fewer
MAX_COLLEAGUES = 8


class TeamRefused(ValueError):
    """A team write that cannot be done; `code` says why: "member" (a colleague's own answers
    cannot start a team), "submitted", "full", "role" (blank or too long)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


# -- reading ---------------------------------------------------------------------------------------
def team_of(assessment: Assessment | None) -> Team | None:
    """The team whose organization's assessment this is (the coordinator's), if any."""
    if assessment is None:
        return None
    return db.session.scalar(select(Team).filter_by(assessment_id=assessment.id))


def membership_of(assessment: Assessment | None) -> TeamMember | None:
    """The member entry whose own answers this assessment is, if any."""
    if assessment is None or assessment.source != Source.TEAM_MEMBER.value:
        return None
    return db.session.scalar(select(TeamMember).filter_by(assessment_id=assessment.id))


def colleague_count(team: Team) -> int:
    return db.session.scalar(select(func.count(TeamMember.id)).where(
        TeamMember.team_id == team.id, TeamMember.is_coordinator.is_(False))) or 0


def coordinator_entry(team: Team) -> TeamMember | None:
    return next((m for m in team.members if m.is_coordinator), None)


def submitted_members(team: Team) -> list[TeamMember]:
    """The members who have submitted; once the organization's answers are submitted, only
    those who had submitted by then (what the team agreed from)."""
    until = team.assessment.submitted_at
    return [m for m in team.members if m.assessment.is_submitted
            and (until is None or as_utc(m.assessment.submitted_at) <= as_utc(until))]


def compare(team: Team, questionnaire: Questionnaire) -> TeamComparison:
    """The comparison of every member who has submitted (pending ones are left out)."""
    return compare_team(questionnaire, [
        MemberAnswers(str(m.id), m.role, m.assessment.answer_values())
        for m in submitted_members(team)])


def notes_of(team: Team) -> dict[str, str]:
    return {n.question_id: n.note for n in team.notes}


def clean_role(role: str | None) -> str:
    text = " ".join((role or "").split())
    if not text or len(text) > MAX_ROLE_LENGTH:
        raise TeamRefused("role")
    return text


# -- writing ---------------------------------------------------------------------------------------
def _member_assessment(organization_assessment: Assessment, questionnaire: Questionnaire,
                       locale: str, answers: Mapping[str, Any]) -> tuple[Assessment, str]:
    """A colleague's own draft: same organization and version, the given answers, their profile."""
    member = Assessment(organization_id=organization_assessment.organization_id,
                        questionnaire_id=questionnaire.id,
                        questionnaire_version=questionnaire.version, locale=locale,
                        source=Source.TEAM_MEMBER.value, current_step=None,
                        **questionnaire.profile(answers))
    member.answers = [Answer(question_id=k, value=v) for k, v in answers.items()]
    token = member.issue_token()
    db.session.add(member)
    return member, token


def _profile_answers(assessment: Assessment, questionnaire: Questionnaire) -> dict[str, Any]:
    answers = assessment.answer_values()
    return {q.id: answers[q.id] for q in questionnaire.profile_questions if q.id in answers}


def start_team(assessment: Assessment, questionnaire: Questionnaire, role: str) -> Team:
    """Make the draft a team assessment with the coordinator as its first member (their own
    answers a copy of the draft's). Starting it twice (a double click) returns the first team."""
    role = clean_role(role)
    if assessment.source == Source.TEAM_MEMBER.value:
        raise TeamRefused("member")
    if assessment.is_submitted:
        raise TeamRefused("submitted")
    existing = team_of(assessment)
    if existing is not None:
        return existing
    team = Team(assessment_id=assessment.id)
    own, _token = _member_assessment(assessment, questionnaire, assessment.locale,
                                     assessment.answer_values())
    team.members.append(TeamMember(role=role, is_coordinator=True, assessment=own))
    db.session.add(team)
    try:
        db.session.commit()
    except IntegrityError:  # a parallel request started it first
        db.session.rollback()
        return team_of(assessment)
    return team


def invite(team: Team, questionnaire: Questionnaire, role: str, locale: str,
           request_key: str | None) -> tuple[TeamMember, str | None]:
    """A new colleague with their own draft, and their personal link's token (shown once,
    stored hashed). The same `request_key` again (a double click) returns the first invitation
    and no token. Raises TeamRefused "full" past MAX_COLLEAGUES, "submitted" once the
    organization's answers are submitted."""
    role = clean_role(role)
    team_id = team.id
    begin_locked(db.session)
    db.session.execute(select(Team.id).where(Team.id == team_id).with_for_update())
    if request_key:
        again = db.session.scalar(select(TeamMember).filter_by(team_id=team_id,
                                                               request_key=request_key))
        if again is not None:
            db.session.rollback()
            return again, None
    organization = db.session.scalar(
        select(Assessment).join(Team, Team.assessment_id == Assessment.id).where(Team.id == team_id))
    if organization.status != AssessmentStatus.DRAFT.value:
        db.session.rollback()
        raise TeamRefused("submitted")
    if colleague_count(team) >= MAX_COLLEAGUES:
        db.session.rollback()
        raise TeamRefused("full")
    own, token = _member_assessment(organization, questionnaire, locale,
                                    _profile_answers(organization, questionnaire))
    member = TeamMember(team_id=team_id, role=role, assessment=own, request_key=request_key)
    db.session.add(member)
    db.session.commit()
    return member, token


def email_invitation(member: TeamMember, address: str, link: str, organization: str) -> None:
    """The personal link by e-mail in the colleague's language, once per colleague (a double
    click sends one message); the address is masked once the message is sent."""
    queue_message("team_invitation", recipient=address, locale=member.assessment.locale,
                  dedupe_key=f"team-invitation:{member.id}",
                  context={"organization": organization, "role": member.role},
                  secrets={"link": link}, assessment_id=member.assessment_id,
                  subject_kind="team_member", subject_id=member.id, keep_recipient=False)


def own_link(member: TeamMember) -> str:
    """A fresh private token for a member's own answers (the coordinator switching to theirs, or
    a colleague's lost link): the earlier one stops opening them."""
    token = member.assessment.issue_token()
    db.session.commit()
    return token


def apply_proposals(team: Team, questionnaire: Questionnaire,
                    proposals: Mapping[str, Any]) -> list[str]:
    """Put the team's proposals into the organization's draft and return the ids written. The
    first time every proposal is written; later, an answer the coordinator saved after the
    previous time is kept. Only scored questions (the profile is the organization's own)."""
    assessment = team.assessment
    stored = {a.question_id: a for a in assessment.answers}
    since = team.proposals_applied_at
    values = {}
    for question in questionnaire.scored_questions:
        if question.id not in proposals:
            continue
        answer = stored.get(question.id)
        if since is not None and answer is not None and _after(answer.updated_at, since):
            continue
        values[question.id] = proposals[question.id]
    save_answers(assessment, questionnaire, values)
    team.proposals_applied_at = utcnow()
    db.session.commit()
    return sorted(values)


def _after(moment, since) -> bool:
    return as_utc(moment) > as_utc(since)


def save_notes(team: Team, notes: Mapping[str, str | None]) -> None:
    """One note per question id (trimmed; a blank one removes the note). Raises TeamRefused
    "note" for a note longer than MAX_NOTE_LENGTH, saving nothing."""
    cleaned = {qid: (text or "").strip() for qid, text in notes.items()}
    if any(len(text) > MAX_NOTE_LENGTH for text in cleaned.values()):
        raise TeamRefused("note")
    existing = {n.question_id: n for n in team.notes}
    for qid, text in cleaned.items():
        if not text:
            if qid in existing:
                db.session.execute(delete(TeamNote).where(TeamNote.id == existing[qid].id))
        elif qid in existing:
            existing[qid].note = text
        else:
            db.session.add(TeamNote(team_id=team.id, question_id=qid, note=text))
    db.session.commit()
    db.session.expire(team, ["notes"])
