"""Benchmark regions: which countries are grouped together, read from a data file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from app.domain.questionnaire import LocalizedText


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


class RegionsError(ValueError):
    pass


def load_regions(path: str | Path, languages: tuple[str, ...] = ("es", "en")) -> Regions:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    problems, regions, seen = [], [], {}
    for index, item in enumerate(raw.get("regions") or []):
        rid = item.get("id")
        names = item.get("name") or {}
        for lang in languages:
            if not names.get(lang):
                problems.append(f"{path}: regions[{index}].name.{lang}: missing translation")
        for country in item.get("countries") or []:
            if country in seen:
                problems.append(f"{path}: country {country} is in both {seen[country]} and {rid}")
            seen[country] = rid
        regions.append(Region(rid, LocalizedText(MappingProxyType(dict(names)), languages[0]),
                              tuple(item.get("countries") or [])))
    if not regions:
        problems.append(f"{path}: no regions")
    if problems:
        raise RegionsError("\n".join(problems))
    return Regions(tuple(regions))
