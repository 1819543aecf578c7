"""The rules of a questionnaire file that its schema cannot say: unique ids, references between
entries (a question's dimension, every dimension x stage recommendation), the scales the question
types use, ascending stages, critical answers, the crosswalk's ids inside the file, and each question
type's own rules (`QuestionType.check_definition`).

They run on the entries that passed the schema (app.domain.questionnaire_schema), one by one, so a
wrong type in one question does not hide the other questions' problems, and no rule meets a value
of the wrong type. Ids are read from every entry that has a text id, so that one broken entry does
not make all references to it problems too.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from app.domain.datafile import Location, Report, repeats, valid_entries
from app.domain.question_types import REGISTRY
from app.domain.questionnaire_schema import (
    DimensionLink,
    OptionEntry,
    QuestionEntry,
    QuestionLink,
    StageEntry,
)


def _list(data: Any) -> list:
    return data if isinstance(data, list) else []


def _ids(items: Any) -> list[str]:
    return [item["id"] for item in _list(items) if isinstance(item, dict) and isinstance(item.get("id"), str)]


def _ascending(points: list) -> bool:
    return all(a < b for a, b in pairwise(points))


def _names(ids: Any) -> str:
    return ", ".join(ids) or "none"


class QuestionnaireRules:
    """Checks one questionnaire document, reporting each broken rule to `report`."""

    def __init__(self, data: dict, report: Report, context: dict):
        self.data, self.report, self.context = data, report, context
        self.dimension_ids = _ids(data.get("dimensions"))
        self.stage_ids = _ids(data.get("stages"))
        self.questions = valid_entries(QuestionEntry, data.get("questions"), context)
        self.steps: dict[str, list[str]] = {}  # scale name -> step ids, for scales that are valid

    def check(self) -> None:
        for section, what in (("dimensions", "dimension"), ("questions", "question"), ("stages", "stage")):
            self.unique(self.data.get(section), (section,), what)
        self.scales()
        for index, question in self.questions:
            self.question(question, ("questions", index))
        self.every_dimension_asked()
        self.stages()
        self.recommendations()
        self.crosswalk()

    def unique(self, items: Any, path: Location, what: str) -> None:
        ids = [item.get("id") if isinstance(item, dict) else None for item in _list(items)]
        for index in repeats(ids):
            self.report.add((*path, index, "id"), f"duplicate {what} id {ids[index]!r}")

    # -- scales and questions ---------------------------------------------------------------------
    def scales(self) -> None:
        scales = self.data.get("scales")
        if not isinstance(scales, dict):
            scales = {}
        sizes = {kind.scale: kind.scale_steps for kind in REGISTRY.values() if kind.scale}
        used = {REGISTRY[q.type].scale for _, q in self.questions if REGISTRY[q.type].scale}
        for name in sorted(used - set(scales)):
            self.report.add(("scales",), f"the {name} scale needs {sizes[name]} steps, not 0")
        for name, steps in scales.items():
            path = ("scales", name)
            if name not in sizes:
                self.report.add(path, f"unknown scale {name!r}; the question types use "
                                      f"{_names(sorted(sizes))}")
                continue
            steps = _list(steps)
            if len(steps) != sizes[name]:
                self.report.add(path, f"the {name} scale needs {sizes[name]} steps, not {len(steps)}")
            self.unique(steps, path, "step")
            entries = [entry for _, entry in valid_entries(OptionEntry, steps, self.context)]
            if len(entries) != len(steps):
                continue
            points = [entry.points for entry in entries]
            if None in points or (points and points[0] != 0) or not _ascending(points):
                self.report.add(path, "steps need points, strictly ascending from 0")
            self.steps[name] = [entry.id for entry in entries]

    def option_ids(self, question: QuestionEntry) -> list[str] | None:
        """The ids a question's answer can take (a scale's steps), None when its scale is broken."""
        scale = REGISTRY[question.type].scale
        return self.steps.get(scale) if scale else [option.id for option in question.options]

    def question(self, question: QuestionEntry, path: Location) -> None:
        kind = REGISTRY[question.type]
        definition = question.model_dump(by_alias=True, exclude_unset=True, exclude_none=True)
        kind.check_definition(definition, lambda key, message: self.report.add((*path, key), message))
        if kind.scored and question.dimension is None:
            self.report.add((*path, "dimension"), "a scored question needs a dimension")
        elif kind.scored and question.dimension not in self.dimension_ids:
            self.report.add((*path, "dimension"), f"unknown dimension {question.dimension!r}")
        elif not kind.scored and question.dimension is not None:
            self.report.add((*path, "dimension"), f"a {kind.name} question is not scored, so it "
                                                  "belongs to no dimension")
        if kind.scored and question.help is None:
            self.report.add((*path, "help"), "missing text (every scored question has help)")
        if kind.scale and question.options:
            self.report.add((*path, "options"), f"a {kind.name} question takes its steps from "
                                                f"scales.{kind.scale}, not options")
        self.unique(definition.get("options"), (*path, "options"), "option")
        self.unique(definition.get("rows"), (*path, "rows"), "row")
        ids = self.option_ids(question)
        if question.critical is not None and ids is not None:
            for index, option_id in enumerate(question.critical.when):
                if option_id not in ids:
                    self.report.add((*path, "critical", "when", index),
                                    f"unknown option {option_id!r}; the options are {_names(ids)}")

    def every_dimension_asked(self) -> None:
        asked = [q.get("dimension") for q in _list(self.data.get("questions")) if isinstance(q, dict)]
        for index, dimension_id in enumerate(self.dimension_ids):
            if dimension_id not in asked:
                self.report.add(("dimensions", index), f"dimension {dimension_id!r} has no question")

    # -- stages and recommendations ---------------------------------------------------------------
    def stages(self) -> None:
        stages = valid_entries(StageEntry, self.data.get("stages"), self.context)
        mins = [stage.min for _, stage in stages]
        if stages and stages[0][0] == 0 and mins[0] != 0:
            self.report.add(("stages", 0, "min"), "the first stage must start at 0")
        if not _ascending(mins):
            self.report.add(("stages",), f"stage thresholds must be strictly ascending, got {mins}")

    def recommendations(self) -> None:
        given = self.data.get("recommendations")
        if not isinstance(given, dict):
            return
        for dimension_id in self.dimension_ids:
            per_stage = given.get(dimension_id)
            if not isinstance(per_stage, dict):
                if per_stage is None:
                    self.report.add(("recommendations", dimension_id), "missing recommendations")
                continue
            for stage_id in self.stage_ids:
                if stage_id not in per_stage:
                    self.report.add(("recommendations", dimension_id, stage_id), "missing text")
            for stage_id in per_stage:
                if stage_id not in self.stage_ids:
                    self.report.add(("recommendations", dimension_id, stage_id),
                                    f"unknown stage {stage_id!r}")
        for dimension_id in given:
            if dimension_id not in self.dimension_ids:
                self.report.add(("recommendations", dimension_id), f"unknown dimension {dimension_id!r}")

    # -- crosswalk (the ids of this file; app.questionnaires checks the older version's) ---------
    def crosswalk(self) -> None:
        crosswalk = self.data.get("crosswalk")
        if not isinstance(crosswalk, dict):
            return
        path = ("crosswalk",)
        own = f"{self.data.get('id')}-v{self.data.get('version')}"
        if crosswalk.get("from") == own:
            self.report.add((*path, "from"), "a crosswalk names an older version, not this file's own")
        mapped: dict[str, int] = {}
        for index, link in valid_entries(DimensionLink, crosswalk.get("dimensions"), self.context):
            where = (*path, "dimensions", index, "to")
            if link.to not in self.dimension_ids:
                self.report.add(where, f"unknown dimension {link.to!r} in this file")
            elif link.to in mapped:
                self.report.add(where, f"dimension {link.to!r} is mapped twice (also by "
                                       f"dimensions[{mapped[link.to]}])")
            mapped.setdefault(link.to, index)
        questions = {q.id: q for _, q in self.questions}
        mapped = {}
        for index, link in valid_entries(QuestionLink, crosswalk.get("questions"), self.context):
            self.question_link(link, (*path, "questions", index), questions.get(link.to),
                               mapped.get(link.to))
            mapped.setdefault(link.to, index)

    def question_link(self, link: QuestionLink, path: Location, question: QuestionEntry | None,
                      mapped_by: int | None) -> None:
        if question is None:
            if link.to not in _ids(self.data.get("questions")):
                self.report.add((*path, "to"), f"unknown question {link.to!r} in this file")
            return
        if mapped_by is not None:
            self.report.add((*path, "to"), f"question {link.to!r} is mapped twice (also by "
                                           f"questions[{mapped_by}])")
        ids = self.option_ids(question)
        for older, option_id in link.options.items():
            if ids is not None and option_id is not None and option_id not in ids:
                self.report.add((*path, "options", older), f"question {link.to!r} has no option "
                                                           f"{option_id!r}; its options are {_names(ids)}")
        rows = [row.id for row in question.rows]
        if link.rows and not rows:
            self.report.add((*path, "rows"), f"question {link.to!r} has no rows")
            return
        for older, row_id in link.rows.items():
            if row_id is not None and row_id not in rows:
                self.report.add((*path, "rows", older), f"question {link.to!r} has no row {row_id!r}; "
                                                        f"its rows are {_names(rows)}")
