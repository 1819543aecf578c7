"""Rounds in plain Python: when a round accepts answers, how far each invitation got, and the
language an invitation is written in.

A round's dates are calendar days, meant wherever its organizations are: it opens at the start of
its opening day in the earliest time zone (UTC+14) and closes at the end of its closing day in the
latest one (UTC-12, "anywhere on Earth"), so no organization of the region loses part of a day
to the server's clock. A round without a closing date stays open.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

EARLIEST_OFFSET = timedelta(hours=14)  # UTC+14: where a day starts first
LATEST_OFFSET = timedelta(hours=12)  # UTC-12: where a day ends last


class InvitationStage(StrEnum):
    """How far an invitation got, each stage implying the ones before."""

    ADDED = "added"  # on the round's list; no link issued yet
    INVITED = "invited"  # a link was issued (e-mailed or copied by staff)
    OPENED = "opened"  # the link's page was opened
    IN_PROGRESS = "in_progress"  # the respondent started the assessment
    SUBMITTED = "submitted"


class RoundState(StrEnum):
    NOT_YET_OPEN = "not_yet_open"
    OPEN = "open"
    CLOSED = "closed"


def opens_at(opens_on: date) -> datetime:
    return datetime.combine(opens_on, time.min, UTC) - EARLIEST_OFFSET


def closes_at(closes_on: date | None) -> datetime | None:
    """The moment after which the round accepts no submission (None: it stays open)."""
    if closes_on is None:
        return None
    return datetime.combine(closes_on + timedelta(days=1), time.min, UTC) + LATEST_OFFSET


def round_state(opens_on: date, closes_on: date | None, now: datetime) -> RoundState:
    closing = closes_at(closes_on)
    if closing is not None and now >= closing:
        return RoundState.CLOSED
    if now < opens_at(opens_on):
        return RoundState.NOT_YET_OPEN
    return RoundState.OPEN


def invitation_stage(invited: bool, opened: bool, started: bool,
                     submitted: bool) -> InvitationStage:
    if submitted:
        return InvitationStage.SUBMITTED
    if started:
        return InvitationStage.IN_PROGRESS
    if opened:
        return InvitationStage.OPENED
    return InvitationStage.INVITED if invited else InvitationStage.ADDED


# The language an invitation is written in when the list does not say: Portuguese for Brazil,
# Spanish elsewhere in the region; always one the round's questionnaire version speaks.
COUNTRY_LANGUAGES = {"BR": "pt"}
REGION_LANGUAGE = "es"


def invitation_language(country: str | None, languages: tuple[str, ...] | list[str],
                        asked: str | None = None) -> str:
    for candidate in (asked, COUNTRY_LANGUAGES.get(country or ""), REGION_LANGUAGE):
        if candidate and candidate in languages:
            return candidate
    return languages[0]
