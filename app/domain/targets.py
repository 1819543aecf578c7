"""Target scores a respondent sets for the next assessment, read from what a form posted. Plain
Python: a target is a number from 0 to 100 per dimension (a decimal comma or point), or blank for
none."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

LOWEST, HIGHEST = 0.0, 100.0


def read_targets(posted: Mapping[str, str], dimension_ids: Iterable[str]
                 ) -> tuple[dict[str, float | None], dict[str, str]]:
    """({dimension id: target or None}, {dimension id: error code}) where the code is "number"
    (not a number) or "range" (outside 0-100). Unknown names are ignored."""
    targets: dict[str, float | None] = {}
    errors: dict[str, str] = {}
    for dimension_id in dimension_ids:
        text = (posted.get(dimension_id) or "").strip().replace(",", ".")
        if not text:
            targets[dimension_id] = None
            continue
        try:
            value = float(text)
        except ValueError:
            errors[dimension_id] = "number"
            continue
        if not LOWEST <= value <= HIGHEST or value != value:  # NaN compares unequal to itself
            errors[dimension_id] = "range"
            continue
        targets[dimension_id] = round(value, 1)
    return targets, errors
