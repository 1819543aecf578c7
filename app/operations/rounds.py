"""The writes of a round: create and change it, issue its invitations' links, e-mail them, and
open an invitation into its assessment. The staff pages (app/staff/rounds.py) and the
respondent's invitation page (app/survey/invitation.py) call these; the organizations of a round
come from app/operations/round_lists.py.

Links. Only a link's hash is stored, so a link exists in clear only at the moment it is issued: in
the e-mail that carries it (put in when the message goes out, then erased) or on the one staff
page that shows it for copying. An invitation's token becomes its assessment's private resume
token, so the invitation link and the respondent's usual private link are one link, and opening
it twice, anywhere, continues the same assessment. Issuing a fresh link (staff's "new link")
replaces it everywhere: the old one opens nothing. An e-mail carries a fresh link only while no
assessment has been started from the invitation (nobody can be using the old one); a reminder to
an organization that has started points to the link it already has, so a reminder never takes a
respondent's working link away.

Once. Each write that must happen once locks the invitation first (`begin_locked`: a row lock on
PostgreSQL, the write lock on SQLite): two "open" requests at once make one assessment (and the
unique invitation.assessment_id and assessment.token_hash back that up), and a message goes out
once per (invitation, kind, form nonce): a double click finds the first click's message.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select, update

from app.database import begin_locked
from app.domain.provenance import Trust
from app.domain.questionnaire import Questionnaire
from app.domain.rounds import RoundState, closes_at, round_state
from app.extensions import db
from app.models import (
    Answer,
    Assessment,
    AssessmentRound,
    Invitation,
    LinkReissue,
    OutgoingMessage,
    Source,
    StaffUser,
)
from app.models.assessment import hash_token
from app.models.time import utcnow
from app.operations.assessment import origin_digest
from app.operations.messages import InvalidAddress, queue_message
from app.operations.peers import profile_answers

INVITATION, REMINDER = "round_invitation", "round_reminder"
MESSAGE_KINDS = (INVITATION, REMINDER)
SUBJECT_KIND = "invitation"  # OutgoingMessage.subject_kind of a round's messages
SENT, ALREADY_SENT, NO_ADDRESS, SUBMITTED = "sent", "already_sent", "no_address", "submitted"


class RoundClosed(Exception):
    """The round accepts no submission (or no new start) now."""

    def __init__(self, round_: AssessmentRound, state: RoundState):
        super().__init__(state.value)
        self.round = round_
        self.state = state


class LinkGone(Exception):
    """The link was replaced by a fresh one (or never was one)."""


# -- the round ------------------------------------------------------------------------------------
def create_round(name: str, questionnaire: Questionnaire, opens_on: date, closes_on: date | None,
                 note: str | None, staff_user: StaffUser | None,
                 sample: bool = False) -> AssessmentRound:
    found = AssessmentRound(name=name, questionnaire_id=questionnaire.id,
                            questionnaire_version=questionnaire.version, opens_on=opens_on,
                            closes_on=closes_on, note=note or None, sample=sample,
                            created_by_id=staff_user.id if staff_user else None)
    db.session.add(found)
    db.session.commit()
    return found


def update_round(round_: AssessmentRound, name: str, opens_on: date, closes_on: date | None,
                 note: str | None) -> None:
    """Rename it, or change its dates: a later closing date (or none) reopens a closed round."""
    round_.name, round_.opens_on, round_.closes_on, round_.note = name, opens_on, closes_on, note or None
    db.session.commit()


def state_of(round_: AssessmentRound) -> RoundState:
    return round_state(round_.opens_on, round_.closes_on, utcnow())


def closing_moment(round_: AssessmentRound):
    return closes_at(round_.closes_on)


# -- what an assessment of a round may do ---------------------------------------------------------
def invitation_of(assessment_id: int) -> Invitation | None:
    return db.session.scalar(select(Invitation).where(Invitation.assessment_id == assessment_id))


def round_of(assessment_id: int) -> tuple[AssessmentRound, RoundState] | None:
    """The round whose invitation opened the assessment, and whether it accepts submissions now;
    None for an open assessment."""
    invitation = invitation_of(assessment_id)
    return None if invitation is None else (invitation.round, state_of(invitation.round))


def submission_trust(assessment: Assessment) -> Trust | None:
    """The trust a submission of `assessment` comes with: TRUSTED for a round's invitation (the
    programme invited that organization), None for an open one. Raises RoundClosed once the
    invitation's round is closed (its answers stay saved; staff may reopen it)."""
    invited = round_of(assessment.id)
    if invited is None:
        return None
    round_, state = invited
    if state is not RoundState.OPEN:
        raise RoundClosed(round_, state)
    return Trust.TRUSTED


# -- links ----------------------------------------------------------------------------------------
def find_invitation(token: str | None) -> Invitation | None:
    if not token or len(token) > 200:
        return None
    return db.session.scalar(select(Invitation).where(Invitation.token_hash == hash_token(token)))


def _locked(invitation_id: int) -> Invitation | None:
    begin_locked(db.session)
    return db.session.scalar(select(Invitation).where(Invitation.id == invitation_id)
                             .with_for_update().execution_options(populate_existing=True))


