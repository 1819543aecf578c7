"""Charts as PNG bytes, drawn with matplotlib's object API (never pyplot, which keeps figures alive
in a global registry) and cached by content: the same data, labels and language give the same bytes
without drawing again. Any instance can rebuild any chart, so the cache is per process.

Chart modules (results, peers, dashboard) describe a chart as plain data and a draw function; matplotlib
is imported only here, when a chart is actually drawn.
"""

from __future__ import annotations

import hashlib
import io
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

CACHE_SIZE = 512
_cache: OrderedDict[str, bytes] = OrderedDict()
_lock = threading.Lock()

PALETTE = ("#0b5cab", "#d9822b", "#2e7d32", "#8e24aa", "#c62828", "#00838f", "#6d4c41", "#455a64")


def chart_key(kind: str, spec: Any) -> str:
    """A digest of everything that changes the picture."""
    payload = json.dumps([kind, spec], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def new_figure(width: float = 6.4, height: float = 4.0):
    """A fresh figure with the Agg canvas; no global state is touched."""
    from matplotlib.figure import Figure

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


def cached_png(kind: str, spec: Any, draw: Callable[[Any], Any]) -> tuple[str, bytes]:
    """Return (key, PNG bytes) for `draw(spec)`, drawing only on a cache miss."""
    key = chart_key(kind, spec)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return key, _cache[key]
    png = figure_png(draw(spec))
    with _lock:
        _cache[key] = png
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return key, png


def clear_cache() -> None:
    with _lock:
        _cache.clear()
