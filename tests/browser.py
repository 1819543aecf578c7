"""Fixtures every browser test module needs (import them into the module: `from tests.browser import
base_url, browser_type_launch_args  # noqa: F401`): the system's Chromium with the flags this
machine needs, skipped with the reason where it is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """The system's Chromium (never a downloaded one); skipped, with the reason, without it."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"REQUIRE_BROWSER is set but {reason}")
        pytest.skip(reason)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM),
            "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS]}


@pytest.fixture(scope="session")
def base_url():
    """Replaces pytest-base-url's fixture, whose instance-method form this pytest deprecates
    (warnings are errors here); the tests pass full URLs."""
    return None
