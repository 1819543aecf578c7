"""Benchmark regions: which countries are grouped together, read from a data file
(questionnaires/regions.yaml, described in questionnaires/FORMAT.md) and checked like every data
file (app.domain.datafile): every problem at once, with its line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Annotated

from pydantic import Field

from app.domain.datafile import DataFileError, Report, read_yaml, repeats
from app.domain.questionnaire import LocalizedText
from app.domain.schema import CountryCode, Entry, Id, Text, text_context


@dataclass(frozen=True)
class Region:
    id: str
    name: LocalizedText
    countries: tuple[str, ...]


@dataclass(frozen=True)
class Regions:
    regions: tuple[Region, ...]

    def region_of(self, country: str | None) -> Region | None:
        return next((r for r in self.regions if country in r.countries), None)

    def get(self, region_id: str | None) -> Region | None:
        return next((r for r in self.regions if r.id == region_id), None)

    @property
    def country_to_region(self) -> Mapping[str, str]:
        return MappingProxyType({c: r.id for r in self.regions for c in r.countries})


class RegionsError(DataFileError):
    """A regions file that cannot be used, with every problem found in it."""


class RegionEntry(Entry):
    id: Id
    name: Text
    countries: Annotated[list[CountryCode], Field(min_length=1)]


class RegionsFile(Entry):
    regions: Annotated[list[RegionEntry], Field(min_length=1)]


def load_regions(path: str | Path, languages: tuple[str, ...] = ("es", "en")) -> Regions:
    """The regions in `path`; raise RegionsError listing every problem. Each name needs a text in
    every one of `languages` (the active questionnaire's) and may carry other languages too."""
    document = read_yaml(path, RegionsError)
    report = Report(document)
    checked = report.validate(RegionsFile, document.data, text_context(tuple(languages), others=True))
    if isinstance(document.data, dict):
        _check_placement(document.data.get("regions"), report)
    report.raise_for(RegionsError)
    return Regions(tuple(
        Region(entry.id, LocalizedText(MappingProxyType(dict(entry.name)),
                                       languages[0] if languages else next(iter(entry.name))),
               tuple(entry.countries))
        for entry in checked.regions))


def _check_placement(regions: object, report: Report) -> None:
    """Each region id once, each country in one region only."""
    regions = regions if isinstance(regions, list) else []
    ids = [region.get("id") if isinstance(region, dict) else None for region in regions]
    for index in repeats(ids):
        report.add(("regions", index, "id"), f"duplicate region id {ids[index]!r}")
    placed: dict[str, str] = {}
    for index, region in enumerate(regions):
        if not isinstance(region, dict):
            continue
        region_id = region.get("id")
        countries = region.get("countries")
        for position, country in enumerate(countries if isinstance(countries, list) else []):
            if not isinstance(country, str):
                continue
            if country in placed:
                report.add(("regions", index, "countries", position),
                           f"country {country} is in both {placed[country]} and {region_id}")
            placed.setdefault(country, str(region_id))
