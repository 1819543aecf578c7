"""One organization against its peers: what the results page shows under "Compared with your peers".

The organization's peer groups (CHOICES, most comparable first): the same type in the same region,
the same type, the same country, the same region, the same size band, all of Latin America. Every
group that meets the anonymity rule (app.domain.anonymity `compose`) can be chosen on the page
(`?group=<key>`, so a printed or shared page shows the same group); the default is the first of
CHOICES that has enough real peers, else the first that sample profiles fill (`choose_group`).

A group is offered only when it differs from every offered group that contains it, or that it
contains, by none or at least the threshold of real organizations: otherwise the two groups'
statistics side by side would reveal the few organizations between them.

Two queries per page: one pass counting every group's peers, one fetching the chosen group's score
histograms, from which its statistics and the organization's percentile ranks are computed.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import force_locale

from app.benchmark import naming
from app.benchmark.groups import GroupKind, PeerGroup, groups_for
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


TYPE_REGION = "type_region"
# The page's groups, most comparable first: (key in the URL, the groups.py kinds it combines).
CHOICES: tuple[tuple[str, tuple[GroupKind, ...]], ...] = (
    (TYPE_REGION, (GroupKind.TYPE, GroupKind.REGION)),
    ("type", (GroupKind.TYPE,)),
    ("country", (GroupKind.COUNTRY,)),
    ("region", (GroupKind.REGION,)),
    ("size", (GroupKind.SIZE,)),
    ("all", (GroupKind.ALL,)),
)
# Which groups hold all of another's organizations: {narrower: wider ones}.
CONTAINED_IN = {TYPE_REGION: ("type", "region", "all"), "type": ("all",),
                "country": ("region", "all"), "region": ("all",), "size": ("all",)}


@dataclass(frozen=True)
class CombinedGroup:
    """Organizations in every one of `parts` (e.g. the same type in the same region)."""

    parts: tuple[PeerGroup, ...]

    def narrow(self, selection: Selection) -> Selection:
        for part in self.parts:
            selection = part.narrow(selection)
        return selection


@dataclass(frozen=True)
class GroupOutcome:
    """One of the organization's groups: its counts, what it may show, and its name."""

    key: str
    group: PeerGroup | CombinedGroup | None  # None where the profile leaves it unknown
    counts: GroupCounts | None
    composition: Composition | None  # None when the anonymity rule lets it show nothing
    name: str = ""  # "31 chambers of commerce in Central America and Mexico" (count included)
    offered: bool = False  # can be chosen on the page
    withheld: bool = False  # large enough, but too close to a wider group to show beside it

    @property
    def count(self) -> int:
        return self.composition.count(self.counts) if self.composition and self.counts else 0

    @property
    def kind(self) -> str:  # the URL key, kept under its old name for the staff and bench code
        return self.key


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
    default: GroupOutcome | None = None
    requested: str | None = None  # the ?group= asked for, when it could not be used

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
    def offered(self) -> tuple[GroupOutcome, ...]:
        """The groups the respondent can switch between."""
        return tuple(o for o in self.outcomes if o.offered)

    @property
    def is_default(self) -> bool:
        return self.chosen is not None and self.chosen == self.default

    @property
    def passed_over(self) -> tuple[GroupOutcome, ...]:
        """The more comparable groups passed over before the default."""
        known = [o for o in self.outcomes if o.group is not None]
        if self.default is None:
            return tuple(known)
        return tuple(known[:known.index(self.default)])

    @property
    def skipped(self) -> tuple[GroupOutcome, ...]:
        """Those passed over for too few peers."""
        return tuple(o for o in self.passed_over if not o.withheld)

    @property
    def withheld(self) -> tuple[GroupOutcome, ...]:
        """Those passed over because they are too close to a wider group (CONTAINED_IN)."""
        return tuple(o for o in self.passed_over if o.withheld)

    @property
    def overall(self) -> DimensionComparison | None:
        return next((r for r in self.rows if r.dimension_id == OVERALL), None)

    @property
    def dimensions(self) -> tuple[DimensionComparison, ...]:
        return tuple(r for r in self.rows if r.dimension_id != OVERALL)

    @property
    def extremes_shown(self) -> str:
        """"all", "some" or "none" of the shown rows give the lowest and highest scores."""
        shown = [r.show_extremes for r in self.rows if r.shown]
        return "all" if shown and all(shown) else "some" if any(shown) else "none"


def _option_label(questionnaire: Questionnaire, question_id: str, value: str | None,
                  locale: str) -> str:
    question = questionnaire.question(question_id)
    option = question.option(value) if question is not None and value else None
    return option.label(locale) if option is not None else (value or "")


