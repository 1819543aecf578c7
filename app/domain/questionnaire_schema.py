"""The shape of a questionnaire file (questionnaires/FORMAT.md) as pydantic models: which keys each
mapping takes and the type of each value. Rules that relate entries to one another live in
app.domain.questionnaire_rules; each question type's own rules in its `check_definition`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from app.domain.question_types import REGISTRY
from app.domain.schema import (
    Entry,
    Id,
    Languages,
    Number,
    OptionId,
    Percent,
    Positive,
    PositiveWhole,
    Text,
    broken,
    identifier,
)

QuestionnaireId = identifier(r"[a-z][a-z0-9-]*", "lowercase letters, digits and dashes, starting with "
                                                 "a letter")
VersionKey = identifier(r"[a-z][a-z0-9-]*-v[1-9][0-9]*", "a questionnaire version such as "
                                                         "digital-maturity-v1")
OrganizationField = Literal["name", "country", "org_type", "scope", "members_band", "staff_band",
                            "sme_share_band"]


def _known_type(name: str) -> str:
    if name not in REGISTRY:
        raise broken(f"unknown question type {name!r}; known: {', '.join(sorted(REGISTRY))}")
    return name


QuestionTypeName = Annotated[str, AfterValidator(_known_type)]


class OptionEntry(Entry):
    id: OptionId
    label: Text
    points: Number | None = None  # what a missing value means is the type's rule (default 1)
    exclusive: bool = False


class RowEntry(Entry):
    id: OptionId
    label: Text


class CriticalEntry(Entry):
    when: Annotated[list[OptionId], Field(min_length=1)]
    advice: Text


class QuestionEntry(Entry):
    id: Id
    type: QuestionTypeName
    dimension: Id | None = None
    text: Text
    help: Text | None = None
    required: bool = True
    weight: Positive = 1.0
    not_applicable: bool = False
    options: list[OptionEntry] = []
    rows: list[RowEntry] = []
    input: str | None = None
    organization_field: OrganizationField | None = None
    critical: CriticalEntry | None = None


class DimensionEntry(Entry):
    id: Id
    weight: Positive = 1.0
    title: Text
    description: Text


class StageEntry(Entry):
    id: Id
    min: Percent
    name: Text
    description: Text


class DimensionLink(Entry):
    """Crosswalk: a dimension of this file that measures what an older version's dimension did."""

    to: Id
    from_: Id = Field(alias="from")


class QuestionLink(Entry):
    """Crosswalk: how the answers to an older version's question carry over to one of this file."""

    to: Id
    from_: Id = Field(alias="from")
    options: dict[OptionId, OptionId | None] = {}
    rows: dict[OptionId, OptionId | None] = {}


class CrosswalkEntry(Entry):
    from_: VersionKey = Field(alias="from")
    dimensions: list[DimensionLink] = []
    questions: list[QuestionLink] = []


class QuestionnaireFile(Entry):
    id: QuestionnaireId
    version: PositiveWhole
    languages: Annotated[Languages, Field(min_length=1)]
    title: Text
    intro: Text | None = None
    scales: dict[Id, list[OptionEntry]] = {}
    dimensions: Annotated[list[DimensionEntry], Field(min_length=1)]
    questions: Annotated[list[QuestionEntry], Field(min_length=1)]
    stages: Annotated[list[StageEntry], Field(min_length=1)]
    recommendations: dict[Id, dict[Id, Text]]
    scoring_method: Text | None = None
    crosswalk: CrosswalkEntry | None = None
