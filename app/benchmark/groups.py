"""Peer groups: which organizations an organization is compared with, and the one mapping of
countries to regions.

The groups: organizations of the same size band (members_band), of the same type, of the same
country, of the same region, and all of Latin America, by the profile each assessment was submitted
with (Assessment.country, ...); the results page offers them, and the same type in the same region,
in the order of app.benchmark.comparison.CHOICES. The region's countries come from the regions file
at query time, so staff can regroup countries without touching any stored data.

Regions: an organization's region is the region its country is listed in (`Regions.region_of` in
Python, `region_key` in SQL). An organization whose country is in no region, or not given, has no
region: key None everywhere. The results page then skips the region group, the staff dashboard
shows it as a row "Other or unknown country", `peers stats --by region` prints "(none)" and the
exports leave the region cell empty.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import ColumnElement, String, case, literal

from app.benchmark.selection import Selection
from app.domain.regions import Regions
from app.models import Assessment


class GroupKind(StrEnum):
    SIZE = "members_band"
    TYPE = "org_type"
    COUNTRY = "country"
    REGION = "region"
    ALL = "all"


FALLBACK_ORDER = (GroupKind.SIZE, GroupKind.TYPE, GroupKind.COUNTRY, GroupKind.REGION,
                  GroupKind.ALL)
ALL_KEY = "all"  # the key of the one group of kind ALL
NO_REGION = None  # the region key of an organization whose country is in no region

# The Selection field that picks one group of each kind by its value.
SELECTION_FIELD = {GroupKind.SIZE: "size_band", GroupKind.TYPE: "org_type",
                   GroupKind.COUNTRY: "country"}


@dataclass(frozen=True)
class PeerGroup:
    kind: GroupKind
    value: str | None = None  # the band, type, country or region id; None for all of Latin America
    countries: tuple[str, ...] = ()  # a region's countries

    def narrow(self, selection: Selection) -> Selection:
        """The selection limited to this group's organizations."""
        if self.kind is GroupKind.ALL:
            return selection
        if self.kind is GroupKind.REGION:
            return replace(selection, region=self.value, countries=self.countries)
        return replace(selection, **{SELECTION_FIELD[self.kind]: self.value})


def groups_for(assessment: Assessment, regions: Regions) -> list[PeerGroup | None]:
    """The groups of the assessment's profile in FALLBACK_ORDER; None where the profile leaves one
    unknown."""
    region = regions.region_of(assessment.country)
    return [
        PeerGroup(GroupKind.SIZE, assessment.members_band) if assessment.members_band else None,
        PeerGroup(GroupKind.TYPE, assessment.org_type) if assessment.org_type else None,
        PeerGroup(GroupKind.COUNTRY, assessment.country) if assessment.country else None,
        PeerGroup(GroupKind.REGION, region.id, region.countries) if region else None,
        PeerGroup(GroupKind.ALL),
    ]


def region_key(regions: Regions) -> ColumnElement:
    """Each assessment's region id as SQL (NO_REGION where its country is in no region)."""
    mapping = dict(regions.country_to_region)
    if not mapping:
        return literal(NO_REGION, String)
    return case(mapping, value=Assessment.country, else_=NO_REGION)


def group_key(kind: GroupKind, regions: Regions) -> ColumnElement | None:
    """A column whose value names each organization's group of this kind (for GROUP BY); None for
    ALL, whose one group has the key ALL_KEY."""
    if kind is GroupKind.ALL:
        return None
    if kind is GroupKind.REGION:
        return region_key(regions)
    return getattr(Assessment, kind.value)