def group_name(key: str, parts: dict[GroupKind, PeerGroup], num: int,
               questionnaire: Questionnaire, locale: str) -> str:
    """The group with its count, in the page's language."""
    type_group, region = parts.get(GroupKind.TYPE), parts.get(GroupKind.REGION)
    if key in (TYPE_REGION, "type"):
        label = _option_label(questionnaire, "org_type", type_group.value, locale)
        typed = naming.type_phrase(type_group.value, label, num)
        if key == "type":
            return naming.placed(typed, naming.everywhere())
        return naming.placed(typed, naming.region_place(region.value, _region_name(region, locale)))
    if key == "region":
        return naming.placed(naming.organizations(num),
                             naming.region_place(region.value, _region_name(region, locale)))
    if key == "country":
        country = parts[GroupKind.COUNTRY].value
        return naming.placed(naming.organizations(num), naming.region_place(
            None, _option_label(questionnaire, "country", country, locale)))
    if key == "size":
        band = _option_label(questionnaire, "members_band", parts[GroupKind.SIZE].value, locale)
        return naming.placed(naming.size_phrase(num, band), naming.everywhere())
    return naming.placed(naming.organizations(num), naming.everywhere())


def _region_name(region: PeerGroup, locale: str) -> str:
    found = library().regions.get(region.value)
    return found.name(locale) if found else region.value or ""


def candidates(assessment) -> list[tuple[str, PeerGroup | CombinedGroup | None,
                                         dict[GroupKind, PeerGroup]]]:
    """(key, group, its parts by kind) for every entry of CHOICES, from the profile the
    assessment was submitted with; group None where unknown."""
    by_kind = {g.kind: g for g in groups_for(assessment, library().regions) if g is not None}
    found = []
    for key, kinds in CHOICES:
        parts = {kind: by_kind[kind] for kind in kinds if kind in by_kind}
        if len(parts) < len(kinds):
            found.append((key, None, parts))
        elif len(kinds) == 1:
            found.append((key, parts[kinds[0]], parts))
        else:
            found.append((key, CombinedGroup(tuple(parts[k] for k in kinds)), parts))
    return found


def offerable(outcomes: list[GroupOutcome], threshold: int) -> set[str]:
    """The keys of the groups that may be shown side by side (see the module's docstring): wider
    groups are admitted first, a narrower one only when it differs from every admitted group
    around it by no real organization or by at least `threshold`."""
    by_key = {o.key: o for o in outcomes if o.composition is not None}
    admitted: set[str] = set()
    for key, _kinds in reversed(CHOICES):
        outcome = by_key.get(key)
        if outcome is None:
            continue
        wider = [by_key[w] for w in CONTAINED_IN.get(key, ()) if w in admitted]
        if all(_separable(outcome, other, threshold) for other in wider):
            admitted.add(key)
    return admitted


def _separable(narrow: GroupOutcome, wide: GroupOutcome, threshold: int) -> bool:
    if not (narrow.composition.real and wide.composition.real):
        return True  # sample profiles are public: nothing to reveal
    between = wide.counts.real - narrow.counts.real
    return between == 0 or between >= threshold


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
            settings: Settings, profiles: ReferenceProfiles,
            requested: str | None = None) -> PeerComparison:
    """The comparison with the group `requested` (a key of CHOICES) when it may be shown, else
    with the default group."""
    organization_id = assessment.organization_id
    found = candidates(assessment)
    counts = group_counts(settings.peers(questionnaire, organization_id),
                          [group for _key, group, _parts in found], settings.real_sources)
    outcomes = [GroupOutcome(key, group, count, None if count is None else
                             anonymity.compose(count, settings.threshold, settings.samples))
                for (key, group, _parts), count in zip(found, counts, strict=True)]
    admitted = offerable(outcomes, settings.threshold)
    with force_locale(locale):
        outcomes = tuple(
            GroupOutcome(o.key, o.group, o.counts, o.composition if o.key in admitted else None,
                         group_name(o.key, parts, o.count, questionnaire, locale)
                         if o.key in admitted else "", o.key in admitted,
                         o.composition is not None and o.key not in admitted)
            for o, (_key, _group, parts) in zip(outcomes, found, strict=True))
    choice = anonymity.choose_group([o.counts if o.offered else None for o in outcomes],
                                    settings.threshold, settings.samples)
    default = None if choice.index is None else outcomes[choice.index]
    chosen = next((o for o in outcomes if o.offered and o.key == requested), default)
    scores = own_scores(assessment)
    references = reference_practices(questionnaire, locale, scores, profiles)
    refused = requested if requested and (chosen is None or chosen.key != requested) else None
    if chosen is None:
        return PeerComparison(settings.threshold, outcomes, None, None, 0, references=references,
                              requested=refused)
    peers = chosen.group.narrow(settings.peers(questionnaire, organization_id, chosen.composition))
    statistics = {d.dimension: d for d in distributions(peers, own=scores,
                                                        real_sources=settings.real_sources)}
    return PeerComparison(settings.threshold, outcomes, chosen, chosen.composition, chosen.count,
                          _rows(questionnaire, locale, scores, statistics, settings), references,
                          default, refused)


def peer_comparison(assessment: Assessment, questionnaire: Questionnaire, locale: str,
                    group: str | None = None) -> PeerComparison | None:
    """The callable registered as app.extensions["peer_comparison"] for the results page; `group`
    is the page's ?group= (a key of CHOICES)."""
    if not assessment.is_submitted:
        return None
    return compare(assessment, questionnaire, locale, Settings.from_config(current_app.config),
                   current_app.extensions.get("reference_profiles") or ReferenceProfiles(), group)
