"""What every data file (questionnaire, regions, reference profiles) shares: a YAML document that
knows the line of each of its nodes, and problems reported as `file:line: path: message`.

A file is checked in two steps. Its pydantic schema (`Report.validate`) checks shape and types;
each of pydantic's errors becomes a Problem worded for an editor, at the line of the node it is
about. Rules of meaning (ids that must exist, thresholds that must ascend) then run in plain Python
on the entries that passed the schema (`valid`), so they never meet a value of the wrong type.
"""

from __future__ import annotations

import datetime
import difflib
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

Model = TypeVar("Model", bound=BaseModel)
Location = tuple[Any, ...]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    location: str
    message: str

    def __str__(self) -> str:
        line = f":{self.line}" if self.line else ""
        return f"{self.file}{line}: {self.location}: {self.message}"


class DataFileError(Exception):
    """A data file that cannot be used, with every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Document:
    """A parsed YAML file: its data and the line where each path in it starts."""

    source: str
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)


def _lines(node: yaml.Node, path: Location = (), out: dict | None = None, line: int | None = None,
           seen: frozenset[int] = frozenset()) -> dict[Location, int]:
    """Map each path in the document to its line: a mapping's value to the line of its key (where
    an editor looks for `options:`), a list's entry to the line of its item. An alias inside its
    own anchor is not followed twice."""
    out = {} if out is None else out
    out.setdefault(path, line or node.start_mark.line + 1)
    if id(node) in seen:
        return out
    seen = seen | {id(node)}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                _lines(value, (*path, key.value), out, key.start_mark.line + 1, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, value in enumerate(node.value):
            _lines(value, (*path, index), out, None, seen)
    return out


def parse_yaml(text: str, source: str, error: type[DataFileError] = DataFileError) -> Document:
    """The document in `text`; raise `error` with one problem when it is not valid YAML."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise error([Problem(source, line, "(document)", f"not valid YAML: {problem}")]) from None
    finally:
        loader.dispose()
    return Document(source, data, _lines(node) if node is not None else {})


def read_yaml(path: str | Path, error: type[DataFileError] = DataFileError) -> Document:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as problem:
        raise error([Problem(str(path), None, "(file)", f"cannot read: {problem}")]) from None
    return parse_yaml(text, str(path), error)


def where(path: Location) -> str:
    """`questions[4].options[2].points` for ("questions", 4, "options", 2, "points")."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(document)"


class Report:
    """The problems found in one document, each at the line of the node it is about."""

    def __init__(self, document: Document):
        self.document = document
        self.problems: list[Problem] = []

    def add(self, path: Location, message: str) -> None:
        lines = self.document.lines
        line = next((lines[path[:n]] for n in range(len(path), -1, -1) if path[:n] in lines), None)
        self.problems.append(Problem(self.document.source, line, where(path), message))

    def validate(self, model: type[Model], data: Any, context: dict | None = None) -> Model | None:
        """`data` as `model`, or None after reporting each of pydantic's errors as a problem."""
        try:
            return model.model_validate(data, context=context)
        except ValidationError as error:
            for detail in error.errors(include_url=False):
                path, message = explain(detail, model)
                self.add(path, message)
            return None

    def raise_for(self, error: type[DataFileError]) -> None:
        """Raise `error` with the problems found, in the order of their lines in the file."""
        if self.problems:
            raise error(sorted(self.problems, key=lambda problem: problem.line or 0))


def valid(model: type[Model] | TypeAdapter, data: Any, context: dict | None = None) -> Any:
    """`data` as `model` (a pydantic model or a TypeAdapter), or None when it does not pass the
    schema (its problems are reported by `Report.validate` on the whole document)."""
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data, context=context)
        return model.model_validate(data, context=context)
    except ValidationError:
        return None


