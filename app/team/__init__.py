"""Answering as a team (issue 17): the coordinator's pages (start a team, invite colleagues, see
where the team disagrees, put the proposals into the organization's answers, notes), the
colleagues' pages (their invitation, their thank-you page, the team's comparison once they have
submitted), and the team's sections of the survey pages, the report and the staff detail.

Who may see what (app/team/access.py): the coordinator is the browser whose session holds the
organization's draft (its private link); a colleague is whoever holds their personal link, which
opens their own answers only, and the team's comparison only once they have submitted theirs.
"""

from flask import Blueprint

bp = Blueprint("team", __name__, template_folder="templates")

from app.team import members, routes, sections  # noqa: E402,F401
