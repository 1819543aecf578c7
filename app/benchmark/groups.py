"""Peer groups: which organizations an organization is compared with, as SQL conditions.

From narrowest to widest (the order the results page falls back along): organizations of the same
size band (members_band), of the same type, of the same country, of the same region, and all of Latin
America. The region's countries come from the regions file at query time, so staff can regroup
countries without touching any stored data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, case, false, literal, true

from app.domain.regions import Regions
from app.models import Organization

ORGANIZATION = Organization.__table__


class GroupKind(StrEnum):
    SIZE = "members_band"
    TYPE = "org_type"
    COUNTRY = "country"
    REGION = "region"
    ALL = "all"


FALLBACK_ORDER = (GroupKind.SIZE, GroupKind.TYPE, GroupKind.COUNTRY, GroupKind.REGION,
                  GroupKind.ALL)


@dataclass(frozen=True)
class PeerGroup:
    kind: GroupKind
    value: str | None = None  # the band, type, country or region id; None for all of Latin America
    countries: tuple[str, ...] = ()  # a region's countries

    def condition(self) -> ColumnElement[bool]:
        """Membership of an organization row in this group."""
        if self.kind is GroupKind.ALL:
            return true()
        if self.kind is GroupKind.REGION:
            return ORGANIZATION.c.country.in_(self.countries) if self.countries else false()
        return ORGANIZATION.c[self.kind.value] == self.value


def groups_for(organization: Organization, regions: Regions) -> list[PeerGroup | None]:
    """The organization's groups in FALLBACK_ORDER; None where its profile leaves one unknown."""
    region = regions.region_of(organization.country)
    return [
        PeerGroup(GroupKind.SIZE, organization.members_band) if organization.members_band else None,
        PeerGroup(GroupKind.TYPE, organization.org_type) if organization.org_type else None,
        PeerGroup(GroupKind.COUNTRY, organization.country) if organization.country else None,
        PeerGroup(GroupKind.REGION, region.id, region.countries) if region else None,
        PeerGroup(GroupKind.ALL),
    ]


def group_key(kind: GroupKind, regions: Regions) -> ColumnElement:
    """A column whose value names each organization's group of this kind (for GROUP BY)."""
    if kind is GroupKind.ALL:
        return literal("all")
    if kind is GroupKind.REGION:
        mapping = dict(regions.country_to_region)
        return case(mapping, value=ORGANIZATION.c.country, else_=None) if mapping else literal(None)
    return ORGANIZATION.c[kind.value]
