"""Which assessment this browser is filling in, kept in the signed session cookie.

The resume token sits in the session beside the assessment id so every survey page can show the
private link again, while later URLs carry no token.
"""

from __future__ import annotations

import time

from flask import current_app, g, session
from flask_babel import refresh

from app.extensions import db
from app.locale import DRAFT_LOCALE_KEY, page_languages
from app.models import Assessment
from app.models.assessment import hash_token
from app.operations.assessment import set_locale

ASSESSMENT_KEY = "assessment_id"
TOKEN_KEY = "resume_token"  # noqa: S105 - a session key name, not a secret
LOCALE_KEY = "locale"


JUST_STARTED_KEY = "resume_link_new"
RENEWED_KEY = "renewed"
RENEW_AFTER_SECONDS = 3600


def remember(assessment: Assessment, token: str, just_started: bool = False) -> None:
    session.permanent = True
    session[ASSESSMENT_KEY] = assessment.id
    session[TOKEN_KEY] = token
    session[DRAFT_LOCALE_KEY] = assessment.locale
    if just_started:
        session[JUST_STARTED_KEY] = True
    keep_alive()
    g.assessment = assessment


def seconds_now() -> int:
    return int(time.time())


def keep_alive() -> None:
    """Re-sign the session cookie at most once an hour while the respondent keeps working.

    SESSION_REFRESH_EACH_REQUEST is off (re-signing on every page cost about 3% of it), so a
    permanent session would otherwise expire PERMANENT_SESSION_LIFETIME (30 days) after it was
    last *changed*. Changing this stamp hourly keeps it alive until 30 days after the last visit
    (less at most an hour)."""
    if not session.permanent:
        return
    now = seconds_now()
    stamp = session.get(RENEWED_KEY)
    if not isinstance(stamp, int) or not 0 <= now - stamp < RENEW_AFTER_SECONDS:
        session[RENEWED_KEY] = now


def just_started() -> bool:
    """True once, on the first page after the assessment was created: the private link is then
    shown unfolded."""
    return bool(session.pop(JUST_STARTED_KEY, False))


def forget() -> None:
    session.pop(ASSESSMENT_KEY, None)
    session.pop(TOKEN_KEY, None)
    session.pop(JUST_STARTED_KEY, None)
    session.pop(DRAFT_LOCALE_KEY, None)
    g.assessment = None


def load() -> Assessment | None:
    """The session's assessment (also on g, where the locale selector looks for it). What g holds
    is checked against the session, since g outlives a request where an app context is shared."""
    assessment_id = session.get(ASSESSMENT_KEY)
    if not isinstance(assessment_id, int):
        g.assessment = None
        return None
    cached = g.get("assessment")
    if cached is None or cached.id != assessment_id:
        g.assessment = db.session.get(Assessment, assessment_id)
    if g.assessment is not None and g.assessment.token_hash != hash_token(token() or ""):
        forget()  # staff issued a fresh link: the old one opens nothing, here either
    return g.assessment


def token() -> str | None:
    return session.get(TOKEN_KEY)


def choose_language(locale: str) -> bool:
    """Make `locale` this browser's language and, when its questionnaire version has it, the
    assessment's; False for an unknown one."""
    if locale not in current_app.config["LANGUAGES"]:
        return False
    session[LOCALE_KEY] = locale
    assessment = load()
    if assessment is not None and locale in page_languages():
        set_locale(assessment, locale)
    refresh()
    return True
