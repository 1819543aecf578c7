"""The staff dashboard's charts: a heat-map of medians (region x dimension), box plots of each
dimension by region, the distribution of stages and submissions over time.

Each chart is a spec of plain data already in the staff member's language (the view translates),
so the spec is the cache key. A group under the anonymity threshold arrives as None and is drawn as
an empty, labelled cell; no chart ever receives an individual score.
"""

from __future__ import annotations

import math
import textwrap
from typing import Any

from app.charts import PALETTE, cached_png, new_figure

INK = "#1b1f24"
MUTED = "#6b7580"
BLANK = "#e3e6ea"
NOTE = "#8a4b00"
HEATMAP, BOXES, STAGES, TIMELINE = "staff-heatmap", "staff-boxes", "staff-stages", "staff-timeline"


def _wrap(label: str, width: int = 14) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def draw_heatmap(spec: dict[str, Any]):
    """Rows are regions, columns dimensions; a blank cell says the group is too small."""
    rows, columns, values = spec["rows"], spec["columns"], spec["values"]
    figure = new_figure(max(6.0, 1.1 * len(columns) + 2.5), max(2.5, 0.6 * len(rows) + 1.8))
    axes = figure.add_subplot()
    grid = [[math.nan if v is None else v for v in row] for row in values] or [[math.nan]]
    from matplotlib.colors import LinearSegmentedColormap

    colours = LinearSegmentedColormap.from_list("maturity", ["#f4f7fb", PALETTE[0]]).with_extremes(
        bad=BLANK)
    image = axes.imshow(grid, cmap=colours, vmin=0, vmax=100, aspect="auto")
    axes.set_xticks(range(len(columns)), [_wrap(c) for c in columns], fontsize=8, color=INK)
    axes.set_yticks(range(len(rows)), rows, fontsize=9, color=INK)
    axes.tick_params(length=0)
    for i, row in enumerate(values):
        for j, value in enumerate(row):
            text = spec["blank"] if value is None else spec["formatted"][i][j]
            colour = "white" if value is not None and value > 60 else INK
            axes.text(j, i, text, ha="center", va="center", fontsize=8, color=colour)
    figure.colorbar(image, ax=axes, shrink=0.8, label=spec["scale"])
    axes.set_title(spec["title"], color=INK, fontsize=11)
    return figure


def draw_boxes(spec: dict[str, Any]):
    """One small panel per dimension, one box per region (whiskers from minimum to maximum where
    the group is large enough to show them)."""
    panels = spec["panels"]
    columns = 2
    count = max(1, len(panels))
    rows = math.ceil(count / columns)
    figure = new_figure(9.0, 2.6 * rows + 0.6)
    for index, panel in enumerate(panels):
        axes = figure.add_subplot(rows, columns, index + 1)
        stats, positions = [], []
        for position, box in enumerate(panel["boxes"]):
            if box["values"] is None:
                axes.text(position + 1, 50, spec["blank"], ha="center", va="center", fontsize=7,
                          color=MUTED, rotation=90)
                continue
            low, q1, median, q3, high = box["values"]
            # Minimum and maximum are individual scores, withheld in small groups: no whiskers.
            low = q1 if low is None else low
            high = q3 if high is None else high
            stats.append({"whislo": low, "q1": q1, "med": median, "q3": q3, "whishi": high,
                          "fliers": []})
            positions.append(position + 1)
        if stats:
            axes.bxp(stats, positions=positions, widths=0.6, patch_artist=True,
                     boxprops={"facecolor": "#d7e5f5", "edgecolor": PALETTE[0]},
                     medianprops={"color": PALETTE[1], "linewidth": 2})
        axes.set_xlim(0.4, len(panel["boxes"]) + 0.6)
        axes.set_xticks(range(1, len(panel["boxes"]) + 1),
                        [_wrap(b["label"], 12) for b in panel["boxes"]], fontsize=7)
        axes.set_ylim(0, 100)
        axes.set_title(panel["title"], fontsize=9, color=INK)
        axes.tick_params(axis="y", labelsize=7)
        axes.grid(axis="y", alpha=0.3)
    figure.suptitle(spec["title"], color=INK, fontsize=11)
    return figure


def draw_stages(spec: dict[str, Any]):
    figure = new_figure(6.0, 3.2)
    axes = figure.add_subplot()
    labels, counts = spec["labels"], spec["counts"]
    if counts:
        bars = axes.bar(range(len(labels)), counts, color=PALETTE[0])
        axes.bar_label(bars, fontsize=8, color=INK)
        axes.set_xticks(range(len(labels)), [_wrap(label) for label in labels], fontsize=8)
    else:
        axes.text(0.5, 0.5, spec["blank"], ha="center", va="center", transform=axes.transAxes,
                  color=MUTED)
        axes.set_xticks([])
    axes.set_ylabel(spec["y_label"], fontsize=8)
    axes.set_title(spec["title"], color=INK, fontsize=11)
    return figure


def draw_timeline(spec: dict[str, Any]):
    """Bars of submissions per month; the line of the average overall score on a second axis,
    with a gap for months under the threshold."""
    figure = new_figure(7.0, 3.4)
    axes = figure.add_subplot()
    months = spec["months"]
    positions = range(len(months))
    axes.bar(positions, spec["submissions"], color="#b9cfe8", label=spec["bars_label"])
    axes.set_ylabel(spec["bars_label"], fontsize=8)
    scores = axes.twinx()
    averages = [math.nan if v is None else v for v in spec["averages"]]
    scores.plot(positions, averages, color=PALETTE[1], marker="o", linewidth=2,
                label=spec["line_label"])
    scores.set_ylim(0, 100)
    scores.set_ylabel(spec["line_label"], fontsize=8)
    step = max(1, len(months) // 12)
    axes.set_xticks(list(positions)[::step], months[::step], rotation=45, fontsize=7)
    if not months:
        axes.text(0.5, 0.5, spec["blank"], ha="center", va="center", transform=axes.transAxes,
                  color=MUTED)
    axes.set_title(spec["title"], color=INK, fontsize=11)
    return figure


DRAW = {HEATMAP: draw_heatmap, BOXES: draw_boxes, STAGES: draw_stages, TIMELINE: draw_timeline}


def _draw(kind: str):
    def draw(spec: dict[str, Any]):
        figure = DRAW[kind](spec)
        if spec.get("note"):
            figure.supxlabel(spec["note"], fontsize=8, color=NOTE)
        return figure

    return draw


def dashboard_png(kind: str, spec: dict[str, Any]) -> tuple[str, bytes]:
    """(cache key, PNG bytes) of one dashboard chart; `note` (sample data shown) goes under it."""
    return cached_png(kind, spec, _draw(kind))
