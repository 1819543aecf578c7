"""What a peer group is called on the results page, with its count: "31 chambers of commerce in
Central America and Mexico", "8 organizations with 200 to 999 member companies".

Every word comes from the interface catalog (or the questionnaire and regions files), so a new
language needs only its catalog. A type of organization or a region the catalog has no phrase for
is named by its label from the data file.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext


def type_phrase(type_id: str | None, label: str, num: int) -> str:
    """`num` organizations of one type ("31 chambers of commerce")."""
    if type_id == "confederation":
        return ngettext("%(num)d national confederation or business council",
                        "%(num)d national confederations or business councils", num)
    if type_id == "federation":
        return ngettext("%(num)d federation of chambers or associations",
                        "%(num)d federations of chambers or associations", num)
    if type_id == "sectoral":
        return ngettext("%(num)d sectoral chamber or association",
                        "%(num)d sectoral chambers or associations", num)
    if type_id == "chamber_commerce":
        return ngettext("%(num)d chamber of commerce", "%(num)d chambers of commerce", num)
    if type_id == "foreign_trade":
        return ngettext("%(num)d foreign-trade or binational chamber",
                        "%(num)d foreign-trade or binational chambers", num)
    if type_id == "sme_association":
        return ngettext("%(num)d SME association", "%(num)d SME associations", num)
    return ngettext("%(num)d organization of the type “%(type)s”",
                    "%(num)d organizations of the type “%(type)s”", num, type=label)


def organizations(num: int) -> str:
    return ngettext("%(num)d organization", "%(num)d organizations", num)


def region_place(region_id: str | None, name: str) -> str:
    """"in Central America and Mexico", with the article a region's name needs."""
    places = {"southern_cone": _("in the Southern Cone"),
              "andean": _("in the Andean countries"),
              "central_america_mexico": _("in Central America and Mexico"),
              "caribbean": _("in the Caribbean"),
              "brazil": _("in Brazil")}
    return places.get(region_id or "") or _("in %(region)s", region=name)


def everywhere() -> str:
    return _("across Latin America and the Caribbean")


def size_phrase(num: int, band: str) -> str:
    """`num` organizations of one size band, with the band's unit."""
    band = band[:1].lower() + band[1:]
    return ngettext("%(num)d organization with %(band)s member companies",
                    "%(num)d organizations with %(band)s member companies", num, band=band)


def placed(group: str, place: str) -> str:
    return _("%(group)s %(place)s", group=group, place=place)
