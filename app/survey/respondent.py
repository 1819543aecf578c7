"""Which assessment this browser is filling in, kept in the signed session cookie.

The resume token sits in the session beside the assessment id so every survey page can show the
private link again, while later URLs carry no token.
"""

from __future__ import annotations

from flask import current_app, g, session
from flask_babel import refresh

from app.extensions import db
from app.models import Assessment

ASSESSMENT_KEY = "assessment_id"
TOKEN_KEY = "resume_token"  # noqa: S105 - a session key name, not a secret
LOCALE_KEY = "locale"


JUST_STARTED_KEY = "resume_link_new"


def remember(assessment: Assessment, token: str, just_started: bool = False) -> None:
    session.permanent = True
    session[ASSESSMENT_KEY] = assessment.id
    session[TOKEN_KEY] = token
    if just_started:
        session[JUST_STARTED_KEY] = True
    g.assessment = assessment


def just_started() -> bool:
    """True once, on the first page after the assessment was created: the private link is then
    shown unfolded."""
    return bool(session.pop(JUST_STARTED_KEY, False))


def forget() -> None:
    session.pop(ASSESSMENT_KEY, None)
    session.pop(TOKEN_KEY, None)
    session.pop(JUST_STARTED_KEY, None)
    g.assessment = None


def load() -> Assessment | None:
    """The session's assessment (also on g, where the locale selector looks for it)."""
    if "assessment" not in g:
        assessment_id = session.get(ASSESSMENT_KEY)
        g.assessment = (db.session.get(Assessment, assessment_id)
                        if isinstance(assessment_id, int) else None)
    return g.assessment


def token() -> str | None:
    return session.get(TOKEN_KEY)


def choose_language(locale: str) -> bool:
    """Make `locale` this browser's language and the assessment's; False for an unknown one."""
    if locale not in current_app.config["LANGUAGES"]:
        return False
    session[LOCALE_KEY] = locale
    assessment = load()
    if assessment is not None and not assessment.is_submitted and assessment.locale != locale:
        assessment.locale = locale
        db.session.commit()
    refresh()
    return True
