"""Where to go after signing in or switching language: only a path on this site, never another host."""

from __future__ import annotations

from urllib.parse import urlsplit

MAX_LENGTH = 2000


def safe_next(target: str | None) -> str | None:
    """`target` when it is a same-host relative path, else None.

    Browsers treat `//host`, `/\\host` and `\\\\host` as other hosts, and strip tabs and newlines
    before parsing, so any of those (or a scheme) is refused outright rather than cleaned.
    """
    if not target or len(target) > MAX_LENGTH:
        return None
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
