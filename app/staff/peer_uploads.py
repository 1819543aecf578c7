"""A previewed peer-results file waits in the instance folder until the admin confirms it, so the
import commits exactly the file that was previewed (re-validated against the database then).

The file's name is a random token kept in the admin's session, never taken from the request.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app, session

SESSION_KEY = "peer_import"
ENCODINGS = ("utf-8-sig", "cp1252")  # Excel in Spanish saves "CSV" as Windows-1252


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "peer-imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def decode(data: bytes) -> str | None:
    """The file as text: UTF-8 (with or without BOM), else Windows-1252; None when it is neither
    (e.g. a spreadsheet saved as .xlsx)."""
    if b"\x00" in data:
        return None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def keep(text: str) -> None:
    discard()
    token = secrets.token_hex(16)
    (_folder() / f"{token}.csv").write_text(text, encoding="utf-8")
    session[SESSION_KEY] = token


def kept() -> str | None:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not token.isalnum():
        return None
    path = _folder() / f"{token}.csv"
    return path.read_text(encoding="utf-8") if path.exists() else None


def discard() -> None:
    token = session.pop(SESSION_KEY, None)
    if isinstance(token, str) and token.isalnum():
        (_folder() / f"{token}.csv").unlink(missing_ok=True)
