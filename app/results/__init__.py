"""The respondent's results: the report page (private link, and the read-only share link), its
charts, the PDF, downloads, sharing, targets, and starting again.

Peer comparison hook: the benchmarking area registers a callable as
`app.extensions["peer_comparison"]`, called as `peer_comparison(assessment, questionnaire, locale,
group=...)` (group: the page's ?group=, or None for the default group).
Whatever it returns reaches the template as `peers` and is shown by `results/_peers.html` (its own
template, included if present); when nothing is registered, or it returns None, the section is left
out.
"""

from flask import Blueprint

bp = Blueprint("results", __name__, template_folder="templates")

from app.results import follow_up, routes  # noqa: E402,F401
