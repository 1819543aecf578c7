"""The response headers every page carries, the proxy settings, and a guard against request values
no browser sends. This is the one place that sets security headers.

The Content-Security-Policy allows scripts, styles and images from this site only, so no template may
hold an inline <script>, a style="" attribute or an on*= handler (tests/test_security_headers.py
scans every template for them).
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

# One year, the value browsers' preload lists ask for.
HSTS = "max-age=31536000; includeSubDomains"

# How many proxies in front of the app may set each X-Forwarded-* header (0 = trust none).
PROXY_SETTINGS = {"x_for": "PROXY_FIX_X_FOR", "x_proto": "PROXY_FIX_X_PROTO",
                  "x_host": "PROXY_FIX_X_HOST", "x_port": "PROXY_FIX_X_PORT",
                  "x_prefix": "PROXY_FIX_X_PREFIX"}


def init_app(app: Flask) -> None:
    register_trusted_hosts(app)
    register_proxy_fix(app)
    register_headers(app)
    register_input_guard(app)


def register_trusted_hosts(app: Flask) -> None:
    """Which Host headers are believed. Flask 3.1 checks every request's Host (after ProxyFix, so
    X-Forwarded-Host too when trusted) against TRUSTED_HOSTS and answers 400 to any other; the
    list defaults to SERVER_NAME's host. Production refuses to start with neither, since every
    absolute link (the private resume link) would then be built from whatever Host a request
    sent."""
    server_name = app.config.get("SERVER_NAME")
    if not app.config.get("TRUSTED_HOSTS") and server_name:
        app.config["TRUSTED_HOSTS"] = [urlsplit("//" + server_name).hostname]
    if app.config.get("REQUIRE_TRUSTED_HOSTS") and not app.config.get("TRUSTED_HOSTS"):
        raise RuntimeError("Set SERVER_NAME (the site's host name) or TRUSTED_HOSTS (the host "
                           "names it answers to, comma-separated) in production.")


def register_proxy_fix(app: Flask) -> None:
    """Behind a reverse proxy, trust X-Forwarded-* from exactly as many proxies as configured
    (PROXY_FIX_X_FOR=1 for one nginx). Trusting more than there are lets a client forge its
    address and dodge rate limits; trusting none behind a proxy rate-limits everyone as one."""
    counts = {arg: _count(app, name) for arg, name in PROXY_SETTINGS.items()}
    if any(counts.values()):
        app.wsgi_app = ProxyFix(app.wsgi_app, **counts)


def _count(app: Flask, name: str) -> int:
    value = app.config.get(name, os.environ.get(name, 0))
    try:
        return max(int(value), 0)
    except (TypeError, ValueError):
        raise RuntimeError(f"{name} must be a whole number of proxies, not {value!r}") from None


def register_headers(app: Flask) -> None:
    """HSTS only where the site is served over HTTPS: production, whose cookies are Secure."""
    hsts = app.config.get("HSTS_ENABLED", bool(app.config.get("SESSION_COOKIE_SECURE")))

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers[name] = value
        if hsts:
            response.headers["Strict-Transport-Security"] = HSTS
        if response.mimetype == "text/html":
            # Pages may show a private resume link or results; never keep them in shared caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response


# The largest id an INTEGER primary key holds on PostgreSQL.
MAX_ID = 2**31 - 1
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def register_input_guard(app: Flask) -> None:
    """Refuse, before any view sees them, requests that no page of this site sends:

    - a NUL character in the URL or a form field (no browser sends one; PostgreSQL cannot store
      one in text): 400;
    - a number in the URL that no id column can hold (`<int:id>` accepts any length; the database
      driver cannot even send such a number): 404, as for any id that does not exist;
    - a JSON body (every form here posts form encoding; Flask-WTF would hand a JSON body to the
      form as its data, and a body like `false` or `[1]` makes it fail): 415.
    """

    @app.before_request
    def refuse_what_no_page_sends():
        if "\x00" in request.path or _has_nul(request.args):
            abort(400)
        if any(isinstance(value, int) and not 0 <= value <= MAX_ID
               for value in (request.view_args or {}).values()):
            abort(404)
        if request.is_json and request.method not in ("GET", "HEAD", "OPTIONS"):
            abort(415)
        if request.mimetype in FORM_TYPES and _has_nul(request.form):
            abort(400)


def _has_nul(values) -> bool:
    return any("\x00" in (key or "") or (isinstance(value, str) and "\x00" in value)
               for key, value in values.items(multi=True))
