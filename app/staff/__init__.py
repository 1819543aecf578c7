"""The staff area: dashboard, assessments, exports (any signed-in staff member) and admin pages
(admins only). Every route here requires sign-in."""

from flask import Blueprint

bp = Blueprint("staff", __name__, template_folder="templates")

from app.staff import admin, downloads, errors, outbox, private_links, rounds, routes, trust  # noqa: E402,F401  (routes attach themselves to bp)
