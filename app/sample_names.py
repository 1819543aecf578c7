"""The names of invented sample organizations (app.domain.samples) in the reader's language: staff
pages and exports with labels show them translated, the wide export with codes the stored English
name."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from app.domain.samples import SampleKey

TYPED = {
    "confederation": _l("Sample confederation %(letter)s, %(country)s"),
    "federation": _l("Sample federation %(letter)s, %(country)s"),
    "sectoral": _l("Sample sectoral chamber %(letter)s, %(country)s"),
    "chamber_commerce": _l("Sample chamber of commerce %(letter)s, %(country)s"),
    "foreign_trade": _l("Sample foreign-trade chamber %(letter)s, %(country)s"),
    "sme_association": _l("Sample SME association %(letter)s, %(country)s"),
    "other": _l("Sample business organization %(letter)s, %(country)s"),
}
NUMBERED = _l("Sample organization %(number)s")


def sample_name(key: SampleKey, countries: Mapping[str, str] | None = None) -> str:
    """The name in the current language; `countries` names country codes (a code stays a code
    when it is not there)."""
    if key.number is not None:
        return str(NUMBERED) % {"number": key.number}
    template = TYPED.get(key.org_type or "", TYPED["other"])
    country = (countries or {}).get(key.country or "", key.country or "")
    return str(template) % {"letter": key.letter, "country": country}


def stored_name(key: SampleKey) -> str:
    """The name stored with the organization: English, with the country's code."""
    with force_locale("en"):
        return sample_name(key)


def shown_name(name: str | None, sample_key: str | None,
               countries: Mapping[str, str] | None = None) -> str | None:
    """An organization's name as a page or labelled export shows it: a sample organization's in
    the current language, any other as stored."""
    key = SampleKey.parse(sample_key)
    return name if key is None else sample_name(key, countries)
