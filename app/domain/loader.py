"""Load a questionnaire file into immutable domain objects, reporting every problem at once.

Each problem names the file, the line and the path inside the document
(e.g. `questions[4].options[2].label.en`), so an editor can fix them all in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml

from app.domain.question_types import REGISTRY
from app.domain.questionnaire import (
    Dimension,
    LocalizedText,
    Option,
    Question,
    Questionnaire,
    Row,
    Stage,
)

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
QUESTIONNAIRE_ID = re.compile(r"^[a-z][a-z0-9-]*$")
OPTION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
ORGANIZATION_FIELDS = {"name", "country", "org_type", "scope", "members_band", "staff_band",
                       "sme_share_band"}
SCALE_SIZES = {"adoption": 4, "tristate": 3}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    location: str
    message: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        return f"{self.file}{line}: {self.location}: {self.message}"


class QuestionnaireError(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _lines(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict[tuple, int]:
    """Map each path in the document to the line where it starts."""
    out = {} if out is None else out
    out[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            _lines(value, (*path, key.value), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _lines(value, (*path, index), out)
    return out


def _where(path: tuple) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


class _Builder:
    """Walks the raw document once, building domain objects and collecting problems."""

    def __init__(self, source: str, lines: Mapping[tuple, int]):
        self.source = source
        self.lines = lines
        self.problems: list[Problem] = []
        self.languages: tuple[str, ...] = ()

    def report(self, path: tuple, message: str) -> None:
        line = next((self.lines[path[:n]] for n in range(len(path), -1, -1)
                     if path[:n] in self.lines), None)
        self.problems.append(Problem(self.source, line, _where(path), message))

    def text(self, raw: Any, path: tuple, required: bool = True) -> LocalizedText | None:
        if raw is None:
            if required:
                self.report(path, "missing text")
            return None
        if not isinstance(raw, Mapping):
            self.report(path, f"must map each language ({', '.join(self.languages)}) to a text")
            return None
        for lang in self.languages:
            value = raw.get(lang)
            if not isinstance(value, str) or not value.strip():
                self.report((*path, lang), f"missing translation for '{lang}'")
        for lang in raw:
            if lang not in self.languages:
                self.report((*path, lang), f"language '{lang}' is not declared in languages")
        texts = {lang: str(raw.get(lang) or "").strip() for lang in self.languages}
        return LocalizedText(MappingProxyType(texts), self.languages[0] if self.languages else "")

    def number(self, raw: Mapping, key: str, path: tuple, default: float) -> float:
        value = raw.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            self.report((*path, key), f"{key} must be a positive number, not {value!r}")
            return default
        return float(value)

    def unique(self, items: list, path: tuple, what: str, pattern: re.Pattern) -> list[str]:
        seen: list[str] = []
        for index, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, Mapping) else None
            if not isinstance(item_id, str) or not pattern.match(item_id):
                self.report((*path, index, "id"), f"{what} id {item_id!r} is missing or malformed")
            elif item_id in seen:
                self.report((*path, index, "id"), f"duplicate {what} id '{item_id}'")
            seen.append(item_id if isinstance(item_id, str) else "")
        return seen

    def options(self, raw: list, path: tuple) -> tuple[Option, ...]:
        if not isinstance(raw, list):
            self.report(path, "must be a list")
            return ()
        self.unique(raw, path, "option", OPTION_ID)
        built = []
        for index, option in enumerate(raw):
            if not isinstance(option, Mapping):
                self.report((*path, index), "an option must be a mapping")
                continue
            where = (*path, index)
            points = option.get("points", 1)
            if not isinstance(points, (int, float)) or isinstance(points, bool):
                points = 0
            built.append(Option(str(option.get("id")), self.text(option.get("label"),
                                (*where, "label")), float(points), bool(option.get("exclusive"))))
        return tuple(built)

    def scales(self, raw: Any) -> dict[str, tuple[Option, ...]]:
        scales = {}
        raw = raw if isinstance(raw, Mapping) else {}
        for name, size in SCALE_SIZES.items():
            steps = raw.get(name) or []
            if len(steps) != size:
                self.report(("scales", name), f"the {name} scale needs {size} steps, not {len(steps)}")
            points = [s.get("points") for s in steps if isinstance(s, Mapping)]
            if any(not isinstance(p, (int, float)) for p in points) or any(
                    b <= a for a, b in pairwise(points)) or (points and points[0] != 0):
                self.report(("scales", name), "steps need numeric points, strictly ascending from 0")
            scales[name] = self.options(steps, ("scales", name))
        return scales

    def dimensions(self, raw: Any) -> tuple[Dimension, ...]:
        if not isinstance(raw, list) or not raw:
            self.report(("dimensions",), "at least one dimension is needed")
            return ()
        self.unique(raw, ("dimensions",), "dimension", ID_PATTERN)
        built = []
        for index, dim in enumerate(raw):
            if isinstance(dim, Mapping):
                path = ("dimensions", index)
                built.append(Dimension(str(dim.get("id")), self.number(dim, "weight", path, 1.0),
                                       self.text(dim.get("title"), (*path, "title")),
                                       self.text(dim.get("description"), (*path, "description"))))
        return tuple(built)

    def question(self, raw: Mapping, path: tuple, dimension_ids: set[str],
                 scales: Mapping[str, tuple[Option, ...]]) -> Question | None:
        kind = REGISTRY.get(raw.get("type"))
        if kind is None:
            self.report((*path, "type"), f"unknown question type {raw.get('type')!r}; known: "
                        f"{', '.join(sorted(REGISTRY))}")
            return None
        kind.check_definition(raw, lambda key, message: self.report((*path, key), message))
        dimension = raw.get("dimension")
        if kind.scored and dimension not in dimension_ids:
            self.report((*path, "dimension"), f"unknown dimension {dimension!r}")
        if not kind.scored and dimension is not None:
            self.report((*path, "dimension"), "a profile question belongs to no dimension")
        field = raw.get("organization_field")
        if field is not None and field not in ORGANIZATION_FIELDS:
            self.report((*path, "organization_field"), f"unknown organization field {field!r}")
        for flag in ("required", "not_applicable"):
            if not isinstance(raw.get(flag, False), bool):
                self.report((*path, flag), f"{flag} must be true or false")
        if kind.name in scales:
            options = scales[kind.name]
        else:
            options = self.options(raw.get("options") or [], (*path, "options"))
        rows = raw.get("rows") or []
        if rows:
            self.unique(rows, (*path, "rows"), "row", OPTION_ID)
        return Question(
            id=str(raw.get("id")),
            kind=kind,
            dimension=dimension if kind.scored else None,
            text=self.text(raw.get("text"), (*path, "text")),
            help=self.text(raw.get("help"), (*path, "help"), required=kind.scored),
            required=raw.get("required", True) is not False,
            weight=self.number(raw, "weight", path, 1.0),
            not_applicable=raw.get("not_applicable") is True,
            options=options,
            rows=tuple(Row(str(r.get("id")), self.text(r.get("label"), (*path, "rows", i, "label")))
                       for i, r in enumerate(rows) if isinstance(r, Mapping)),
            input=raw.get("input"),
            organization_field=field,
        )

    def questions(self, raw: Any, dimension_ids: set[str], scales) -> tuple[Question, ...]:
        if not isinstance(raw, list) or not raw:
            self.report(("questions",), "at least one question is needed")
            return ()
        self.unique(raw, ("questions",), "question", ID_PATTERN)
        built = []
        for index, question in enumerate(raw):
            if not isinstance(question, Mapping):
                self.report(("questions", index), "a question must be a mapping")
                continue
            made = self.question(question, ("questions", index), dimension_ids, scales)
            if made:
                built.append(made)
        for dim in dimension_ids:
            if not any(q.dimension == dim for q in built):
                self.report(("dimensions",), f"dimension '{dim}' has no question")
        return tuple(built)

    def stages(self, raw: Any) -> tuple[Stage, ...]:
        if not isinstance(raw, list) or not raw:
            self.report(("stages",), "at least one stage is needed")
            return ()
        self.unique(raw, ("stages",), "stage", ID_PATTERN)
        built = []
        for index, stage in enumerate(raw):
            if not isinstance(stage, Mapping):
                continue
            path = ("stages", index)
            low = stage.get("min")
            if not isinstance(low, (int, float)) or isinstance(low, bool) or not 0 <= low <= 100:
                self.report((*path, "min"), f"min must be a number from 0 to 100, not {low!r}")
                low = 0
            built.append(Stage(str(stage.get("id")), float(low), self.text(stage.get("name"),
                               (*path, "name")), self.text(stage.get("description"),
                                                           (*path, "description"))))
        mins = [s.min for s in built]
        if mins and mins[0] != 0:
            self.report(("stages", 0, "min"), "the first stage must start at 0")
        if any(b <= a for a, b in pairwise(mins)):
            self.report(("stages",), f"stage thresholds must be strictly ascending, got {mins}")
        return tuple(built)

    def recommendations(self, raw: Any, dimensions, stages) -> dict:
        raw = raw if isinstance(raw, Mapping) else {}
        built = {}
        for dim in dimensions:
            per_stage = raw.get(dim.id)
            if not isinstance(per_stage, Mapping):
                self.report(("recommendations", dim.id), "missing recommendations")
                continue
            built[dim.id] = MappingProxyType({
                s.id: self.text(per_stage.get(s.id), ("recommendations", dim.id, s.id))
                for s in stages})
        for key in raw:
            if key not in {d.id for d in dimensions}:
                self.report(("recommendations", key), f"unknown dimension '{key}'")
        return built

    def build(self, raw: Any) -> Questionnaire | None:
        if not isinstance(raw, Mapping):
            self.report((), "the file must hold a mapping")
            return None
        languages = raw.get("languages")
        if not isinstance(languages, list) or not languages or not all(
                isinstance(x, str) for x in languages):
            self.report(("languages",), "languages must be a non-empty list such as [es, en]")
            languages = ["es"]
        self.languages = tuple(languages)
        qid, version = raw.get("id"), raw.get("version")
        if not isinstance(qid, str) or not QUESTIONNAIRE_ID.match(qid):
            self.report(("id",), f"id {qid!r} must be lowercase letters, digits and dashes")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.report(("version",), f"version must be a positive integer, not {version!r}")
        title = self.text(raw.get("title"), ("title",))
        intro = self.text(raw.get("intro"), ("intro",), required=False)
        scales = self.scales(raw.get("scales"))
        dimensions = self.dimensions(raw.get("dimensions"))
        questions = self.questions(raw.get("questions"), {d.id for d in dimensions}, scales)
        stages = self.stages(raw.get("stages"))
        recommendations = self.recommendations(raw.get("recommendations"), dimensions, stages)
        method = self.text(raw.get("scoring_method"), ("scoring_method",), required=False)
        if self.problems:
            return None
        return Questionnaire(
            id=qid, version=version, languages=self.languages, title=title, intro=intro,
            scales=MappingProxyType(scales), dimensions=dimensions, questions=questions,
            stages=stages, recommendations=MappingProxyType(recommendations),
            scoring_method=method, source=self.source)


def parse_questionnaire(text: str, source: str = "<string>") -> Questionnaire:
    """Build a questionnaire from YAML text; raise QuestionnaireError listing every problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise QuestionnaireError([Problem(source, line, "(document)", f"not valid YAML: {error}")]) from None
    builder = _Builder(source, _lines(node) if node else {})
    questionnaire = builder.build(raw)
    if builder.problems:
        raise QuestionnaireError(builder.problems)
    return questionnaire


def load_questionnaire(path: str | Path) -> Questionnaire:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise QuestionnaireError([Problem(str(path), None, "(file)", f"cannot read: {error}")]) from None
    return parse_questionnaire(text, str(path))
