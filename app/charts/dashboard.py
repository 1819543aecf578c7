"""The staff dashboard's charts, as SVG with real text, legible on a 360 px phone and at 1280 px:
each is drawn WIDTH inches wide (app.charts.results: about as many CSS px as a phone's card, and
never shown wider than about 1.8 times that), so text of MIN_FONT units stays at least 11 CSS px.
Labels sit above their rows, wrapped to the width, never squeezed under a narrow column.

* medians: per dimension (and the overall score) a 0-100 axis with one marker per group (a hollow
  marker for a small group or sample data), the groups named in the legend;
* distribution: the overall score of each group as a box (middle half), its median and whiskers
  from the lowest to the highest;
* stages: organizations per stage, bars with the count and share written after them;
* timeline: submissions per month (bars) and the average overall score (line, second axis).

Each spec is plain data already in the staff member's language (the view translates), so the
spec is the cache key; a spec's `note` (sample data shown) is written above the chart.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from app.charts import PALETTE, cached_svg, new_figure
from app.charts.results import GRID, INK, LABEL_WIDTH, MIN_FONT, RANGE, WIDTH, legend_text, score_axis

NOTE_WIDTH = 40
MARKERS = ("o", "s", "D", "^", "v", "P", "X", "h")
MEDIANS, DISTRIBUTION, STAGES, TIMELINE = (
    "staff-medians", "staff-distribution", "staff-stages", "staff-timeline")


def _lines(label: str) -> list[str]:
    return textwrap.wrap(label, LABEL_WIDTH) or [label]


def _note(figure, spec: dict[str, Any]) -> None:
    if spec.get("note"):
        figure.suptitle("\n".join(textwrap.wrap(spec["note"], NOTE_WIDTH)), color=INK,
                        fontsize=MIN_FONT, fontweight="bold")


def _height(rows: list[list[str]], per_row: float, extra: float) -> float:
    return extra + per_row * len(rows) + 0.2 * sum(len(r) for r in rows)


def draw_medians(spec: dict[str, Any]):
    from matplotlib.lines import Line2D

    series, rows = spec["series"], spec["rows"]
    wrapped = [_lines(r["label"]) for r in rows]
    legend = [legend_text(s["label"]) for s in series]
    legend_lines = sum(text.count("\n") + 1 for text in legend)
    figure = new_figure(WIDTH, _height(wrapped, 0.45, 0.9 + 0.22 * legend_lines
                                       + (0.4 if spec.get("note") else 0)))
    axes = figure.add_subplot()
    position = 0.0
    for row, label_lines in zip(rows, wrapped, strict=True):
        axes.text(0, position, "\n".join(label_lines), va="top", ha="left", color=INK,
                  fontsize=MIN_FONT)
        middle = position + 0.34 * len(label_lines) + 0.22
        axes.plot([0, 100], [middle, middle], color=GRID, alpha=0.25, linewidth=0.8)
        for index, (value, line) in enumerate(zip(row["values"], series, strict=True)):
            if value is not None:
                axes.plot(value, middle, **_marker(index, line))
        position = middle + 0.4
    score_axis(axes, position)
    handles = [Line2D([], [], linestyle="none", label=text, **_marker(i, s))
               for i, (text, s) in enumerate(zip(legend, series, strict=True))]
    figure.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False,
                  fontsize=MIN_FONT, title=spec["scale"], title_fontsize=MIN_FONT)
    _note(figure, spec)
    return figure


def _marker(index: int, series: dict[str, Any]) -> dict[str, Any]:
    colour = INK if series.get("total") else PALETTE[index % len(PALETTE)]
    return {"marker": "|" if series.get("total") else MARKERS[index % len(MARKERS)],
            "markersize": 14 if series.get("total") else 8, "markeredgewidth": 2.4 if series.get(
                "total") else 1.2, "color": colour, "markeredgecolor": colour,
            "markerfacecolor": "white" if series.get("hollow") else colour}


def draw_distribution(spec: dict[str, Any]):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = spec["rows"]
    wrapped = [_lines(r["label"]) for r in rows]
    figure = new_figure(WIDTH, _height(wrapped, 0.55, 1.6 + (0.4 if spec.get("note") else 0)))
    axes = figure.add_subplot()
    position = 0.0
    for row, label_lines in zip(rows, wrapped, strict=True):
        axes.text(0, position, "\n".join(label_lines), va="top", ha="left", color=INK,
                  fontsize=MIN_FONT)
        middle = position + 0.34 * len(label_lines) + 0.3
        values = row["values"]
        if values is not None:
            low, q1, median, q3, high = values
            axes.plot([low, q1], [middle, middle], color=INK, linewidth=1.2)
            axes.plot([q3, high], [middle, middle], color=INK, linewidth=1.2)
            axes.barh(middle, max(q3 - q1, 0.8), left=q1, height=0.36, color=RANGE,
                      edgecolor=PALETTE[0])
            axes.plot([median] * 2, [middle - 0.22, middle + 0.22], color=INK, linewidth=2.4)
        position = middle + 0.5
    score_axis(axes, position)
    legend = spec["legend"]
    handles = [Patch(facecolor=RANGE, edgecolor=PALETTE[0], label=legend_text(legend["range"])),
               Line2D([], [], color=INK, linewidth=2.4, label=legend_text(legend["median"])),
               Line2D([], [], color=INK, linewidth=1.2, label=legend_text(legend["whiskers"]))]
    figure.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False,
                  fontsize=MIN_FONT, title=spec["scale"], title_fontsize=MIN_FONT)
    _note(figure, spec)
    return figure


def draw_stages(spec: dict[str, Any]):
    rows = spec["rows"]
    wrapped = [_lines(r["label"]) for r in rows]
    figure = new_figure(WIDTH, _height(wrapped, 0.5, 0.8 + (0.4 if spec.get("note") else 0)))
    axes = figure.add_subplot()
    top = max((r["count"] for r in rows), default=0) or 1
    position = 0.0
    for row, label_lines in zip(rows, wrapped, strict=True):
        axes.text(0, position, "\n".join(label_lines), va="top", ha="left", color=INK,
                  fontsize=MIN_FONT)
        middle = position + 0.34 * len(label_lines) + 0.2
        width = 70 * row["count"] / top
        axes.barh(middle, width, height=0.32, color=PALETTE[0])
        axes.text(width + 1.5, middle, row["text"], va="center", color=INK, fontsize=MIN_FONT)
        position = middle + 0.4
    axes.set_ylim(position, -0.05)
    axes.set_xlim(0, 100)
    axes.set_xticks([])
    axes.set_yticks([])
    for side in ("top", "right", "left", "bottom"):
        axes.spines[side].set_visible(False)
    axes.set_xlabel(spec["scale"], color=INK, fontsize=MIN_FONT)
    _note(figure, spec)
    return figure


def draw_timeline(spec: dict[str, Any]):
    months = spec["months"]
    figure = new_figure(WIDTH, 3.6 + (0.4 if spec.get("note") else 0))
    axes = figure.add_subplot()
    positions = list(range(len(months)))
    axes.bar(positions, spec["submissions"], color=RANGE, label=legend_text(spec["bars_label"]))
    axes.set_ylabel(spec["bars_label"], fontsize=MIN_FONT, color=INK)
    axes.tick_params(colors=INK, labelsize=MIN_FONT)
    scores = axes.twinx()
    averages = [math.nan if v is None else v for v in spec["averages"]]
    scores.plot(positions, averages, color=PALETTE[1], marker="o", linewidth=2,
                label=legend_text(spec["line_label"]))
    scores.set_ylim(0, 100)
    scores.set_yticks([0, 50, 100])
    scores.tick_params(colors=INK, labelsize=MIN_FONT)
    step = max(1, math.ceil(len(months) / 4))  # four labels of 7 characters fit the width
    axes.set_xticks(positions[::step], months[::step])
    axes.set_xlim(-0.6, max(len(months), 1) - 0.4)
    handles = axes.get_legend_handles_labels()[0] + scores.get_legend_handles_labels()[0]
    figure.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False,
                  fontsize=MIN_FONT)
    _note(figure, spec)
    return figure


DRAW = {"medians": (MEDIANS, draw_medians), "distribution": (DISTRIBUTION, draw_distribution),
        "stages": (STAGES, draw_stages), "timeline": (TIMELINE, draw_timeline)}
CHARTS = tuple(DRAW)


def dashboard_svg(name: str, spec: dict[str, Any]) -> tuple[str, bytes]:
    """(cache key, SVG bytes) of one dashboard chart, drawn only on a cache miss."""
    kind, draw = DRAW[name]
    return cached_svg(kind, spec, draw)
