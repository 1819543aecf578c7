"""The peer comparison chart, as SVG: per dimension its name above a 0-100 axis with the peers'
interquartile range as a bar, their median as a tick and the organization's score as a dot.

The spec holds everything drawn (labels already in the page's language, numbers rounded to what the
eye can tell apart), so it doubles as the cache key. Sizes as app.charts.results explains.
"""

from __future__ import annotations

import textwrap
from typing import Any

from app.charts import PALETTE, cached_svg, new_figure
from app.charts.results import INK, LABEL_WIDTH, MIN_FONT, RANGE, WIDTH, legend_text, score_axis

KIND = "peers"
NOTE_WIDTH = 40


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 1)


def peer_chart_spec(title: str, rows: list[dict[str, Any]], legend: dict[str, str],
                    note: str = "") -> dict[str, Any]:
    """rows: {"label", "score", "q1", "median", "q3"} per dimension (None where not shown);
    legend: the words for "score", "median", "range"; note: a footnote such as the sample notice.
    `title` is kept in the spec (it names the group) but shown by the page, not drawn."""
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
    wrapped = [textwrap.wrap(r["label"], LABEL_WIDTH) or [r["label"]] for r in rows]
    note = textwrap.wrap(spec["note"], NOTE_WIDTH) if spec["note"] else []
    lines = sum(len(w) for w in wrapped)
    figure = new_figure(WIDTH, 1.35 + 0.42 * len(rows) + 0.2 * lines + 0.2 * len(note))
    axes = figure.add_subplot()
    position = 0.0
    for row, label_lines in zip(rows, wrapped, strict=True):
        axes.text(0, position, "\n".join(label_lines), va="top", ha="left", color=INK,
                  fontsize=MIN_FONT)
        middle = position + 0.34 * len(label_lines) + 0.28
        if row["q1"] is not None and row["q3"] is not None:
            axes.barh(middle, max(row["q3"] - row["q1"], 0.8), left=row["q1"], height=0.36,
                      color=RANGE)
        if row["median"] is not None:
            axes.plot([row["median"]] * 2, [middle - 0.22, middle + 0.22], color=INK, linewidth=2)
        if row["score"] is not None:
            axes.plot(row["score"], middle, marker="o", markersize=8, color=PALETTE[1],
                      markeredgecolor=INK, linestyle="none")
        position = middle + 0.45
    score_axis(axes, position)
    legend = spec["legend"]
    handles = [Patch(color=RANGE, label=legend_text(legend["range"])),
               Line2D([], [], color=INK, linewidth=2, label=legend_text(legend["median"])),
               Line2D([], [], marker="o", color=PALETTE[1], markeredgecolor=INK, linestyle="none",
                      label=legend_text(legend["score"]))]
    figure.legend(handles=handles, loc="outside lower center", ncols=1, frameon=False,
                  fontsize=MIN_FONT)
    if note:
        figure.suptitle("\n".join(note), color=INK, fontsize=MIN_FONT, fontweight="bold")
    return figure


def peer_chart_svg(spec: dict[str, Any]) -> tuple[str, bytes]:
    return cached_svg(KIND, spec, draw_peers)