def _issue(invitation: Invitation, staff_user: StaffUser | None) -> str:
    """A fresh token for the invitation and its assessment, if any (the caller commits)."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    invitation.token_hash = hash_token(token)
    invitation.link_issued_at = now
    invitation.invited_at = invitation.invited_at or now
    if invitation.assessment_id is not None:
        db.session.execute(update(Assessment).where(Assessment.id == invitation.assessment_id)
                           .values(token_hash=invitation.token_hash)
                           .execution_options(synchronize_session=False))
        db.session.add(LinkReissue(assessment_id=invitation.assessment_id,
                                   issued_by_id=staff_user.id if staff_user else None))
    db.session.flush()
    return token


def new_link(invitation_id: int, staff_user: StaffUser | None) -> str:
    """Issue a fresh link (returned once): the invitation's earlier link, and the assessment's
    resume link that was the same, stop working at once."""
    invitation = _locked(invitation_id)
    if invitation is None:
        db.session.rollback()
        raise LinkGone()
    token = _issue(invitation, staff_user)
    db.session.commit()
    return token


def mark_opened(invitation: Invitation) -> None:
    """The first time the link's page is shown (a mail scanner's visit counts too)."""
    if invitation.opened_at is None:
        db.session.execute(update(Invitation).where(Invitation.id == invitation.id,
                                                    Invitation.opened_at.is_(None))
                           .values(opened_at=utcnow()).execution_options(synchronize_session=False))
        db.session.commit()
        db.session.refresh(invitation)


def open_invitation(invitation_id: int, token: str, questionnaire: Questionnaire, locale: str,
                    address: str | None = None) -> Assessment:
    """The invitation's assessment: the one it opened before, or a new draft tied to its
    organization and round, its profile answers prefilled from the round's list (name, country,
    type, where the version asks for them). Raises LinkGone for a replaced link, RoundClosed for
    a round that does not accept a new start now."""
    invitation = _locked(invitation_id)
    if invitation is None or invitation.token_hash != hash_token(token):
        db.session.rollback()
        raise LinkGone()
    if invitation.assessment_id is not None:
        assessment = db.session.get(Assessment, invitation.assessment_id)
        db.session.commit()
        if assessment.token_hash != invitation.token_hash:  # staff gave the assessment a new link
            raise LinkGone()
        return assessment
    state = state_of(invitation.round)
    if state is not RoundState.OPEN:
        db.session.rollback()
        raise RoundClosed(invitation.round, state)
    prefill = profile_answers(questionnaire, {"name": invitation.name, "country": invitation.country,
                                              "org_type": invitation.org_type})
    assessment = Assessment(organization_id=invitation.organization_id,
                            questionnaire_id=questionnaire.id,
                            questionnaire_version=questionnaire.version,
                            locale=locale if locale in questionnaire.languages else invitation.locale,
                            source=Source.RESPONDENT.value, token_hash=invitation.token_hash,
                            origin=origin_digest(address),
                            **questionnaire.organization_fields(prefill))
    assessment.answers = [Answer(question_id=qid, value=value) for qid, value in prefill.items()]
    db.session.add(assessment)
    db.session.flush()
    invitation.assessment_id = assessment.id
    invitation.opened_at = invitation.opened_at or utcnow()
    db.session.commit()
    return assessment


# -- e-mail ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Sending:
    outcome: str  # SENT, ALREADY_SENT (this form's message exists), NO_ADDRESS, SUBMITTED
    message: OutgoingMessage | None = None


def send_message(invitation_id: int, kind: str, request: str, link_for: Callable[[str], str],
                 staff_user: StaffUser | None = None) -> Sending:
    """E-mail the invitation (kind INVITATION) or a reminder (REMINDER) once per `request` (the
    form's nonce): with a fresh link while nothing was started from the invitation, else pointing
    to the link the organization has. `link_for(token)` builds the link's address."""
    if kind not in MESSAGE_KINDS:
        raise ValueError(kind)
    dedupe_key = f"{kind}:{invitation_id}:{request}"
    invitation = _locked(invitation_id)
    if invitation is None:
        db.session.rollback()
        raise LinkGone()
    existing = db.session.scalar(select(OutgoingMessage).filter_by(dedupe_key=dedupe_key))
    if existing is not None:
        db.session.rollback()
        return Sending(ALREADY_SENT, existing)
    if not invitation.contact_email:
        db.session.rollback()
        return Sending(NO_ADDRESS)
    assessment = invitation.assessment
    if assessment is not None and assessment.is_submitted:
        db.session.rollback()
        return Sending(SUBMITTED)
    links = {}
    if assessment is None:
        links["link"] = link_for(_issue(invitation, staff_user))
    round_ = invitation.round
    try:
        message = queue_message(
            kind, recipient=invitation.contact_email, locale=invitation.locale,
            dedupe_key=dedupe_key,
            context={"round_name": round_.name, "organization": invitation.name,
                     "contact_name": invitation.contact_name, "closes_on": round_.closes_on,
                     "has_link": bool(links), "lang": invitation.locale},
            secrets=links, assessment_id=invitation.assessment_id, subject_kind=SUBJECT_KIND,
            subject_id=invitation.id)
    except InvalidAddress:
        db.session.rollback()
        return Sending(NO_ADDRESS)
    return Sending(SENT, message)
