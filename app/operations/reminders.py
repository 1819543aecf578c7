"""Reminder addresses: kept only when the respondent asks for reminders, stopped from a link.

The stop link carries a signed subscription id (no expiry, nothing stored), so every later
reminder can carry it too.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select, update

from app.database import upsert_insert
from app.extensions import db
from app.models import Assessment, ReminderSubscription
from app.models.time import utcnow

STOP_SALT = "reminders-stop"


def subscribe(assessment: Assessment, address: str) -> ReminderSubscription:
    """Keep `address` for reminders about `assessment` (again, if it had been stopped)."""
    statement = upsert_insert(ReminderSubscription, db.engine).values(
        assessment_id=assessment.id, address=address, created_at=utcnow(), stopped_at=None)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=["assessment_id", "address"], set_={"stopped_at": None}))
    db.session.commit()
    return db.session.scalar(select(ReminderSubscription).filter_by(
        assessment_id=assessment.id, address=address))


def active_addresses(assessment_id: int) -> list[str]:
    """Where reminders about this assessment may go."""
    return list(db.session.scalars(select(ReminderSubscription.address).where(
        ReminderSubscription.assessment_id == assessment_id,
        ReminderSubscription.stopped_at.is_(None)).order_by(ReminderSubscription.id)))


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=STOP_SALT)


def stop_token(subscription: ReminderSubscription) -> str:
    return _serializer().dumps(subscription.id)


def find_by_stop_token(token: str) -> ReminderSubscription | None:
    try:
        subscription_id = _serializer().loads(token)
    except BadSignature:
        return None
    if not isinstance(subscription_id, int):
        return None
    return db.session.get(ReminderSubscription, subscription_id)


def stop(subscription: ReminderSubscription) -> None:
    """No more reminders to this address (once; stopping again changes nothing)."""
    db.session.execute(update(ReminderSubscription)
                       .where(ReminderSubscription.id == subscription.id,
                              ReminderSubscription.stopped_at.is_(None))
                       .values(stopped_at=utcnow()))
    db.session.commit()
    db.session.refresh(subscription)
