"""Load a questionnaire file into immutable domain objects, reporting every problem at once.

Each problem names the file, the line and the path inside the document
(e.g. `x.yaml:12: questions[4].options[2].points: must be a number, not the text 'two'`), so an
editor can fix them all in one pass. The file's shape is checked by its pydantic schema
(app.domain.questionnaire_schema), its meaning by app.domain.questionnaire_rules; only a file with
no problem is built into a `Questionnaire`.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from pydantic import TypeAdapter

from app.domain.datafile import DataFileError, Document, Problem, Report, parse_yaml, read_yaml, valid
from app.domain.question_types import REGISTRY
from app.domain.questionnaire import (
    Critical,
    Crosswalk,
    CrosswalkDimension,
    CrosswalkQuestion,
    Dimension,
    LocalizedText,
    Option,
    Question,
    Questionnaire,
    Row,
    Stage,
)
from app.domain.questionnaire_rules import QuestionnaireRules
from app.domain.questionnaire_schema import (
    CrosswalkEntry,
    OptionEntry,
    QuestionEntry,
    QuestionnaireFile,
)
from app.domain.schema import Languages, text_context

_LANGUAGES = TypeAdapter(Languages)

__all__ = ["Problem", "QuestionnaireError", "load_questionnaire", "parse_questionnaire"]


class QuestionnaireError(DataFileError):
    """A questionnaire file that cannot be used, with every problem found in it."""


def parse_questionnaire(text: str, source: str = "<string>") -> Questionnaire:
    """Build a questionnaire from YAML text; raise QuestionnaireError listing every problem."""
    return _load(parse_yaml(text, source, QuestionnaireError))


def load_questionnaire(path: str | Path) -> Questionnaire:
    return _load(read_yaml(path, QuestionnaireError))


def _load(document: Document) -> Questionnaire:
    data = document.data
    languages = valid(_LANGUAGES, data.get("languages")) if isinstance(data, dict) else None
    context = text_context(tuple(languages) if languages else None)
    report = Report(document)
    checked = report.validate(QuestionnaireFile, data, context)
    if isinstance(data, dict):
        QuestionnaireRules(data, report, context).check()
    report.raise_for(QuestionnaireError)
    return _Builder(document, checked).questionnaire()


class _Builder:
    """Turns a file that passed every check into the domain objects."""

    def __init__(self, document: Document, checked: QuestionnaireFile):
        self.document, self.checked = document, checked
        self.languages = tuple(checked.languages)

    def text(self, texts: dict[str, str] | None) -> LocalizedText | None:
        if texts is None:
            return None
        return LocalizedText(MappingProxyType({lang: texts[lang].strip() for lang in self.languages}),
                             self.languages[0])

    def option(self, entry: OptionEntry) -> Option:
        points = 1.0 if entry.points is None else float(entry.points)
        return Option(entry.id, self.text(entry.label), points, entry.exclusive)

    def question(self, entry: QuestionEntry, scales: dict[str, tuple[Option, ...]]) -> Question:
        kind = REGISTRY[entry.type]
        critical = entry.critical
        return Question(
            id=entry.id,
            kind=kind,
            dimension=entry.dimension if kind.scored else None,
            text=self.text(entry.text),
            help=self.text(entry.help),
            required=entry.required,
            weight=float(entry.weight),
            not_applicable=entry.not_applicable,
            options=scales[kind.scale] if kind.scale else tuple(self.option(o) for o in entry.options),
            rows=tuple(Row(row.id, self.text(row.label)) for row in entry.rows),
            input=entry.input,
            organization_field=entry.organization_field,
            critical=critical and Critical(tuple(critical.when), self.text(critical.advice)),
        )

    def crosswalk(self, entry: CrosswalkEntry | None) -> Crosswalk | None:
        if entry is None:
            return None
        lines = self.document.lines
        return Crosswalk(
            older=entry.from_,
            dimensions=tuple(
                CrosswalkDimension(link.to, link.from_, lines.get(("crosswalk", "dimensions", index)))
                for index, link in enumerate(entry.dimensions)),
            questions=tuple(
                CrosswalkQuestion(link.to, link.from_, MappingProxyType(dict(link.options)),
                                  MappingProxyType(dict(link.rows)),
                                  lines.get(("crosswalk", "questions", index)))
                for index, link in enumerate(entry.questions)),
            line=lines.get(("crosswalk", "from")))

    def questionnaire(self) -> Questionnaire:
        checked = self.checked
        scales = {name: tuple(self.option(step) for step in steps) for name, steps in checked.scales.items()}
        stages = tuple(Stage(s.id, float(s.min), self.text(s.name), self.text(s.description))
                       for s in checked.stages)
        dimensions = tuple(Dimension(d.id, float(d.weight), self.text(d.title), self.text(d.description))
                           for d in checked.dimensions)
        recommendations = {d.id: MappingProxyType({s.id: self.text(checked.recommendations[d.id][s.id])
                                                   for s in stages})
                           for d in dimensions}
        return Questionnaire(
            id=checked.id, version=checked.version, languages=self.languages,
            title=self.text(checked.title), intro=self.text(checked.intro),
            scales=MappingProxyType(scales), dimensions=dimensions,
            questions=tuple(self.question(q, scales) for q in checked.questions),
            stages=stages, recommendations=MappingProxyType(recommendations),
            scoring_method=self.text(checked.scoring_method), source=self.document.source,
            crosswalk=self.crosswalk(checked.crosswalk))
