"""Charts as SVG (the respondent's report: real text, sharp at any size, small) or PNG (the staff
dashboard), drawn with matplotlib's object API (never pyplot, which keeps figures alive in a global
registry) and cached by content: the same data, labels and language give the same bytes without
drawing again. Any instance can rebuild any chart, so the cache is per process.

SVG keeps text as text (`svg.fonttype: none`), so the browser draws it in the page's fonts at
the size the chart is shown; the files hold no script and are served as image/svg+xml through <img>.

Chart modules (results, peers, dashboard) describe a chart as plain data and a draw function; matplotlib
is imported only here, when a chart is actually drawn.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any


class BoundedCache:
    """A thread-safe dict that forgets its least recently used entries beyond `size`."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value: Any) -> Any:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


CACHE_SIZE = 512
_pngs = BoundedCache(CACHE_SIZE)

PALETTE = ("#0b5cab", "#d9822b", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#455a64")


def chart_key(kind: str, spec: Any) -> str:
    """A digest of everything that changes the picture."""
    payload = json.dumps([kind, spec], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "digital-maturity", "svg.id": None,
                # Measured with DejaVu Sans (it ships with matplotlib); browsers fall back to
                # their own sans-serif, whose letters are no wider.
                "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"]}


def _configure() -> None:
    """Text as text in SVG, and the same ids every time (so equal charts are equal bytes). Set once
    for the process: these settings apply only to SVG output, which only these charts write."""
    import matplotlib

    if matplotlib.rcParams["svg.fonttype"] != "none":
        matplotlib.rcParams.update({k: v for k, v in SVG_SETTINGS.items()
                                    if k in matplotlib.rcParams})


def new_figure(width: float = 6.4, height: float = 4.0):
    """A fresh figure with the Agg canvas; no global state is touched."""
    from matplotlib.figure import Figure

    _configure()
    figure = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return figure


def figure_png(figure) -> bytes:
    """The figure as a 256-colour PNG: a third of the bytes of matplotlib's RGBA output for the
    same picture (flat colours and anti-aliased text fit a palette), so cached charts travel faster."""
    from PIL import Image

    rendered = io.BytesIO()
    figure.savefig(rendered, format="png", metadata={"Software": None})
    rendered.seek(0)
    with Image.open(rendered) as image:
        palette = image.convert("RGB").quantize(colors=256)
    compact = io.BytesIO()
    palette.save(compact, format="PNG")
    return compact.getvalue()


def figure_svg(figure) -> bytes:
    """The figure as SVG without a date or a generator comment, so the same chart gives the same
    bytes."""
    rendered = io.BytesIO()
    figure.savefig(rendered, format="svg", metadata={"Date": None, "Creator": None})
    text = rendered.getvalue().decode("utf-8")
    text = "\n".join(line for line in text.splitlines() if not line.startswith("<!-- Created"))
    return text.encode("utf-8")


_svgs = BoundedCache(CACHE_SIZE)


def _cached(cache: BoundedCache, kind: str, spec: Any, draw: Callable[[Any], Any],
            render: Callable[[Any], bytes]) -> tuple[str, bytes]:
    key = chart_key(kind, spec)
    found = cache.get(key)
    if found is None:
        found = cache.put(key, render(draw(spec)))
    return key, found


def cached_svg(kind: str, spec: Any, draw: Callable[[Any], Any]) -> tuple[str, bytes]:
    """Return (key, SVG bytes) for `draw(spec)`, drawing only on a cache miss."""
    return _cached(_svgs, kind, spec, draw, figure_svg)


def cached_png(kind: str, spec: Any, draw: Callable[[Any], Any]) -> tuple[str, bytes]:
    """Return (key, PNG bytes) for `draw(spec)`, drawing only on a cache miss."""
    return _cached(_pngs, kind, spec, draw, figure_png)


def clear_cache() -> None:
    _pngs.clear()
    _svgs.clear()
