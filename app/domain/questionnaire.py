"""The immutable questionnaire model that the loader builds from a YAML file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.domain.question_types import QuestionType

NOT_APPLICABLE = "_na"
"""The stored answer of a question answered "not applicable" (option ids never start with "_")."""

ORGANIZATION_FIELDS = ("name", "country", "org_type", "scope", "members_band", "staff_band",
                       "sme_share_band")
"""The organization's profile: what a profile question's `organization_field` may name, what peer
groups and exports read."""


@dataclass(frozen=True)
class LocalizedText:
    """One text in every language of the questionnaire."""

    texts: Mapping[str, str]
    fallback: str

    def __call__(self, locale: str | None) -> str:
        return self.texts.get(locale or self.fallback) or self.texts[self.fallback]

    def __str__(self) -> str:
        return self.texts[self.fallback]


@dataclass(frozen=True)
class Option:
    id: str
    label: LocalizedText
    points: float = 0.0
    exclusive: bool = False


@dataclass(frozen=True)
class Row:
    id: str
    label: LocalizedText


@dataclass(frozen=True)
class Critical:
    """Answers that are a critical gap, with the advice the respondent gets for them."""

    when: tuple[str, ...]
    advice: LocalizedText

    def matches(self, answer: Any) -> bool:
        """True when the answer is one of the listed options or, for a list of options (a multi
        question), includes one of them."""
        if isinstance(answer, (list, tuple)):
            return any(option_id in self.when for option_id in answer)
        return isinstance(answer, str) and answer in self.when


@dataclass(frozen=True)
class Question:
    id: str
    kind: QuestionType
    dimension: str | None
    text: LocalizedText
    help: LocalizedText | None
    required: bool = True
    weight: float = 1.0
    not_applicable: bool = False
    options: tuple[Option, ...] = ()
    rows: tuple[Row, ...] = ()
    input: str | None = None
    organization_field: str | None = None
    critical: Critical | None = None

    @property
    def scored(self) -> bool:
        return self.kind.scored

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def is_answered(self, value: Any) -> bool:
        return self.kind.is_answered(self, value)

    def is_partial(self, value: Any) -> bool:
        """Begun but not finished (a grid with some rows answered): kept in a draft, counted as
        not answered."""
        return not self.kind.is_blank(self, value) and not self.kind.is_answered(self, value)

    def answered_share(self, value: Any) -> float:
        return self.kind.answered_share(self, value)


@dataclass(frozen=True)
class Dimension:
    id: str
    weight: float
    title: LocalizedText
    description: LocalizedText


@dataclass(frozen=True)
class Stage:
    id: str
    min: float
    name: LocalizedText
    description: LocalizedText


@dataclass(frozen=True)
class CrosswalkDimension:
    """A dimension of this version that measures what `older_dimension` of the older version did."""

    dimension: str
    older_dimension: str
    line: int | None = field(default=None, compare=False)  # in the file, for problems about it


@dataclass(frozen=True)
class CrosswalkQuestion:
    """How the answers to `older_question` of the older version carry over to `question`."""

    question: str
    older_question: str
    options: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    rows: Mapping[str, str | None] = field(default_factory=lambda: MappingProxyType({}))
    line: int | None = field(default=None, compare=False)

    def option(self, older_option: str) -> str | None:
        """This version's option (or step) for an older one; None carries nothing. An id the
        crosswalk does not list carries over as it is."""
        return self.options.get(older_option, older_option)

    def row(self, older_row: str) -> str | None:
        return self.rows.get(older_row, older_row)


@dataclass(frozen=True)
class Crosswalk:
    """How an older version's answers carry over to this one (for prefilling a re-assessment)."""

    older: str  # the older version's key, e.g. "digital-maturity-v1"
    dimensions: tuple[CrosswalkDimension, ...] = ()
    questions: tuple[CrosswalkQuestion, ...] = ()
    line: int | None = field(default=None, compare=False)

    def for_question(self, question_id: str) -> CrosswalkQuestion | None:
        return next((q for q in self.questions if q.question == question_id), None)


@dataclass(frozen=True)
class Questionnaire:
    id: str
    version: int
    languages: tuple[str, ...]
    title: LocalizedText
    intro: LocalizedText | None
    scales: Mapping[str, tuple[Option, ...]]
    dimensions: tuple[Dimension, ...]
    questions: tuple[Question, ...]
    stages: tuple[Stage, ...]
    recommendations: Mapping[str, Mapping[str, LocalizedText]]
    scoring_method: LocalizedText | None
    source: str = ""
    crosswalk: Crosswalk | None = None
    _by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({q.id: q for q in self.questions}))

    @property
    def key(self) -> str:
        return f"{self.id}-v{self.version}"

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def dimension(self, dimension_id: str) -> Dimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def questions_in(self, dimension_id: str | None) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.dimension == dimension_id)

    @property
    def profile_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if not q.scored)

    @property
    def scored_questions(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.scored)

    def stage_for(self, score: float | None) -> Stage | None:
        if score is None:
            return None
        reached = [s for s in self.stages if score >= s.min]
        return reached[-1] if reached else self.stages[0]

    def missing_required(self, answers: Mapping[str, Any],
                         dimension_id: str | None | object = ...) -> tuple[Question, ...]:
        """Required questions (of one dimension, when given) that have no answer yet."""
        return tuple(q for q in self.questions
                     if q.required and (dimension_id is ... or q.dimension == dimension_id)
                     and not q.is_answered(answers.get(q.id)))

    def partial_answers(self, answers: Mapping[str, Any]) -> tuple[Question, ...]:
        """Questions begun but not finished (see Question.is_partial), required or not: a draft
        with one cannot be submitted until it is finished or cleared."""
        return tuple(q for q in self.questions if q.id in answers and q.is_partial(answers[q.id]))

    def question_for_field(self, organization_field: str) -> Question | None:
        """The profile question that gives this organization field, if any."""
        return next((q for q in self.questions if q.organization_field == organization_field),
                    None)

    def option_ids(self, organization_field: str) -> tuple[str, ...]:
        """The codes an organization field takes from its profile question (none when free text
        or absent)."""
        question = self.question_for_field(organization_field)
        return tuple(o.id for o in question.options) if question else ()

    def organization_fields(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The organization fields that these answers (stored values by question id, None for a
        cleared answer) set: a cleared name becomes "", any other cleared field None."""
        fields = {}
        for question_id, value in answers.items():
            question = self.question(question_id)
            if question is not None and question.organization_field:
                name = question.organization_field
                fields[name] = value if value is not None else ("" if name == "name" else None)
        return fields

    def profile(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """The whole profile a complete set of stored answers gives (what an assessment keeps when
        it is submitted): every ORGANIZATION_FIELDS name, None where not answered."""
        fields = self.organization_fields(answers)
        return {name: fields.get(name) or None for name in ORGANIZATION_FIELDS}

    def stage(self, stage_id: str | None) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    def recommendation(self, dimension_id: str, stage_id: str) -> LocalizedText | None:
        return self.recommendations.get(dimension_id, {}).get(stage_id)
