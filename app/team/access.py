"""Who is looking at a team page: the coordinator (the session's draft is a team's organization
assessment) or a colleague (by their personal link). Anything else is a 404, so a page never
tells a visitor whether a team exists."""

from __future__ import annotations

from flask import abort, current_app, g, session

from app.models import Assessment
from app.models.team import Team, TeamMember
from app.operations.assessment import find_by_token
from app.operations.teams import membership_of, team_of
from app.survey import respondent

# The organization's private token, kept while the coordinator answers as themselves.
COORDINATOR_TOKEN_KEY = "team_coordinator_token"  # noqa: S105 - a session key name


def coordinator() -> tuple[Assessment, Team]:
    """The session's organization assessment and its team, or 404."""
    assessment = respondent.load()
    team = team_of(assessment)
    if team is None:
        abort(404)
    return assessment, team


def member_by_token(token: str) -> tuple[TeamMember, Assessment]:
    """The colleague whose personal link this is, and their own answers, or 404. Set as
    g.assessment, so the page speaks the colleague's language unless the visitor chose another."""
    assessment = find_by_token(token, current_app.config["DRAFT_LIFETIME_DAYS"])
    member = membership_of(assessment)
    if member is None:
        abort(404)
    g.assessment = assessment
    return member, assessment


def stashed_coordinator_token() -> str | None:
    return session.get(COORDINATOR_TOKEN_KEY)


def stashed_team() -> tuple[Assessment, str] | None:
    """The organization's assessment the coordinator can go back to from their own answers."""
    token = stashed_coordinator_token()
    assessment = find_by_token(token) if token else None
    if assessment is None or team_of(assessment) is None:
        return None
    return assessment, token
