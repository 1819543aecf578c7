"""The respondent's results: the report page, its charts, downloads, and starting again.

Peer comparison hook: the benchmarking area registers a callable as
`app.extensions["peer_comparison"]`, called as `peer_comparison(assessment, questionnaire, locale)`.
Whatever it returns reaches the template as `peers` and is shown by `results/_peers.html` (its own
template, included if present); when nothing is registered, or it returns None, the section is left
out.
"""

from flask import Blueprint

bp = Blueprint("results", __name__, template_folder="templates")

from app.results import routes  # noqa: E402,F401
