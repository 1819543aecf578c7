"""One organization against its peers: what the results page shows under "Compared with your peers".

The group used is chosen by app.domain.anonymity from the organization's groups, narrowest first
(app.benchmark.groups.FALLBACK_ORDER); the page names it and says why narrower ones were skipped.
Two queries per page: one pass counting every group's peers, one fetching the chosen group's score
histograms, from which its statistics and the organization's percentile ranks are computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from app.benchmark.groups import FALLBACK_ORDER, GroupKind, PeerGroup, groups_for
from app.benchmark.queries import OVERALL, distributions, group_counts
from app.benchmark.selection import Selection
from app.domain import anonymity
from app.domain.anonymity import Composition, GroupCounts, SamplesMode
from app.domain.questionnaire import Questionnaire
from app.domain.references import Practice, ReferenceProfile, ReferenceProfiles
from app.domain.statistics import Distribution, Summary
from app.models import Assessment, Source
from app.models.assessment import REAL_SOURCES
from app.questionnaires import library

WEAKEST = 3  # how many of the organization's lowest dimensions get reference practices


@dataclass(frozen=True)
class Settings:
    threshold: int
    samples: SamplesMode
    include_synthetic: bool

    @classmethod
    def from_config(cls, config) -> Settings:
        return cls(int(config.get("ANONYMITY_THRESHOLD", 5)),
                   SamplesMode(config.get("BENCHMARK_SAMPLES", "auto")),
                   bool(config.get("BENCHMARK_INCLUDE_SYNTHETIC", False)))

    @property
    def real_sources(self) -> tuple[str, ...]:
        """Sources counted as real results (synthetic only when a benchmark run asks for it)."""
        extra = (Source.SYNTHETIC.value,) if self.include_synthetic else ()
        return (*REAL_SOURCES, *extra)

    def peers(self, questionnaire: Questionnaire, organization_id: int | None,
              composition: Composition | None = None) -> Selection:
        """The organization's possible peers: every source that may count, or only those of a
        composition."""
        real = composition is None or composition.real
        return Selection(questionnaire.id, questionnaire.version, include_real=real,
                         include_sample=composition is None or composition.samples,
                         include_synthetic=self.include_synthetic and real,
                         exclude_organization=organization_id)


@dataclass(frozen=True)
class GroupOutcome:
    """One of the organization's groups and whether it could be used."""

    group: PeerGroup | None
    kind: GroupKind
    label: str
    counts: GroupCounts | None
    usable: bool


@dataclass(frozen=True)
class DimensionComparison:
    dimension_id: str  # OVERALL for the overall score
    title: str
    score: float | None
    summary: Summary | None  # None when the group may not show this dimension
    show_extremes: bool
    rank: float | None  # percentile rank among the peers, 0-100

    @property
    def shown(self) -> bool:
        return self.summary is not None


@dataclass(frozen=True)
class ReferencePractice:
    dimension_id: str
    dimension_title: str
    profile: ReferenceProfile
    country: str  # the profile's country, named in the page's language
    practice: Practice


@dataclass(frozen=True)
class PeerComparison:
    threshold: int
    outcomes: tuple[GroupOutcome, ...]
    chosen: GroupOutcome | None
    composition: Composition | None
    peer_count: int
    rows: tuple[DimensionComparison, ...] = ()
    references: tuple[ReferencePractice, ...] = ()

    @property
    def available(self) -> bool:
        return self.chosen is not None

    @property
    def includes_samples(self) -> bool:
        return bool(self.composition and self.composition.samples)

    @property
    def samples_only(self) -> bool:
        return bool(self.composition and self.composition.samples and not self.composition.real)

    @property
    def skipped(self) -> tuple[GroupOutcome, ...]:
        """The narrower groups passed over before the chosen one."""
        if self.chosen is None:
            return tuple(o for o in self.outcomes if o.group is not None)
        index = self.outcomes.index(self.chosen)
        return tuple(o for o in self.outcomes[:index] if o.group is not None)

    @property
    def overall(self) -> DimensionComparison | None:
        return next((r for r in self.rows if r.dimension_id == OVERALL), None)

    @property
    def dimensions(self) -> tuple[DimensionComparison, ...]:
        return tuple(r for r in self.rows if r.dimension_id != OVERALL)


