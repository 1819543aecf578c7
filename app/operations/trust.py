"""Staff decisions on a submitted result's trust: verify it (it joins peer statistics) or exclude it
(with a reason). The rule is app.domain.provenance; this writes it, once: the decision is an UPDATE
... WHERE trust = 'pending', so a second click or a parallel request finds it decided and records
nothing. Who decided, when and why stay on the assessment (its staff page and the exports show
them)."""

from __future__ import annotations

import logging

from sqlalchemy import update

from app.domain.provenance import Decision, DecisionRefused, clean_reason, decided_trust
from app.extensions import db
from app.models import Assessment, AssessmentStatus, Trust
from app.models.time import utcnow

log = logging.getLogger(__name__)


def decide(assessment_id: int, decision: Decision | str, staff_user_id: int,
           reason: str | None = None) -> bool:
    """Record one staff decision on a pending submitted result; True when this call recorded it,
    False when it had been decided already (by this or another request). DecisionRefused for an
    exclusion without a reason."""
    trust = decided_trust(Trust.PENDING, decision, reason)
    decided = db.session.execute(
        update(Assessment)
        .where(Assessment.id == assessment_id, Assessment.trust == Trust.PENDING.value,
               Assessment.status == AssessmentStatus.SUBMITTED.value)
        .values(trust=trust.value, trust_decided_by_id=staff_user_id,
                trust_decided_at=utcnow(), trust_reason=clean_reason(reason))
        .execution_options(synchronize_session=False))
    db.session.commit()
    if decided.rowcount != 1:
        return False
    log.info("Assessment %s %s by staff user %s", assessment_id, trust.value, staff_user_id)
    return True


__all__ = ["Decision", "DecisionRefused", "decide"]
