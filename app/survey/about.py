"""Who runs the platform: the footer of every page (programme, contact address, privacy notice)
and the privacy notice itself, both from configuration (config.py: PROGRAMME_NAME,
PROGRAMME_NAME_<LANG>, PROGRAMME_URL, CONTACT_EMAIL) so a deploying organization sets its own."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from flask_babel import lazy_gettext as _l

from app.survey import bp
from app.templating import current_locale

DEFAULT_PROGRAMME = _l("ILO regional programme on the digitalization of business organizations")


@dataclass(frozen=True)
class Site:
    """What the footer and the privacy notice say about who runs this site."""

    programme: str
    programme_url: str
    contact: str


def site() -> Site:
    config = current_app.config
    locale = current_locale()
    name = (config.get(f"PROGRAMME_NAME_{locale.upper()}") or config.get("PROGRAMME_NAME")
            or str(DEFAULT_PROGRAMME))
    return Site(name, config.get("PROGRAMME_URL") or "", config.get("CONTACT_EMAIL") or "")


@bp.app_context_processor
def site_context() -> dict:
    return {"site": site}


@bp.route("/privacy")
def privacy():
    config = current_app.config
    return render_template(
        "survey/privacy.html", about=site(), draft_days=config["DRAFT_LIFETIME_DAYS"],
        session_days=current_app.permanent_session_lifetime.days,
        threshold=config["ANONYMITY_THRESHOLD"])
