"""The staff pages' selection (app.benchmark.selection.Selection) read from a query string (or the
export command's options), so a view can be bookmarked and shared.

Parsing never fails: an unknown value is dropped (that filter shows everything) and reported in
`errors`, so a mistyped or stale link still opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from app.benchmark.selection import Selection
from app.domain.numerals import whole_number
from app.domain.questionnaire import Questionnaire
from app.extensions import db
from app.models import AssessmentRound, AssessmentStatus
from app.questionnaires import Library

MAX_SEARCH_LENGTH = 100
MIN_YEAR, MAX_YEAR = 2000, 2999  # keeps date arithmetic in range whatever a link says
TRUE_VALUES = ("1", "true", "on", "yes")


def parse_filters(args: Mapping[str, str], library: Library) -> Selection:
    """The selection a query string asks for (or any mapping of the same names)."""
    errors: list[str] = []

    def choice(name: str, allowed) -> str | None:
        value = (args.get(name) or "").strip()
        if not value:
            return None
        if value not in allowed:
            errors.append(name)
            return None
        return value

    found_round = _round(args.get("round"), errors)
    questionnaire = _version(args.get("version"), library, errors, found_round)
    if found_round is not None and found_round.questionnaire_key != questionnaire.key:
        errors.append("round")  # a round of another version than the one asked for
        found_round = None
    region = choice("region", {r.id for r in library.regions.regions})
    found = library.regions.get(region)
    date_from, date_to = _date(args.get("from"), "from", errors), _date(args.get("to"), "to", errors)
    if date_from and date_to and date_from > date_to:
        errors.append("to")
        date_to = None
    search = " ".join((args.get("q") or "").split())[:MAX_SEARCH_LENGTH] or None
    return Selection(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        region=region,
        countries=found.countries if found else (),
        country=choice("country", questionnaire.option_ids("country")),
        org_type=choice("org_type", questionnaire.option_ids("org_type")),
        size_band=choice("size_band", questionnaire.option_ids("members_band")),
        date_from=date_from,
        date_to=date_to,
        include_sample=_flag(args.get("sample")),
        include_synthetic=_flag(args.get("synthetic")),
        status=choice("status", {s.value for s in AssessmentStatus}),
        search=search,
        round_id=found_round.id if found_round is not None else None,
        errors=tuple(errors),
    )


def questionnaire_of(filters: Selection, library: Library) -> Questionnaire:
    return library.get(filters.questionnaire_id, filters.version) or library.active


def _version(value: str | None, library: Library, errors: list[str],
             round_: AssessmentRound | None = None) -> Questionnaire:
    """The version asked for; without one, the round's (if it is served) or the active one."""
    if value:
        found = library.by_key(value)
        if found is not None:
            return found
        errors.append("version")
    if round_ is not None and not value:
        return library.get(round_.questionnaire_id, round_.questionnaire_version) or library.active
    return library.active


def _round(value: str | None, errors: list[str]) -> AssessmentRound | None:
    """The round of ?round=<id> (a programme round's number), None when not asked or unknown."""
    if not (value or "").strip():
        return None
    number = whole_number(value.strip(), 9)
    found = db.session.get(AssessmentRound, number) if number else None
    if found is None:
        errors.append("round")
    return found


def _date(value: str | None, name: str, errors: list[str]) -> date | None:
    if not value:
        return None
    try:
        parsed = date.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        errors.append(name)
        return None
    return parsed


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() in TRUE_VALUES
