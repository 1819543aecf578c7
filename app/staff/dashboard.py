"""What the dashboard shows, in the staff member's language: the query results arranged as tables,
and the same figures as chart specs (so a chart and the table beside it never disagree)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import format_decimal
from flask_babel import gettext as _

from app.benchmark.dashboard import group_statistics
from app.benchmark.groups import GroupKind
from app.benchmark.queries import OVERALL
from app.benchmark.selection import Selection
from app.charts.dashboard import BOXES, HEATMAP, STAGES, TIMELINE
from app.domain.anonymity import may_show
from app.domain.questionnaire import Questionnaire
from app.domain.statistics import Distribution, Summary
from app.questionnaires import Library
from app.staff import queries
from app.staff.filters import questionnaire_of
from app.templating import current_locale


@dataclass(frozen=True)
class Axis:
    id: str | None  # a region id (None: country in no region) or a dimension id (OVERALL)
    label: str
    total: bool = False  # the row of all regions together


@dataclass(frozen=True)
class Scores:
    """Distributions by region (rows, then all regions) and dimension (columns, the overall score
    last), as the anonymity rule lets staff see them."""

    rows: tuple[Axis, ...]
    columns: tuple[Axis, ...]
    cells: dict[tuple[str | None, str], Distribution]  # (region id, dimension id)
    totals: dict[str, Distribution]  # dimension id -> all regions

    def cell(self, row: Axis, column: Axis) -> Distribution:
        found = self.totals.get(column.id) if row.total else self.cells.get((row.id, column.id))
        return found or Distribution(row.id, column.id, Summary(0), shown=False, extremes=False)


@dataclass(frozen=True)
class Stages:
    rows: tuple[tuple[str, int], ...]
    total: int
    shown: bool


def number(value: float | None) -> str:
    return "" if value is None else format_decimal(value, format="0.0")


def scores(filters: Selection, library: Library, threshold: int) -> Scores:
    questionnaire = questionnaire_of(filters, library)
    found = group_statistics(filters, questionnaire, GroupKind.REGION, threshold)
    cells = {(d.key, d.dimension): d for d in found.groups}
    rows = [Axis(r.id, r.name(current_locale())) for r in library.regions.regions]
    if any(region is None for region, _dimension in cells):
        rows.append(Axis(None, _("Other or unknown country")))
    rows.append(Axis(None, _("All regions"), total=True))
    return Scores(tuple(rows), _columns(questionnaire), cells,
                  {d.dimension: d for d in found.total})


def _columns(questionnaire: Questionnaire) -> tuple[Axis, ...]:
    locale = current_locale()
    return (*(Axis(d.id, d.title(locale)) for d in questionnaire.dimensions),
            Axis(OVERALL, _("Overall")))


def stages(filters: Selection, library: Library, threshold: int) -> Stages:
    questionnaire = questionnaire_of(filters, library)
    counted, real = queries.stage_counts(filters)
    found = {row.stage_id: row.count for row in counted}
    total = sum(found.values())
    locale = current_locale()
    rows = tuple((s.name(locale), found.get(s.id, 0)) for s in questionnaire.stages)
    return Stages(rows, total, may_show(real, total, threshold))


def blank_reason(threshold: int) -> str:
    return _("Fewer than %(count)d organizations: not shown, to protect their anonymity.",
             count=threshold)


def heatmap_spec(data: Scores, threshold: int) -> dict[str, Any]:
    values = [[data.cell(r, c).median for c in data.columns] for r in data.rows]
    return {"title": _("Median score by region and dimension"),
            "rows": [r.label for r in data.rows], "columns": [c.label for c in data.columns],
            "values": [[None if v is None else round(v, 1) for v in row] for row in values],
            "formatted": [[number(v) for v in row] for row in values],
            "blank": f"n<{threshold}", "scale": _("Score (0-100)")}


def boxes_spec(data: Scores, threshold: int) -> dict[str, Any]:
    regions = [r for r in data.rows if not r.total]
    return {"title": _("Distribution of each dimension by region"), "blank": f"n<{threshold}",
            "panels": [{"title": c.label, "boxes": [
                {"label": r.label, "values": _rounded(data.cell(r, c).values)} for r in regions]}
                for c in data.columns]}


def _rounded(values):
    return None if values is None else [None if v is None else round(v, 2) for v in values]


def stages_spec(data: Stages, threshold: int) -> dict[str, Any]:
    return {"title": _("Organizations by stage"), "y_label": _("Organizations"),
            "labels": [label for label, _count in data.rows] if data.shown else [],
            "counts": [count for _label, count in data.rows] if data.shown else [],
            "blank": blank_reason(threshold)}


def timeline_spec(data: list[queries.Month], threshold: int) -> dict[str, Any]:
    return {"title": _("Submissions and average overall score by month"),
            "months": [m.month for m in data], "submissions": [m.submissions for m in data],
            "averages": [None if m.average is None else round(m.average, 1) for m in data],
            "bars_label": _("Submissions"), "line_label": _("Average overall score"),
            "blank": _("No submissions in this selection.")}


def chart_spec(kind: str, filters: Selection, library: Library,
               threshold: int) -> dict[str, Any]:
    """The spec of one chart, running only the queries that chart needs; a chart that counts
    sample or synthetic data says so on its face."""
    if kind == HEATMAP:
        spec = heatmap_spec(scores(filters, library, threshold), threshold)
    elif kind == BOXES:
        spec = boxes_spec(scores(filters, library, threshold), threshold)
    elif kind == STAGES:
        spec = stages_spec(stages(filters, library, threshold), threshold)
    elif kind == TIMELINE:
        spec = timeline_spec(queries.months(filters, threshold), threshold)
    else:
        raise KeyError(kind)
    if filters.include_sample or filters.include_synthetic:
        spec["note"] = _("Includes sample or synthetic data: not real results.")
    return spec
