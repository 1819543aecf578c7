"""The selection every staff page, chart and export shares, read from a query string (or the
export command's options) so a view can be bookmarked and shared.

Parsing never fails: an unknown value is dropped (that filter shows everything) and reported in
`errors`, so a mistyped or stale link still opens.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement

from app.domain.questionnaire import Question, Questionnaire
from app.models import Assessment, AssessmentStatus, Organization, Source
from app.models.assessment import REAL_SOURCES
from app.questionnaires import Library

MAX_SEARCH_LENGTH = 100
MIN_YEAR, MAX_YEAR = 2000, 2999  # keeps date arithmetic in range whatever a link says
TRUE_VALUES = ("1", "true", "on", "yes")

# Filter name -> the Organization column it selects on.
ORGANIZATION_FILTERS = {"country": "country", "org_type": "org_type", "size_band": "members_band"}


@dataclass(frozen=True)
class AssessmentFilters:
    questionnaire_id: str
    version: int
    region: str | None = None
    countries: tuple[str, ...] = ()  # the region's countries, resolved when parsed
    country: str | None = None
    org_type: str | None = None
    size_band: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    include_sample: bool = False
    include_synthetic: bool = False
    status: str | None = None
    search: str | None = None
    errors: tuple[str, ...] = field(default=(), compare=False)

    @property
    def version_key(self) -> str:
        return f"{self.questionnaire_id}-v{self.version}"

    @property
    def sources(self) -> tuple[str, ...]:
        sources = list(REAL_SOURCES)
        if self.include_sample:
            sources.append(Source.SAMPLE.value)
        if self.include_synthetic:
            sources.append(Source.SYNTHETIC.value)
        return tuple(sources)

    def conditions(self, dated=Assessment.submitted_at,
                   with_status: bool = True) -> list[ColumnElement[bool]]:
        """WHERE clauses over Assessment joined with Organization. `dated` is the column the date
        range applies to (submitted_at, or created_at for "started" counts)."""
        clauses = [Assessment.questionnaire_id == self.questionnaire_id,
                   Assessment.questionnaire_version == self.version,
                   Assessment.source.in_(self.sources)]
        if self.region:
            clauses.append(Organization.country.in_(self.countries))
        for name, column in ORGANIZATION_FILTERS.items():
            value = getattr(self, name)
            if value:
                clauses.append(getattr(Organization, column) == value)
        if self.date_from:
            clauses.append(dated >= datetime.combine(self.date_from, time.min, UTC))
        if self.date_to:
            clauses.append(dated < datetime.combine(self.date_to + timedelta(days=1), time.min, UTC))
        if with_status and self.status:
            clauses.append(Assessment.status == self.status)
        if self.search:
            clauses.append(Organization.name.ilike(f"%{escape_like(self.search)}%", escape="\\"))
        return clauses

    def query_args(self, **changes) -> dict[str, str]:
        """The query string that reproduces these filters (defaults left out)."""
        current = replace(self, **changes) if changes else self
        args = {"version": current.version_key}
        for name in ("region", "country", "org_type", "size_band", "status"):
            if getattr(current, name):
                args[name] = getattr(current, name)
        if current.search:
            args["q"] = current.search
        if current.date_from:
            args["from"] = current.date_from.isoformat()
        if current.date_to:
            args["to"] = current.date_to.isoformat()
        if current.include_sample:
            args["sample"] = "1"
        if current.include_synthetic:
            args["synthetic"] = "1"
        return args


def escape_like(text: str) -> str:
    """The text as a LIKE pattern that matches itself: % and _ are literal."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def profile_question(questionnaire: Questionnaire, organization_field: str) -> Question | None:
    return next((q for q in questionnaire.questions if q.organization_field == organization_field),
                None)


def option_ids(questionnaire: Questionnaire, organization_field: str) -> tuple[str, ...]:
    question = profile_question(questionnaire, organization_field)
    return tuple(o.id for o in question.options) if question else ()


def parse_filters(args: Mapping[str, str], library: Library) -> AssessmentFilters:
    """Filters from a query string (or any mapping of the same names)."""
    errors: list[str] = []

    def choice(name: str, allowed) -> str | None:
        value = (args.get(name) or "").strip()
        if not value:
            return None
        if value not in allowed:
            errors.append(name)
            return None
        return value

    questionnaire = _version(args.get("version"), library, errors)
    region = choice("region", {r.id for r in library.regions.regions})
    found = library.regions.get(region)
    date_from, date_to = _date(args.get("from"), "from", errors), _date(args.get("to"), "to", errors)
    if date_from and date_to and date_from > date_to:
        errors.append("to")
        date_to = None
    search = " ".join((args.get("q") or "").split())[:MAX_SEARCH_LENGTH] or None
    return AssessmentFilters(
        questionnaire_id=questionnaire.id,
        version=questionnaire.version,
        region=region,
        countries=found.countries if found else (),
        country=choice("country", option_ids(questionnaire, "country")),
        org_type=choice("org_type", option_ids(questionnaire, "org_type")),
        size_band=choice("size_band", option_ids(questionnaire, "members_band")),
        date_from=date_from,
        date_to=date_to,
        include_sample=_flag(args.get("sample")),
        include_synthetic=_flag(args.get("synthetic")),
        status=choice("status", {s.value for s in AssessmentStatus}),
        search=search,
        errors=tuple(errors),
    )


def questionnaire_of(filters: AssessmentFilters, library: Library) -> Questionnaire:
    return library.get(filters.questionnaire_id, filters.version) or library.active


def _version(value: str | None, library: Library, errors: list[str]) -> Questionnaire:
    if value:
        for questionnaire in library.versions.values():
            if questionnaire.key == value:
                return questionnaire
        errors.append("version")
    return library.active


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
