"""The reference profiles: the business organizations that took part in the ILO programme, read from
questionnaires/reference-profiles.yaml.

What the file says about each organization's digital work is public and sourced; their answers to
the questionnaire are not known, so the assessments seeded for them are illustrative sample data
(provenance: sample), generated from each profile's seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from app.domain.questionnaire import LocalizedText
from app.domain.regions import Regions

ORG_TYPES = ("confederation", "sectoral", "chamber_commerce", "foreign_trade", "sme_association",
             "other")
PROVENANCE = "sample"


class ReferenceProfileError(ValueError):
    pass


@dataclass(frozen=True)
class Source:
    title: LocalizedText  # a published title is the same in every language
    url: str | None = None


@dataclass(frozen=True)
class Practice:
    """One documented, sourced fact about an organization's digital work."""

    text: LocalizedText
    source: Source
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReferenceProfile:
    key: str
    name: str
    country: str
    region: str
    org_type: str
    seed: int
    provenance: str
    practices: tuple[Practice, ...]
    participation: LocalizedText

    def practices_for(self, dimension_id: str) -> tuple[Practice, ...]:
        return tuple(p for p in self.practices if dimension_id in p.dimensions)


@dataclass(frozen=True)
class ReferenceProfiles:
    profiles: tuple[ReferenceProfile, ...] = ()
    programme: LocalizedText | None = None
    programme_source: Source | None = None

    def get(self, key: str | None) -> ReferenceProfile | None:
        return next((p for p in self.profiles if p.key == key), None)

    def practices_for(self, dimension_id: str) -> list[tuple[ReferenceProfile, Practice]]:
        return [(profile, practice) for profile in self.profiles
                for practice in profile.practices_for(dimension_id)]


def _text(raw: Any, where: str, languages: tuple[str, ...], problems: list[str]) -> LocalizedText:
    raw = raw if isinstance(raw, Mapping) else {}
    for lang in languages:
        if not isinstance(raw.get(lang), str) or not raw[lang].strip():
            problems.append(f"{where}.{lang}: missing text")
    return LocalizedText(MappingProxyType({k: str(v) for k, v in raw.items()}), languages[0])


def _source(raw: Any, where: str, languages: tuple[str, ...], problems: list[str]) -> Source:
    if not isinstance(raw, Mapping) or not raw.get("title"):
        problems.append(f"{where}: every fact needs a source with a title")
        return Source(LocalizedText(MappingProxyType({lang: "" for lang in languages}), languages[0]))
    title = raw["title"]
    if isinstance(title, str):
        title = {lang: title for lang in languages}
    return Source(_text(title, f"{where}.title", languages, problems), raw.get("url"))


def _profile(raw: Mapping, index: int, regions: Regions | None, languages: tuple[str, ...],
             problems: list[str]) -> ReferenceProfile:
    where = f"profiles[{index}]"
    for field in ("key", "name", "country", "region", "org_type", "seed"):
        if raw.get(field) in (None, ""):
            problems.append(f"{where}.{field}: missing")
    if raw.get("org_type") not in ORG_TYPES:
        problems.append(f"{where}.org_type: {raw.get('org_type')!r} is not one of {', '.join(ORG_TYPES)}")
    if raw.get("provenance") != PROVENANCE:
        problems.append(f"{where}.provenance: must be {PROVENANCE!r} (the answers are illustrative)")
    known = regions.region_of(raw.get("country")) if regions else None
    if known is not None and known.id != raw.get("region"):
        problems.append(f"{where}.region: {raw.get('country')} is in {known.id} in the regions file, "
                        f"not {raw.get('region')}")
    practices = tuple(
        Practice(_text(p.get("text"), f"{where}.practices[{i}].text", languages, problems),
                 _source(p.get("source"), f"{where}.practices[{i}].source", languages, problems),
                 tuple(p.get("dimensions") or ()))
        for i, p in enumerate(raw.get("practices") or []))
    return ReferenceProfile(
        key=str(raw.get("key")), name=str(raw.get("name")), country=str(raw.get("country")),
        region=str(raw.get("region")), org_type=str(raw.get("org_type")),
        seed=int(raw.get("seed") or 0), provenance=str(raw.get("provenance")),
        practices=practices,
        participation=_text(raw.get("participation"), f"{where}.participation", languages, problems))


def parse_reference_profiles(raw: Mapping, regions: Regions | None = None,
                             languages: tuple[str, ...] = ("es", "en"),
                             origin: str = "reference-profiles") -> ReferenceProfiles:
    problems: list[str] = []
    profiles = tuple(_profile(p, i, regions, languages, problems)
                     for i, p in enumerate(raw.get("profiles") or []))
    keys = [p.key for p in profiles]
    problems.extend(f"profiles: key {k!r} appears twice" for k in sorted({k for k in keys
                                                                          if keys.count(k) > 1}))
    programme = raw.get("programme") or {}
    description = _text(programme.get("description"), "programme.description", languages, problems)
    source = _source(programme.get("source"), "programme.source", languages, problems)
    if problems:
        raise ReferenceProfileError("\n".join(f"{origin}: {p}" for p in problems))
    return ReferenceProfiles(profiles, description, source)


def load_reference_profiles(path: str | Path, regions: Regions | None = None,
                            languages: tuple[str, ...] = ("es", "en")) -> ReferenceProfiles:
    """The profiles in `path`, checked against the regions; none when the file does not exist."""
    path = Path(path)
    if not path.exists():
        return ReferenceProfiles()
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return parse_reference_profiles(raw, regions, languages, str(path))
