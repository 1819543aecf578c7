"""The peer comparison chart: per dimension, the peers' interquartile range as a bar, their median as
a tick, and the organization's score as a dot, on a 0-100 axis.

The spec holds everything drawn (labels already in the page's language, numbers rounded to what the
eye can tell apart), so it doubles as the cache key.
"""

from __future__ import annotations

import textwrap
from typing import Any

from app.charts import PALETTE, cached_png, new_figure

KIND = "peers"
LABEL_WIDTH = 22
NOTE_WIDTH = 70
INK = "#1b1f24"
GRID = "#6b7580"
RANGE = "#b9cde3"


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def peer_chart_spec(title: str, rows: list[dict[str, Any]], legend: dict[str, str],
                    note: str = "") -> dict[str, Any]:
    """rows: {"label", "score", "q1", "median", "q3"} per dimension (None where not shown);
    legend: the words for "score", "median", "range"; note: a footnote such as the sample notice."""
    return {
        "title": title,
        "rows": [{"label": r["label"], "score": _round(r.get("score")), "q1": _round(r.get("q1")),
                  "median": _round(r.get("median")), "q3": _round(r.get("q3"))} for r in rows],
        "legend": dict(legend),
        "note": note,
    }


def draw_peers(spec: dict[str, Any]):
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    rows = spec["rows"]
    figure = new_figure(7.0, 1.8 + 0.55 * len(rows) + (0.3 if spec["note"] else 0))
    axes = figure.add_subplot()
    positions = list(range(len(rows)))
    for position, row in zip(positions, rows, strict=True):
        if row["q1"] is not None and row["q3"] is not None:
            axes.barh(position, max(row["q3"] - row["q1"], 0.6), left=row["q1"], height=0.5,
                      color=RANGE, edgecolor=RANGE)
        if row["median"] is not None:
            axes.plot([row["median"]] * 2, [position - 0.3, position + 0.3], color=INK, linewidth=2)
        if row["score"] is not None:
            axes.plot(row["score"], position, marker="o", markersize=9, color=PALETTE[1],
                      markeredgecolor=INK, linestyle="none")
    legend = spec["legend"]
    handles = [Patch(color=RANGE, label=legend["range"]),
               Line2D([], [], color=INK, linewidth=2, label=legend["median"]),
               Line2D([], [], marker="o", color=PALETTE[1], markeredgecolor=INK, linestyle="none",
                      label=legend["score"])]
    figure.legend(handles=handles, loc="outside lower center", ncols=2, frameon=False, fontsize=9)
    axes.set_yticks(positions, ["\n".join(textwrap.wrap(r["label"], LABEL_WIDTH)) or r["label"]
                                for r in rows], color=INK, fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xticks([0, 20, 40, 60, 80, 100])
    axes.tick_params(colors=INK)
    axes.grid(axis="x", color=GRID, alpha=0.3)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if spec["note"]:
        figure.suptitle(spec["title"], color=INK, fontsize=12)
        axes.set_title("\n".join(textwrap.wrap(spec["note"], NOTE_WIDTH)), color=INK, fontsize=9,
                       fontweight="bold")
    else:
        axes.set_title(spec["title"], color=INK, fontsize=12)
    return figure


def peer_chart_png(spec: dict[str, Any]) -> tuple[str, bytes]:
    return cached_png(KIND, spec, draw_peers)
