"""What every browser test module shares (import the fixtures into the module: `from tests.browser
import base_url, browser_type_launch_args  # noqa: F401`): the system's Chromium with the flags this
machine needs, skipped with the reason where it is missing, and the accessibility check with the
vendored axe-core (tests/vendor/axe.min.js, axe-core 4.10.3 from the npm registry, with its
licence)."""

from __future__ import annotations

import os
import re
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


AXE = Path(__file__).parent / "vendor" / "axe.min.js"


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as shown (the browser context must
    bypass the CSP so the script can be injected); fails when axe ran no rule at all."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    passed, violations = page.evaluate("""() => axe.run(document).then(result => [
        result.passes.length,
        result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
          .map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ')).join(', '))])""")
    assert passed > 0, "axe-core ran no rule"
    return violations


def assert_chart_text_legible(page, base_url: str, images) -> None:
    """Every chart image (SVG, with alt text) draws its smallest text at 11 CSS px or more, at
    the width the page shows it."""
    for index in range(images.count()):
        image = images.nth(index)
        image.scroll_into_view_if_needed()
        src = image.get_attribute("src")
        svg = page.request.get(base_url + src)
        assert svg.headers["content-type"].startswith("image/svg+xml")
        text = svg.text()
        view_width = float(re.search(r'viewBox="0 0 ([\d.]+) ', text).group(1))
        smallest = min(float(s) for s in re.findall(r"font-size: ([\d.]+)px", text))
        shown = image.evaluate("i => i.getBoundingClientRect().width")
        assert smallest * shown / view_width >= 11, src
        assert image.get_attribute("alt")
