"""The respondent's own charts, as SVG: a radar of the dimension scores (0-100), with the previous
assessment drawn over it, and, for a re-assessment, bars of each dimension's previous and current
score side by side.

A chart is described by a spec of plain data (labels in the page's language, scores), so the spec
is the cache key: the same scores in the same language are drawn once. matplotlib is imported only
by `new_figure`, when a chart is actually drawn.

Sizes: a chart is drawn WIDTH inches wide (1 inch = 72 SVG units) and shown about as many CSS px
wide on a 360 px phone (the page's card is 304 px wide there), so text of MIN_FONT units stays at
least 11 CSS px. The radar's spokes carry the dimensions' numbers, placed outside the ring; the
names are in the numbered table beside it (long names would not fit a phone otherwise).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable
from typing import Any

from app.charts import PALETTE, BoundedCache, cached_svg, chart_key, new_figure

RADAR = "results-radar"
PROGRESS = "results-progress"
WIDTH = 4.2
MIN_FONT = 11.5
FONT = 12.5
LABEL_WIDTH = 36  # characters per line of a label above its bars
LEGEND_WIDTH = 32
INK = "#1b1f24"
GRID = "#5b6570"
BEFORE = "#6b7580"
RANGE = "#9fbbdb"  # the peers' middle half


def _round(values: list[float | None] | None) -> list[float | None] | None:
    return None if values is None else [None if v is None else round(float(v), 1) for v in values]


def radar_spec(scores: list[float | None], previous: list[float | None] | None,
               legend: dict[str, str]) -> dict[str, Any]:
    """Spokes numbered 1..n in the dimensions' order; `previous` None for a first assessment;
    legend: the words for "now" and "before"."""
    return {"numbers": [str(i + 1) for i in range(len(scores))], "scores": _round(scores),
            "previous": _round(previous), "legend": dict(legend)}


def progress_spec(labels: list[str], scores: list[float | None], previous: list[float | None],
                  values: list[str], previous_values: list[str],
                  legend: dict[str, str]) -> dict[str, Any]:
    """Per dimension its label, the previous and current scores, and both as the page writes
    them (decimal comma in Spanish, a word for "no score")."""
    return {"labels": list(labels), "scores": _round(scores), "previous": _round(previous),
            "values": list(values), "previous_values": list(previous_values),
            "legend": dict(legend)}


def score_axis(axes, bottom: float, right: float = 100) -> None:
    """The horizontal 0-100 score axis the bar charts share: ticks every 25, a light grid, no frame
    but the baseline; the rows run from the top down to `bottom`."""
    axes.set_ylim(bottom, -0.05)
    axes.set_xlim(0, right)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_yticks([])
    axes.tick_params(colors=INK, labelsize=MIN_FONT)
    axes.grid(axis="x", color=GRID, alpha=0.3)
    axes.set_axisbelow(True)
    for side in ("top", "right", "left"):
        axes.spines[side].set_visible(False)


def legend_text(text: str) -> str:
    """A legend entry wrapped to fit beside its key on a phone."""
    return "\n".join(textwrap.wrap(text, LEGEND_WIDTH)) or text


def _closed(values: list[float]) -> list[float]:
    return values + values[:1]


def draw_radar(spec: dict[str, Any]):
    """A polar chart, one numbered spoke per dimension; a dimension without a score sits at 0.
    The previous assessment, when given, is a dashed outline under the current one."""
    numbers, scores, previous = spec["numbers"], spec["scores"], spec["previous"]
    count = len(numbers)
    figure = new_figure(WIDTH, WIDTH + (0.35 if previous else 0))
    axes = figure.add_subplot(projection="polar")
    angles = [2 * math.pi * i / count for i in range(count)]
    if previous:
        axes.plot(_closed(angles), _closed([v or 0 for v in previous]), color=BEFORE,
                  linewidth=1.6, linestyle="--", label=legend_text(spec["legend"]["before"]))
    current = [v or 0 for v in scores]
    axes.plot(_closed(angles), _closed(current), color=PALETTE[0], linewidth=2.2,
              label=legend_text(spec["legend"]["now"]))
    axes.fill(_closed(angles), _closed(current), color=PALETTE[0], alpha=0.18)
    axes.scatter(angles, current, color=PALETTE[0], s=18, zorder=3)
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_ylim(0, 100)
    axes.set_xticks(angles, [""] * count)
    axes.set_yticks([25, 50, 75, 100], ["", "50", "", "100"], color=GRID, fontsize=MIN_FONT)
    axes.set_rlabel_position(180 / count)
    axes.grid(color=GRID, alpha=0.45)
    for angle, number in zip(angles, numbers, strict=True):
        axes.text(angle, 117, number, ha="center", va="center", color=INK, fontsize=FONT,
                  fontweight="bold", clip_on=False)
    if previous:
        figure.legend(loc="outside lower center", ncols=1, frameon=False, fontsize=MIN_FONT)
    return figure


def draw_progress(spec: dict[str, Any]):
    """Per dimension its name above two bars on a 0-100 axis: the previous score (grey) and this
    one (blue), each with its value written after the bar."""
    labels = spec["labels"]
    wrapped = [textwrap.wrap(label, LABEL_WIDTH) or [label] for label in labels]
    lines = sum(len(w) for w in wrapped)
    figure = new_figure(WIDTH, 0.7 + 0.62 * len(labels) + 0.2 * lines)
    axes = figure.add_subplot()
    position, ticks = 0.0, []
    for index, label_lines in enumerate(wrapped):
        top = position
        axes.text(0, top, "\n".join(label_lines), va="top", ha="left", color=INK, fontsize=MIN_FONT)
        position += 0.34 * len(label_lines) + 0.1
        for value, text, colour in ((spec["previous"][index], spec["previous_values"][index], BEFORE),
                                    (spec["scores"][index], spec["values"][index], PALETTE[0])):
            axes.barh(position + 0.16, value or 0, height=0.3, color=colour)
            axes.text((value or 0) + 1.5, position + 0.16, text, va="center", color=INK,
                      fontsize=MIN_FONT)
            position += 0.34
        ticks.append(top)
        position += 0.25
    score_axis(axes, position, right=118)  # room for the value written after each bar
    from matplotlib.patches import Patch
    handles = [Patch(color=BEFORE, label=legend_text(spec["legend"]["before"])),
               Patch(color=PALETTE[0], label=legend_text(spec["legend"]["now"]))]
    figure.legend(handles=handles, loc="outside upper center", ncols=1, frameon=False,
                  fontsize=MIN_FONT)
    return figure


DRAW = {"radar": (RADAR, draw_radar), "progress": (PROGRESS, draw_progress)}


def chart_etag(name: str, spec: dict[str, Any]) -> str:
    """The content key of a chart, known without drawing it (for If-None-Match)."""
    return chart_key(DRAW[name][0], spec)


# What a submitted assessment's chart shows never changes (its scores are frozen at submission), so
# the route remembers each chart's spec and ETag by where it came from and builds the report only
# the first time: {(assessment id, submitted at, questionnaire, chart, language): (etag, spec)}.
_known = BoundedCache(2048)


def known_chart(source: Hashable) -> tuple[str, dict[str, Any]] | None:
    """(etag, spec) remembered for `source`, or None."""
    return _known.get(source)


def remember_chart(source: Hashable, name: str, spec: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return _known.put(source, (chart_etag(name, spec), spec))


def chart_svg(name: str, spec: dict[str, Any]) -> tuple[str, bytes]:
    """(content key, SVG) of the chart `name` ("radar" or "progress"), drawn only on a miss."""
    kind, draw = DRAW[name]
    return cached_svg(kind, spec, draw)


def clear_known() -> None:
    _known.clear()
