"""Which previewed peer-results file this admin's browser is looking at: its id, kept in the
session, names a row of the database (app/operations/peer_previews.py), so any instance can
confirm it; the file's text never travels back through the browser."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import current_app, session
from flask_login import current_user

from app.export.reading import decode  # noqa: F401 - the admin page decodes uploads with it
from app.operations.peer_previews import Confirmation, discard_preview, import_preview, keep_preview

SESSION_KEY = "peer_import"
UPLOAD_ID = re.compile(r"[0-9a-f]{32}")


def lifetime_minutes() -> int:
    return int(current_app.config["PEER_PREVIEW_MINUTES"])


def keep(text: str) -> None:
    session[SESSION_KEY] = keep_preview(text, current_user.id,
                                        timedelta(minutes=lifetime_minutes()))


def _kept_id() -> str | None:
    upload_id = session.get(SESSION_KEY)
    return upload_id if isinstance(upload_id, str) and UPLOAD_ID.fullmatch(upload_id) else None


def discard() -> None:
    discard_preview(_kept_id(), current_user.id)
    session.pop(SESSION_KEY, None)


def confirm(library) -> Confirmation:
    """Import the file this browser previewed (once, whichever instance answers)."""
    confirmation = import_preview(_kept_id(), current_user.id, library)
    session.pop(SESSION_KEY, None)
    return confirmation
