"""The respondent's own charts: a radar and a horizontal bar chart of the dimension scores (0-100).

A chart is described by a spec of plain data (title, labels in the page's language, scores), so the
spec is the cache key: the same scores in the same language are drawn once. matplotlib is imported
only by `new_figure`, when a chart is actually drawn.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Hashable
from typing import Any

from app.charts import PALETTE, BoundedCache, cached_png, chart_key, new_figure

RADAR = "results-radar"
BARS = "results-bars"
LABEL_WIDTH = 16
# Large type: on a phone the picture is shown at about half its drawn size.
FONT = 12
INK = "#1b1f24"
GRID = "#6b7580"


def chart_spec(title: str, labels: list[str], scores: list[float | None],
               value_labels: list[str]) -> dict[str, Any]:
    """Plain, JSON-serialisable data: everything that changes the picture. `value_labels` are the
    scores as the page writes them (decimal comma in Spanish, a word for "no score")."""
    return {
        "title": title,
        "labels": list(labels),
        "scores": [None if s is None else round(float(s), 1) for s in scores],
        "values": list(value_labels),
    }


def _wrapped(label: str) -> str:
    return "\n".join(textwrap.wrap(label, LABEL_WIDTH)) or label


def draw_radar(spec: dict[str, Any]):
    """A polar chart, one spoke per dimension; a dimension without a score leaves a gap."""
    labels, scores = spec["labels"], spec["scores"]
    count = len(labels)
    figure = new_figure(6.4, 6.4)
    axes = figure.add_subplot(projection="polar")
    angles = [2 * math.pi * i / count for i in range(count)]
    values = [math.nan if s is None else s for s in scores]
    axes.plot(angles + angles[:1], values + values[:1], color=PALETTE[0], linewidth=2)
    axes.fill(angles + angles[:1], [0 if math.isnan(v) else v for v in values + values[:1]],
              color=PALETTE[0], alpha=0.2)
    axes.scatter(angles, values, color=PALETTE[0], zorder=3)
    axes.set_theta_offset(math.pi / 2)
    axes.set_theta_direction(-1)
    axes.set_xticks(angles, [_wrapped(label) for label in labels], color=INK, fontsize=FONT - 1)
    axes.set_ylim(0, 100)
    axes.set_yticks([20, 40, 60, 80, 100], ["20", "40", "60", "80", "100"], color=GRID,
                   fontsize=FONT - 3)
    axes.grid(color=GRID, alpha=0.4)
    figure.suptitle(spec["title"], color=INK, fontsize=FONT + 1)
    return figure


def draw_bars(spec: dict[str, Any]):
    """Horizontal bars on a 0-100 axis, the value written at the end of each bar."""
    labels, scores = spec["labels"], spec["scores"]
    figure = new_figure(6.4, 1.4 + 0.6 * len(labels))
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    axes.barh(positions, [s or 0 for s in scores], color=PALETTE[0], height=0.6)
    for position, score, text in zip(positions, scores, spec["values"], strict=True):
        axes.text((score or 0) + 1.5, position, text, va="center", color=INK, fontsize=FONT)
    axes.set_yticks(positions, [_wrapped(label) for label in labels], color=INK, fontsize=FONT)
    axes.invert_yaxis()
    axes.set_xlim(0, 115)
    axes.set_xticks([0, 20, 40, 60, 80, 100])
    axes.tick_params(colors=INK, labelsize=FONT - 2)
    axes.grid(axis="x", color=GRID, alpha=0.3)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_title(spec["title"], color=INK, fontsize=FONT + 1)
    return figure


DRAW = {"radar": (RADAR, draw_radar), "bars": (BARS, draw_bars)}


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


def chart_png(name: str, spec: dict[str, Any]) -> tuple[str, bytes]:
    """(content key, PNG) of the chart `name` ("radar" or "bars"), drawn only on a cache miss."""
    kind, draw = DRAW[name]
    return cached_png(kind, spec, draw)
