"""Peer-results files waiting for an admin's confirmation: kept in the database (app.models.
PeerUpload) with who uploaded them and until when, so the instance that confirms need not be the
one that showed the preview, and imported exactly once.

The confirmation re-validates the kept text against the database as it is then, and imports it in
one transaction whose first write claims the preview (`imported_at` set only where it is still
unset and unexpired). Two confirmations at once, on any instances, both try the claim: the
database lets one through (PostgreSQL's row lock, SQLite's single writer) and the other finds it
taken and imports nothing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select, update

from app.extensions import db
from app.models import PeerUpload
from app.models.time import as_utc, utcnow
from app.operations.peer_commit import AlreadyClaimed, commit_peer_import
from app.operations.peer_import import parse_peer_csv

IMPORTED, ALREADY_IMPORTED, EXPIRED, INVALID, NOT_FOUND = (
    "imported", "already_imported", "expired", "invalid", "not_found")


@dataclass(frozen=True)
class Confirmation:
    """What confirming a preview did: `outcome` is one of IMPORTED, ALREADY_IMPORTED (by another
    request; `rows` says how many), EXPIRED, INVALID (no longer passes the checks) or NOT_FOUND."""

    outcome: str
    rows: int = 0


def keep_preview(text: str, user_id: int, lifetime: timedelta) -> str:
    """Keep a previewed file for `user_id` until it is confirmed or `lifetime` has passed; returns
    its id. The user's earlier unconfirmed preview is replaced; expired ones are cleaned up."""
    now = utcnow()
    db.session.execute(delete(PeerUpload).where(PeerUpload.expires_at < now))
    db.session.execute(delete(PeerUpload).where(PeerUpload.uploaded_by == user_id,
                                                PeerUpload.imported_at.is_(None)))
    upload_id = secrets.token_hex(16)
    db.session.add(PeerUpload(id=upload_id, uploaded_by=user_id, text=text, created_at=now,
                              expires_at=now + lifetime))
    db.session.commit()
    return upload_id


def discard_preview(upload_id: str | None, user_id: int) -> None:
    if upload_id:
        db.session.execute(delete(PeerUpload).where(PeerUpload.id == upload_id,
                                                    PeerUpload.uploaded_by == user_id,
                                                    PeerUpload.imported_at.is_(None)))
        db.session.commit()


def import_preview(upload_id: str | None, user_id: int, library) -> Confirmation:
    """Import the preview `upload_id` of `user_id`, once (see the module's docstring)."""
    upload = db.session.get(PeerUpload, upload_id) if upload_id else None
    if upload is None or upload.uploaded_by != user_id:
        return Confirmation(NOT_FOUND)
    if upload.imported_at is not None:
        return Confirmation(ALREADY_IMPORTED, upload.imported_rows or 0)
    if as_utc(upload.expires_at) <= utcnow():
        db.session.delete(upload)
        db.session.commit()
        return Confirmation(EXPIRED)
    preview = parse_peer_csv(upload.text, library)
    # End the reading transaction: the claim below is the first statement of the writing one,
    # so on SQLite it waits for the writer lock instead of failing on a stale snapshot.
    db.session.commit()
    if not preview.valid:
        # Imported by a parallel confirmation meanwhile (its rows are now "already imported")?
        imported = _imported_rows(upload_id)
        if imported is not None:
            return Confirmation(ALREADY_IMPORTED, imported)
        discard_preview(upload_id, user_id)
        return Confirmation(INVALID)

    def claim() -> bool:
        now = utcnow()
        claimed = db.session.execute(
            update(PeerUpload)
            .where(PeerUpload.id == upload_id, PeerUpload.uploaded_by == user_id,
                   PeerUpload.imported_at.is_(None), PeerUpload.expires_at > now)
            .values(imported_at=now, imported_rows=len(preview.rows), text="")
            .execution_options(synchronize_session=False))
        return claimed.rowcount == 1

    try:
        return Confirmation(IMPORTED, commit_peer_import(preview, claim))
    except AlreadyClaimed:
        imported = _imported_rows(upload_id)
        return Confirmation(EXPIRED) if imported is None else Confirmation(ALREADY_IMPORTED, imported)


def _imported_rows(upload_id: str) -> int | None:
    """How many rows the preview's import stored, as committed now; None if not imported."""
    found = db.session.execute(select(PeerUpload.imported_at, PeerUpload.imported_rows)
                               .where(PeerUpload.id == upload_id)).first()
    return None if found is None or found.imported_at is None else found.imported_rows or 0