def _option_label(questionnaire: Questionnaire, question_id: str, value: str | None,
                  locale: str) -> str:
    question = questionnaire.question(question_id)
    option = question.option(value) if question is not None and value else None
    return option.label(locale) if option is not None else (value or "")


def group_label(group: PeerGroup | None, kind: GroupKind, questionnaire: Questionnaire,
                locale: str) -> str:
    """The group's own name (a band, type, country or region), in the page's language."""
    if group is None or kind is GroupKind.ALL:
        return ""
    if kind is GroupKind.REGION:
        region = library().regions.get(group.value)
        return region.name(locale) if region else group.value or ""
    return _option_label(questionnaire, kind.value, group.value, locale)


def own_scores(assessment: Assessment) -> dict[str, float | None]:
    """The assessment's stored scores by dimension id, and the overall score as OVERALL."""
    snapshot = assessment.score_snapshot()
    return {**snapshot.dimensions, OVERALL: snapshot.overall}


def _rows(questionnaire: Questionnaire, locale: str, scores: dict[str, float | None],
          found: dict[str, Distribution], settings: Settings) -> tuple[DimensionComparison, ...]:
    rows = []
    titles = [(OVERALL, None)] + [(d.id, d.title(locale)) for d in questionnaire.dimensions]
    for dimension_id, title in titles:
        score, peers = scores.get(dimension_id), found.get(dimension_id)
        peers = None if peers is None else anonymity.disclose(peers, settings.threshold)
        if peers is None or not peers.shown:
            rows.append(DimensionComparison(dimension_id, title or "", score, None, False, None))
            continue
        rows.append(DimensionComparison(dimension_id, title or "", score, peers.summary,
                                        peers.extremes, None if score is None else peers.rank))
    return tuple(rows)


def reference_practices(questionnaire: Questionnaire, locale: str,
                        scores: dict[str, float | None],
                        profiles: ReferenceProfiles) -> tuple[ReferencePractice, ...]:
    """Documented practices of reference organizations in the organization's weakest dimensions."""
    scored = [(scores[d.id], index, d) for index, d in enumerate(questionnaire.dimensions)
              if scores.get(d.id) is not None]
    weakest = [d for _, _, d in sorted(scored)[:WEAKEST]]
    return tuple(
        ReferencePractice(d.id, d.title(locale), profile,
                          _option_label(questionnaire, "country", profile.country, locale), practice)
        for d in weakest for profile, practice in profiles.practices_for(d.id))


def compare(assessment: Assessment, questionnaire: Questionnaire, locale: str,
            settings: Settings, profiles: ReferenceProfiles) -> PeerComparison:
    organization_id = assessment.organization_id
    groups = groups_for(assessment, library().regions)
    counts = group_counts(settings.peers(questionnaire, organization_id), groups,
                          settings.real_sources)
    choice = anonymity.choose_group(counts, settings.threshold, settings.samples)
    outcomes = tuple(
        GroupOutcome(group, kind, group_label(group, kind, questionnaire, locale), count,
                     index == choice.index)
        for index, (group, kind, count) in enumerate(zip(groups, FALLBACK_ORDER, counts, strict=True)))
    scores = own_scores(assessment)
    references = reference_practices(questionnaire, locale, scores, profiles)
    if choice.index is None:
        return PeerComparison(settings.threshold, outcomes, None, None, 0, references=references)
    chosen = outcomes[choice.index]
    peers = chosen.group.narrow(settings.peers(questionnaire, organization_id, choice.composition))
    found = {d.dimension: d for d in distributions(peers, own=scores,
                                                   real_sources=settings.real_sources)}
    return PeerComparison(settings.threshold, outcomes, chosen, choice.composition,
                          choice.composition.count(chosen.counts),
                          _rows(questionnaire, locale, scores, found, settings), references)


def peer_comparison(assessment: Assessment, questionnaire: Questionnaire,
                    locale: str) -> PeerComparison | None:
    """The callable registered as app.extensions["peer_comparison"] for the results page."""
    if not assessment.is_submitted:
        return None
    return compare(assessment, questionnaire, locale, Settings.from_config(current_app.config),
                   current_app.extensions.get("reference_profiles") or ReferenceProfiles())
