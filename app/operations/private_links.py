"""Private (resume) links: e-mailing one, and staff issuing a fresh one for an assessment.

Only the hash of a link's token is stored, so a link can be e-mailed only while its token is
known: by the browser whose session holds it (app/survey/link_mail.py), or right after staff
issued it (app/staff/private_links.py).
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy import select, update

from app.extensions import db
from app.models import Assessment, Invitation, LinkReissue, OutgoingMessage, StaffUser
from app.models.time import utcnow
from app.operations.messages import queue_message

REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


class LinkChanged(Exception):
    """Someone else issued a fresh link at the same moment; this one was not issued."""


def request_id(posted: str | None) -> str:
    """The form's one-time id (a double click posts the same one, so it queues one message), or
    a new one when the form sent none."""
    return posted if posted and REQUEST_ID.match(posted) else secrets.token_urlsafe(12)


def email_private_link(assessment: Assessment, address: str, link: str, *, request: str,
                       stop_url: str | None = None, fresh: bool = False,
                       keep_recipient: bool = False) -> OutgoingMessage:
    """Queue the e-mail with `link` to `address`, in the assessment's language. `request` is the
    form's one-time id. Raises InvalidAddress."""
    kind = "fresh_link" if fresh else "resume_link"
    return queue_message(
        kind, template="resume_link", recipient=address, locale=assessment.locale,
        dedupe_key=f"{kind}:{assessment.id}:{request}",
        context={"fresh": fresh, "submitted": assessment.is_submitted, "stop_url": stop_url},
        secrets={"link": link}, assessment_id=assessment.id, keep_recipient=keep_recipient)


def issue_fresh_link(assessment: Assessment, staff_user: StaffUser) -> str:
    """A new private link for the assessment (returned once); the old one stops working at once,
    in every browser that opened it. Recorded with who and when. Raises LinkChanged when another
    fresh link was issued between reading the assessment and now."""
    old_hash = assessment.token_hash
    with db.session.no_autoflush:
        token = assessment.issue_token()
        new_hash = assessment.token_hash
        db.session.expire(assessment, ["token_hash"])
    changed = db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment.id, Assessment.token_hash == old_hash)
        .values(token_hash=new_hash)
        .execution_options(synchronize_session=False))
    if changed.rowcount != 1:
        db.session.rollback()
        raise LinkChanged()
    # A round's invitation shares its assessment's link (app/operations/rounds.py): it follows.
    db.session.execute(update(Invitation).where(Invitation.assessment_id == assessment.id)
                       .values(token_hash=new_hash, link_issued_at=utcnow())
                       .execution_options(synchronize_session=False))
    db.session.add(LinkReissue(assessment_id=assessment.id, issued_by_id=staff_user.id))
    db.session.commit()
    db.session.refresh(assessment)
    return token


def link_reissues(assessment_id: int) -> list[LinkReissue]:
    return list(db.session.scalars(select(LinkReissue).where(
        LinkReissue.assessment_id == assessment_id).order_by(LinkReissue.issued_at.desc())))
