"""The report as a PDF, rendered on the server by WeasyPrint from the same HTML and print stylesheet
as the page (A4, in the page's language: page 1 the summary, then dimensions with charts, peers,
recommendations, the method, and the answers).

WeasyPrint needs the system's Pango and HarfBuzz libraries. When it cannot load them the app still
runs: `unavailable()` says why, the page says the PDF cannot be made on this server and keeps its
print button, and the PDF route answers 503 with the same words.

The renderer fetches nothing over the network: stylesheets are read from the static folder and the
charts are handed over inline (app.results.access.Links), any other URL is refused.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from flask import current_app

log = logging.getLogger(__name__)


@functools.cache
def _load():
    """(HTML class, None) or (None, the reason it cannot be used)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: a system library is missing
        log.warning("PDF reports disabled: WeasyPrint cannot be loaded (%s)", error)
        return None, f"{error.__class__.__name__}: {error}"
    return HTML, None


def unavailable() -> str | None:
    """Why PDFs cannot be made here, or None when they can."""
    if current_app.config.get("PDF_DISABLED"):
        return "PDF_DISABLED is set"
    return _load()[1]


def _fetcher(static_folder: Path, static_path: str):
    """A WeasyPrint URL fetcher that serves data: URIs and this app's static files, nothing else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFiles(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            marker = f"{static_path}/"
            if marker in url:
                name = url.split(marker, 1)[1].split("?", 1)[0]
                path = (static_folder / name).resolve()
                if path.is_file() and static_folder.resolve() in path.parents:
                    return URLFetcherResponse(url, path.read_bytes(),
                                              {"Content-Type": _mime(path)})
            raise ValueError(f"not fetched for a PDF: {url}")

    return StaticFiles(allowed_protocols=("data", "http", "https"))


def _mime(path: Path) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        path.suffix, "application/octet-stream")


def render_pdf(html: str, base_url: str) -> bytes:
    """The PDF of a rendered report page."""
    html_class = _load()[0]
    if html_class is None:
        raise RuntimeError("WeasyPrint is not available")
    fetch = _fetcher(Path(current_app.static_folder), current_app.static_url_path)
    return html_class(string=html, base_url=base_url, url_fetcher=fetch).write_pdf()