def valid_entries(model: type[Model], data: Any, context: dict | None = None) -> list[tuple[int, Model]]:
    """The entries of a list that pass the schema on their own, with their index in the list."""
    if not isinstance(data, list):
        return []
    found = ((index, valid(model, item, context)) for index, item in enumerate(data))
    return [(index, entry) for index, entry in found if entry is not None]


def repeats(values: list) -> list[int]:
    """The positions of the texts in `values` that an earlier position already has (an id used
    twice). Values of other types are left to the schema."""
    seen: set[str] = set()
    found = []
    for index, value in enumerate(values):
        if isinstance(value, str):
            if value in seen:
                found.append(index)
            seen.add(value)
    return found


# -- pydantic's errors in an editor's words ---------------------------------------------------------

BOOLEAN_HINT = " (unquoted, YAML reads yes, no, on, off, true and false as true or false: put it in quotes)"


def describe(value: Any) -> str:
    """A value as an editor wrote it, for "must be X, not <this>"."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def explain(detail: ErrorDetails, model: type[BaseModel]) -> tuple[Location, str]:
    """Where a pydantic error is and what it means, in plain words."""
    path, kind, value, context = tuple(detail["loc"]), detail["type"], detail["input"], detail.get("ctx")
    prefix = ""
    if path and path[-1] == "[key]":  # a mapping key of the wrong type
        path, prefix = path[:-1], "this key "
    if prefix or kind == "invalid_key":  # the key as written in the file (2, not the index [2])
        path = (*path[:-1], str(path[-1]))
    not_it = f", not {describe(value)}"
    if kind == "string_type":
        message = "must be a text" + not_it + (BOOLEAN_HINT if isinstance(value, bool) else "")
    elif kind == "missing":
        message = "is required but missing"
    elif kind == "extra_forbidden":
        message = _unknown_key(path, model)
    elif kind == "invalid_key":
        message = f"this key must be a text, not {describe(value)}"
    elif kind in ("dict_type", "model_type", "model_attributes_type"):
        message = "must be a mapping of keys to values" + not_it
    elif kind in ("list_type", "tuple_type"):
        message = "must be a list" + not_it
    elif kind == "bool_type":
        message = "must be true or false" + not_it
    elif kind in ("int_type", "int_from_float"):
        message = "must be a whole number" + not_it
    elif kind in ("float_type", "finite_number"):
        message = "must be a number" + not_it
    elif kind == "literal_error":
        message = f"must be one of {context['expected']}" + not_it
    elif kind == "too_short":
        count = context["min_length"]
        message = f"must list at least {count} {'entry' if count == 1 else 'entries'}"
    elif kind == "recursion_loop":
        message = "refers to itself (a YAML alias inside its own anchor)"
    else:  # our own rules (type "data_file") already speak plainly
        message = detail["msg"]
    return path, prefix + message


def _unknown_key(path: Location, model: type[BaseModel]) -> str:
    known = _known_keys(model, path[:-1])
    message = f"unknown key {path[-1]!r}"
    close = difflib.get_close_matches(str(path[-1]), known, n=1)
    if close:
        return f"{message} (did you mean {close[0]!r}?)"
    return f"{message}; the keys here are {', '.join(known)}" if known else message


def _known_keys(model: type[BaseModel], path: Location) -> list[str]:
    """The keys the schema allows in the mapping at `path` inside `model`."""
    current: Any = model
    for part in path:
        current = _inside(_bare(current), part)
    current = _bare(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [info.alias or name for name, info in current.model_fields.items()]
    return []


def _bare(annotation: Any) -> Any:
    """The type inside Annotated[...] and X | None."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            others = [a for a in get_args(annotation) if a is not type(None)]
            if len(others) != 1:
                return annotation
            annotation = others[0]
        else:
            return annotation


def _inside(annotation: Any, part: Any) -> Any:
    """The type of `part` (a key or an index) inside a value of type `annotation`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return next((info.annotation for name, info in annotation.model_fields.items()
                     if (info.alias or name) == part), None)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (list, tuple) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None
