"""The reference profiles: the business organizations that took part in the ILO programme, read from
questionnaires/reference-profiles.yaml (format in questionnaires/FORMAT.md) and checked like every
data file (app.domain.datafile): every problem at once, with its line.

The file holds only what is public about each organization, every fact with the address and date
of its source. Their answers to the questionnaire are not known, and no score is ever stored or shown
under their names: the demo's sample organizations take only a profile's type and country, under a
pseudonym (app.domain.samples, app.operations.peers).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, ConfigDict, PlainValidator, ValidationInfo

from app.domain.datafile import DataFileError, Document, Report, describe, read_yaml, repeats
from app.domain.questionnaire import LocalizedText
from app.domain.regions import Regions
from app.domain.schema import CountryCode, Entry, Id, Text, broken, identifier, text_context

# The org_type question's option ids (of the active questionnaire, version 2: a test keeps them equal).
ORG_TYPES = ("confederation", "federation", "sectoral", "chamber_commerce", "foreign_trade",
             "sme_association", "other")


class ReferenceProfileError(DataFileError):
    """A reference profiles file that cannot be used, with every problem found in it."""


@dataclass(frozen=True)
class Citation:
    """Where a fact was published (not to be confused with an assessment's source of answers)."""

    title: LocalizedText  # a published title is the same in every language
    url: str
    published: date


@dataclass(frozen=True)
class Practice:
    """One documented, sourced fact about an organization's digital work."""

    text: LocalizedText
    source: Citation
    dimensions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fact:
    """A sourced statement about an organization (dated facts in the past tense)."""

    text: LocalizedText
    source: Citation


@dataclass(frozen=True)
class ReferenceProfile:
    key: str
    name: str
    country: str
    region: str
    org_type: str
    practices: tuple[Practice, ...]
    participation: Fact

    def practices_for(self, dimension_id: str) -> tuple[Practice, ...]:
        return tuple(p for p in self.practices if dimension_id in p.dimensions)


@dataclass(frozen=True)
class ReferenceProfiles:
    profiles: tuple[ReferenceProfile, ...] = ()
    programme: LocalizedText | None = None
    programme_source: Citation | None = None

    def get(self, key: str | None) -> ReferenceProfile | None:
        return next((p for p in self.profiles if p.key == key), None)

    def practices_for(self, dimension_id: str) -> list[tuple[ReferenceProfile, Practice]]:
        return [(profile, practice) for profile in self.profiles
                for practice in profile.practices_for(dimension_id)]


# -- the file's schema ------------------------------------------------------------------------------

def _same_in_every_language(value: Any, info: ValidationInfo) -> Any:
    """A published title given once stands for every language."""
    if isinstance(value, str):
        return {lang: value for lang in (info.context or {}).get("languages") or ()}
    return value


def _published(value: Any) -> date:
    """A date as YAML reads `2023-09-07`, or the same written as a quoted text."""
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            value = date.fromisoformat(value.strip())
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise broken(f"must be the date the source was published (2023-09-07), not {describe(value)}")
    return value


Title = Annotated[Text, BeforeValidator(_same_in_every_language)]
PublishedDate = Annotated[date, PlainValidator(_published)]
WebAddress = identifier(r"https?://\S+", "a web address starting with https:// or http://")
Name = identifier(r"(?s)\s*\S.*", "a name, not blank")


class SourceEntry(Entry):
    """Every fact has a source with its address and the date it was published."""

    title: Title
    url: WebAddress
    published: PublishedDate


class FactEntry(Entry):
    text: Text
    source: SourceEntry


class PracticeEntry(Entry):
    text: Text
    source: SourceEntry
    dimensions: list[Id] = []


class ProfileEntry(Entry):
    key: Id
    name: Name
    country: CountryCode
    region: Id
    org_type: Literal[ORG_TYPES]
    participation: FactEntry
    practices: list[PracticeEntry] = []


class ProgrammeEntry(Entry):
    description: Text
    source: SourceEntry


class ReferenceProfilesFile(Entry):
    # Other top-level keys are left alone: the file keeps YAML anchors there (`took_part: &took_part`).
    model_config = ConfigDict(extra="ignore")

    programme: ProgrammeEntry
    profiles: list[ProfileEntry] = []


# -- loading ----------------------------------------------------------------------------------------

def parse_reference_profiles(raw: Any, regions: Regions | None = None,
                             languages: tuple[str, ...] = ("es", "en"),
                             origin: str = "reference-profiles") -> ReferenceProfiles:
    """The profiles in an already parsed document; raise ReferenceProfileError listing every
    problem (without lines: use load_reference_profiles for a file)."""
    return _load(Document(origin, raw), regions, languages)


def load_reference_profiles(path: str | Path, regions: Regions | None = None,
                            languages: tuple[str, ...] = ("es", "en")) -> ReferenceProfiles:
    """The profiles in `path`, checked against the regions; none when the file does not exist."""
    path = Path(path)
    if not path.exists():
        return ReferenceProfiles()
    return _load(read_yaml(path, ReferenceProfileError), regions, languages)


def _load(document: Document, regions: Regions | None, languages: tuple[str, ...]) -> ReferenceProfiles:
    report = Report(document)
    checked = report.validate(ReferenceProfilesFile, document.data, text_context(tuple(languages), True))
    if isinstance(document.data, dict):
        _check_profiles(document.data.get("profiles"), regions, report)
    report.raise_for(ReferenceProfileError)

    def text(texts: Mapping[str, str]) -> LocalizedText:
        return LocalizedText(MappingProxyType(dict(texts)), languages[0])

    def source(entry: SourceEntry) -> Citation:
        return Citation(text(entry.title), entry.url, entry.published)

    profiles = tuple(
        ReferenceProfile(
            key=p.key, name=p.name, country=p.country, region=p.region, org_type=p.org_type,
            participation=Fact(text(p.participation.text), source(p.participation.source)),
            practices=tuple(Practice(text(f.text), source(f.source), tuple(f.dimensions))
                            for f in p.practices))
        for p in checked.profiles)
    return ReferenceProfiles(profiles, text(checked.programme.description),
                             source(checked.programme.source))


def _check_profiles(profiles: Any, regions: Regions | None, report: Report) -> None:
    """Each key once; each region the one the regions file gives the country."""
    profiles = profiles if isinstance(profiles, list) else []
    keys = [profile.get("key") if isinstance(profile, dict) else None for profile in profiles]
    for index in repeats(keys):
        report.add(("profiles", index, "key"), f"key {keys[index]!r} appears twice")
    for index, profile in enumerate(profiles):
        if not isinstance(profile, dict):
            continue
        country, region = profile.get("country"), profile.get("region")
        if regions is None or not isinstance(region, str):
            continue
        known = regions.region_of(country)
        if known is not None and known.id != region:
            report.add(("profiles", index, "region"), f"{country} is in {known.id} in the regions "
                                                      f"file, not {region}")
