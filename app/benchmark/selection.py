"""Which assessments a statistic, list or export covers: the one selection type.

The staff pages, charts and exports parse it from the query string (app.staff.filters
`parse_filters`, which also reports unknown values), `flask export` from its options, and the
results page builds one for its peers. `conditions()` is the WHERE clause over Assessment (the
profile filters read each assessment's own profile, the one it was submitted with);
`peer_conditions()` adds `is_peer`, the one rule of which assessments every score statistic
counts. `include_real` and `exclude_organization` serve the results page's peer groups and never
come from a query string.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, select, true

from app.models import Assessment, AssessmentStatus, Invitation, Source, Trust
from app.models.assessment import REAL_SOURCES

# Filter name -> the profile column (of Assessment) it selects on.
ORGANIZATION_FILTERS = {"country": "country", "org_type": "org_type", "size_band": "members_band"}


def is_peer() -> list[ColumnElement[bool]]:
    """Which assessments count in peer statistics (app.domain.provenance): submitted, the latest
    of its organization and questionnaire version, and trusted. Whether a source counts as real is
    the Selection's `sources` (sample and synthetic results never count as real organizations)."""
    return [Assessment.status == AssessmentStatus.SUBMITTED.value, Assessment.is_latest == true(),
            Assessment.trust == Trust.TRUSTED.value]


@dataclass(frozen=True)
class Selection:
    questionnaire_id: str
    version: int
    region: str | None = None
    countries: tuple[str, ...] = ()  # the region's countries, resolved when parsed
    country: str | None = None
    org_type: str | None = None
    size_band: str | None = None
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    include_real: bool = True  # respondents' and verified results; a samples-only peer group drops them
    include_sample: bool = False
    include_synthetic: bool = False
    status: str | None = None
    search: str | None = None
    round_id: int | None = None  # the assessments opened by this round's invitations
    exclude_organization: int | None = None  # the compared organization is never its own peer
    errors: tuple[str, ...] = field(default=(), compare=False)  # query-string names not understood

    @property
    def version_key(self) -> str:
        return f"{self.questionnaire_id}-v{self.version}"

    @property
    def sources(self) -> tuple[str, ...]:
        sources = list(REAL_SOURCES) if self.include_real else []
        if self.include_sample:
            sources.append(Source.SAMPLE.value)
        if self.include_synthetic:
            sources.append(Source.SYNTHETIC.value)
        return tuple(sources)

    def conditions(self, dated=Assessment.submitted_at,
                   with_status: bool = True) -> list[ColumnElement[bool]]:
        """WHERE clauses over Assessment (no join needed). `dated` is the column the date range
        applies to (submitted_at, or created_at for "started" counts)."""
        clauses = [Assessment.questionnaire_id == self.questionnaire_id,
                   Assessment.questionnaire_version == self.version,
                   Assessment.source.in_(self.sources), *self.profile_conditions()]
        if self.date_from:
            clauses.append(dated >= datetime.combine(self.date_from, time.min, UTC))
        if self.date_to:
            clauses.append(dated < datetime.combine(self.date_to + timedelta(days=1), time.min, UTC))
        if with_status and self.status:
            clauses.append(Assessment.status == self.status)
        if self.search:
            clauses.append(Assessment.name.ilike(f"%{escape_like(self.search)}%", escape="\\"))
        if self.round_id is not None:
            clauses.append(Assessment.id.in_(select(Invitation.assessment_id).where(
                Invitation.round_id == self.round_id, Invitation.assessment_id.is_not(None))))
        if self.exclude_organization is not None:
            clauses.append(Assessment.organization_id != self.exclude_organization)
        return clauses

    def profile_conditions(self) -> list[ColumnElement[bool]]:
        """The clauses on the assessment's profile alone (region, country, type, size band)."""
        clauses = [Assessment.country.in_(self.countries)] if self.region else []
        for name, column in ORGANIZATION_FILTERS.items():
            value = getattr(self, name)
            if value:
                clauses.append(getattr(Assessment, column) == value)
        return clauses

    def peer_conditions(self) -> list[ColumnElement[bool]]:
        """The selected peers (`is_peer`): each organization once, trusted results only."""
        return [*self.conditions(), *is_peer()]

    def query_args(self, **changes) -> dict[str, str]:
        """The query string that reproduces this selection (defaults left out)."""
        current = replace(self, **changes) if changes else self
        args = {"version": current.version_key}
        for name in ("region", "country", "org_type", "size_band", "status"):
            if getattr(current, name):
                args[name] = getattr(current, name)
        if current.search:
            args["q"] = current.search
        if current.round_id is not None:
            args["round"] = str(current.round_id)
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
