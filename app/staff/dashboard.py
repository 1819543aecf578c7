"""What the dashboard shows, in the staff member's language: the headline figures, the score
statistics by region and dimension, the stages and the months, arranged as tables, and the same
figures as chart specs (so a chart and the table under it never disagree).

Staff see groups of any size (they can read every assessment anyway), each marked "small group"
under the anonymity threshold K; samples join a statistic only by the one rule
(app.domain.anonymity `staff_composition`): never mixed with 1..K-1 real results. Groups without
any result are left out; each group shown with sample data, or with its samples left out, is named
once in the notes with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _

from app.benchmark.dashboard import StaffGroup, staff_statistics
from app.benchmark.groups import GroupKind
from app.benchmark.queries import OVERALL
from app.benchmark.selection import Selection
from app.domain.anonymity import GroupCounts, SamplesMode, staff_composition
from app.domain.questionnaire import Questionnaire
from app.domain.statistics import Distribution
from app.questionnaires import Library
from app.staff import queries
from app.staff.filters import questionnaire_of
from app.templating import current_locale


@dataclass(frozen=True)
class Axis:
    id: str | None  # a dimension id (OVERALL for the overall score)
    label: str


@dataclass(frozen=True)
class Row:
    """A group shown (a region, the countries in no region, or every region together)."""

    id: str | None
    label: str
    group: StaffGroup
    small: bool  # fewer than K trusted real organizations: staff only
    total: bool = False

    @property
    def basis(self) -> str:
        """"real", "samples" (no real result: sample profiles only) or "mixed"."""
        composition = self.group.composition
        return "mixed" if composition.real and composition.samples else (
            "real" if composition.real else "samples")

    @property
    def samples_left_out(self) -> int:
        return self.group.counts.sample if self.group.composition.real and not (
            self.group.composition.samples) else 0


@dataclass(frozen=True)
class Scores:
    """Distributions by group (rows; all regions last when several are shown) and dimension
    (columns, the overall score last)."""

    rows: tuple[Row, ...]
    columns: tuple[Axis, ...]
    cells: dict[tuple[str | None, str], Distribution]  # (group key, dimension id)
    totals: dict[str, Distribution]  # dimension id -> every group together
    together: Row | None

    def cell(self, row: Row, column: Axis) -> Distribution | None:
        return self.totals.get(column.id) if row.total else self.cells.get((row.id, column.id))

    @property
    def empty(self) -> bool:
        return not self.rows


@dataclass(frozen=True)
class Stages:
    rows: tuple[tuple[str, int], ...]  # (stage name, organizations)
    total: int
    basis: str  # as Row.basis
    small: bool

    def share(self, count: int) -> str:
        return format_percent(count / self.total) if self.total else "—"


def number(value: float | None) -> str:
    return "" if value is None else format_decimal(value, format="0.0")


def samples_mode() -> SamplesMode:
    return SamplesMode(current_app.config["BENCHMARK_SAMPLES"])


def scores(filters: Selection, library: Library, threshold: int) -> Scores:
    questionnaire = questionnaire_of(filters, library)
    found = staff_statistics(filters, questionnaire, GroupKind.REGION, threshold, samples_mode())
    names = {r.id: r.name(current_locale()) for r in library.regions.regions}
    order = [r.id for r in library.regions.regions]
    keys = sorted(found.groups_by_key, key=lambda k: (k is None, order.index(k) if k in order else 0))
    rows = [_row(found.groups_by_key[k], names.get(k) or _("Other or unknown country"), threshold)
            for k in keys]
    together = (_row(found.together, _("All regions"), threshold, total=True)
                if found.together is not None else None)
    shown = rows + ([together] if together is not None and len(rows) > 1 else [])
    return Scores(tuple(shown), _columns(questionnaire), {(d.key, d.dimension): d for d in found.groups},
                  {d.dimension: d for d in found.total}, together)


def _row(group: StaffGroup, label: str, threshold: int, total: bool = False) -> Row:
    small = group.composition.real and group.counts.real < threshold
    return Row(group.key, label, group, small, total)


def _columns(questionnaire: Questionnaire) -> tuple[Axis, ...]:
    locale = current_locale()
    return (*(Axis(d.id, d.title(locale)) for d in questionnaire.dimensions),
            Axis(OVERALL, _("Overall score")))


def stages(filters: Selection, library: Library, threshold: int) -> Stages:
    """Organizations by stage (each organization's latest trusted result), under the same rule as
    the scores: real results alone when there are any, else sample profiles."""
    questionnaire = questionnaire_of(filters, library)
    counted = queries.stage_counts(filters)
    real = sum(c.real for c in counted)
    counts = GroupCounts(real, sum(c.count for c in counted) - real)
    composition = staff_composition(counts, threshold, samples_mode())
    found: dict[str | None, int] = {}
    for c in counted:
        found[c.stage_id] = ((c.real if composition.real else 0)
                             + (c.count - c.real if composition.samples else 0))
    locale = current_locale()
    rows = tuple((s.name(locale), found.get(s.id, 0)) for s in questionnaire.stages)
    basis = "mixed" if composition.real and composition.samples else (
        "real" if composition.real else "samples")
    return Stages(rows, sum(count for _label, count in rows), basis,
                  composition.real and real < threshold)


def group_notes(data: Scores, threshold: int) -> list[str]:
    """Each reason a group is marked, once, with the groups it applies to."""
    rows = [r for r in data.rows if not r.total] + ([data.together] if data.together else [])
    notes = []
    small = [f"{r.label} (n={r.group.counts.real})" for r in rows if r.small]
    if small:
        notes.append(_("Small groups, fewer than %(count)d trusted real organizations: %(groups)s. "
                       "Staff see their figures; respondents never do.", count=threshold,
                       groups=", ".join(small)))
    alone = [f"{r.label} ({r.group.counts.sample})" for r in rows
             if r.samples_left_out and r.group.counts.real < threshold]
    if alone:
        notes.append(_("Sample profiles left out, because they are never mixed with fewer than "
                       "%(count)d real results: %(groups)s. These groups show their real results "
                       "alone.", count=threshold, groups=", ".join(alone)))
    enough = [f"{r.label} ({r.group.counts.sample})" for r in rows
              if r.samples_left_out and r.group.counts.real >= threshold]
    if enough:
        notes.append(_("Sample profiles left out, because samples join a group only while it has "
                       "fewer than %(count)d real results: %(groups)s.", count=threshold,
                       groups=", ".join(enough)))
    samples = [f"{r.label} (n={r.group.counts.sample})" for r in rows if r.basis == "samples"]
    if samples:
        notes.append(_("No trusted real result yet, so these groups show sample profiles only "
                       "(illustrative, not real): %(groups)s.", groups=", ".join(samples)))
    mixed = [r.label for r in rows if r.basis == "mixed"]
    if mixed:
        notes.append(_("Real results and sample profiles together (samples are set to join every "
                       "group with enough real results): %(groups)s.", groups=", ".join(mixed)))
    return notes


def row_label(row: Row) -> str:
    """A group's name with its marks, as charts write it."""
    if row.basis == "samples":
        return _("%(group)s (sample profiles, n=%(count)d)", group=row.label,
                 count=row.group.counts.sample)
    if row.small:
        return _("%(group)s (small group: n=%(count)d)", group=row.label,
                 count=row.group.counts.real)
    return f"{row.label} (n={row.group.n})"


def medians_spec(data: Scores) -> dict[str, Any]:
    return {"kind": "medians", "legend_title": _("Regions"),
            "scale": _("Median score (0-100)"),
            "series": [{"label": row_label(r), "hollow": r.small or r.basis != "real",
                        "total": r.total} for r in data.rows],
            "rows": [{"label": c.label, "values": [_rounded(_median(data.cell(r, c)))
                                                   for r in data.rows]} for c in data.columns]}


def distribution_spec(data: Scores) -> dict[str, Any]:
    overall = data.columns[-1]
    return {"kind": "distribution", "scale": _("Overall score (0-100)"),
            "legend": {"range": _("Middle half (25th to 75th percentile)"),
                       "median": _("Median"), "whiskers": _("Lowest to highest")},
            "rows": [{"label": row_label(r), "values": _values(data.cell(r, overall))}
                     for r in data.rows]}


def stages_spec(data: Stages) -> dict[str, Any]:
    return {"kind": "stages", "scale": _("Organizations"),
            "rows": [{"label": label, "count": count, "text": f"{count} ({data.share(count)})"}
                     for label, count in data.rows]}


def timeline_spec(data: list[queries.Month]) -> dict[str, Any]:
    return {"kind": "timeline", "months": [m.month for m in data],
            "submissions": [m.submissions for m in data],
            "averages": [_rounded(m.average) for m in data],
            "bars_label": _("Submissions"), "line_label": _("Average overall score")}


def _median(found: Distribution | None) -> float | None:
    return None if found is None else found.summary.median


def _values(found: Distribution | None):
    if found is None:
        return None
    s = found.summary
    return [_rounded(v) for v in (s.minimum, s.q1, s.median, s.q3, s.maximum)]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def sample_note(filters: Selection, data: Scores) -> str:
    if any(r.basis != "real" for r in data.rows):
        return _("Includes sample profiles: illustrative, not real results.")
    return ""


def chart_spec(kind: str, filters: Selection, library: Library, threshold: int
               ) -> dict[str, Any] | None:
    """The spec of one chart, running only the queries that chart needs; None when there is
    nothing to draw. A chart that counts sample data says so on its face."""
    if kind in ("medians", "distribution"):
        data = scores(filters, library, threshold)
        if data.empty:
            return None
        spec = medians_spec(data) if kind == "medians" else distribution_spec(data)
        spec["note"] = sample_note(filters, data)
        return spec
    if kind == "stages":
        found = stages(filters, library, threshold)
        if not found.total:
            return None
        spec = stages_spec(found)
        spec["note"] = _("Includes sample profiles: illustrative, not real results.") if (
            found.basis != "real") else ""
        return spec
    if kind == "timeline":
        months = queries.months(filters, threshold, samples_mode())
        if not months:
            return None
        spec = timeline_spec(months)
        spec["note"] = _("Includes sample profiles: illustrative, not real results.") if any(
            m.basis != "real" for m in months if m.average is not None) else ""
        return spec
    raise KeyError(kind)
