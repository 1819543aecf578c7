"""Import real peer results from a CSV file: parse and validate every row into a preview (here), then
commit the whole file or nothing (app/operations/peer_commit.py). The staff admin page and `flask
peers import` both call these.

Layout ("wide, with codes": the staff export's wide file with codes reads back as it is; one row per
assessment, columns found by name in any order):

* every question by id, profile questions included (e.g. ``org_name, country, org_type, scope,
  members_band, staff_band, sme_share_band``): the option id, or the text of a text question;
* a multi-select as one column per option, ``<question id>__<option id>``, holding 1 (chosen) or 0;
  one column ``<question id>`` with the chosen option ids separated by ``;`` is accepted too;
* an adoption question as one column per row, ``<question id>__<row id>``, holding the step id;
* ``_na`` for "not applicable" (in every column of a multi-select or adoption question); an empty
  cell (or every column of the question empty) for no answer;
* ``questionnaire_id``, ``questionnaire_version`` (required) and ``submitted_at`` (required: an ISO
  8601 date ``2024-05-31`` or date-time ``2024-05-31 14:20:00`` in UTC, not in the future);
* ``status`` and ``source``, when present, must say ``submitted`` and ``respondent`` or ``verified``:
  sample and synthetic rows are never imported as real results;
* the export's other columns are read by nobody: ``assessment_id``, ``organization_*`` (the
  organization's current profile; the answers above are what is imported), ``region``, ``locale``,
  ``created_at``, ``updated_at``, ``previous_id``, ``is_latest``, ``overall_score``, ``stage``,
  ``score__<dimension id>`` (scores are recomputed from the answers), ``trust``,
  ``trust_decided_at`` (an imported result is trusted), ``round_id``, ``round_name`` (an import
  belongs to no round).

Any other column is an error. The delimiter (comma, semicolon or tab) is read from the header; a UTF-8
byte-order mark is accepted; quoting must be well formed (a quote never closed is an error, not the
rest of the file read as one cell). Text cells the export protected against formulas (a ``'``
before a piece that starts with ``= + - @``: see app/export/cells.py) are read back without the
quote. Rows are stored as submitted assessments with source "verified"; an organization is matched
by name and country among organizations imported before, otherwise created. Row numbers in errors
count the header as row 1. A preview keeps the first MAX_REPORTED_ERRORS problems and counts the
rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.domain.answers import AnswerError
from app.domain.numerals import whole_number
from app.domain.question_types import LIST_SEPARATOR
from app.domain.questionnaire import Question, Questionnaire
from app.export.reading import (
    READ_MESSAGES,
    RowError,
    RowProblems,
    Table,
    csv_table,
    describe_with,
)
from app.extensions import db
from app.models import Assessment, AssessmentStatus, Organization, Source
from app.models.time import utcnow

META_COLUMNS = ("questionnaire_id", "questionnaire_version", "submitted_at")
CHECKED_COLUMNS = ("status", "source")
IGNORED_COLUMNS = frozenset({"assessment_id", "region", "locale", "created_at", "updated_at",
                             "previous_id", "is_latest", "overall_score", "stage", "trust",
                             "trust_decided_at", "round_id", "round_name"})
IGNORED_PREFIXES = ("organization_", "score_")
REAL_SOURCE_VALUES = ("respondent", "verified")
MAX_ROWS = 50_000
VERSION_DIGITS = 6


@dataclass(frozen=True)
class ImportRow:
    row: int
    questionnaire: Questionnaire
    answers: dict[str, Any]
    fields: dict[str, Any]  # organization fields from the profile answers
    submitted_at: datetime
    organization_id: int | None  # an organization imported before, else None (new)


@dataclass
class PeerImport(RowProblems):
    """The preview: every valid row, and the first MAX_REPORTED_ERRORS problems (`errors`) with
    how many more there are (`unreported`). Commit only when there is no problem at all."""

    rows: list[ImportRow] = field(default_factory=list)
    _columns: dict[str, set[str]] = field(default_factory=dict, repr=False, compare=False)

    def columns_of(self, questionnaire: Questionnaire) -> set[str]:
        """The columns one questionnaire version reads, worked out once per file."""
        if questionnaire.key not in self._columns:
            self._columns[questionnaire.key] = _known_columns([questionnaire])
        return self._columns[questionnaire.key]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and self.error_count == 0

    @property
    def new_organizations(self) -> int:
        return sum(1 for r in self.rows if r.organization_id is None)

    def by_questionnaire(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for row in self.rows:
            counts[row.questionnaire.key] = counts.get(row.questionnaire.key, 0) + 1
        return counts


MESSAGES = {
    **READ_MESSAGES,
    "unknown_column": _l("Unknown column: it is not a question id of any questionnaire version."),
    "missing_column": _l("Required column missing."),
    "too_many_rows": _l("Too many rows: at most %(value)s per file."),
    "bad_version": _l("The questionnaire version must be a whole number, not “%(value)s”."),
    "cell_too_long": _l("A cell is too long to be read (more than %(value)s characters); nothing "
                        "after it was read."),
    "unknown_questionnaire": _l("No questionnaire %(value)s is served."),
    "bad_date": _l("Not a date: “%(value)s” (use 2024-05-31 or 2024-05-31T14:20:00Z)."),
    "future_date": _l("The date %(value)s is in the future."),
    "not_in_questionnaire": _l("This column is not a question of %(value)s; leave it empty."),
    "required": _l("An answer is required."),
    "invalid": _l("Not a valid answer: “%(value)s”."),
    "unknown_option": _l("Unknown option: “%(value)s”."),
    "exclusive": _l("“%(value)s” combines an exclusive option with others."),
    "incomplete": _l("Every row of this question needs an answer: “%(value)s”."),
    "too_long": _l("The text is too long."),
    "duplicate_in_file": _l("The same organization and questionnaire already appear in row %(value)s."),
    "already_imported": _l("This organization's assessment of %(value)s was already imported."),
    "not_submitted": _l("Only submitted assessments can be imported, not “%(value)s”."),
    "not_real": _l("“%(value)s” rows are not real results and are never imported as such."),
}


def describe(error: RowError) -> str:
    """The error in the current language, e.g. for the staff page or the command."""
    return describe_with(MESSAGES, error)


# -- reading cells ------------------------------------------------------------------------------------

def read_cell(question: Question, cells: dict[str, str]) -> Any:
    """The raw answer of one question from its cell(s), before validation; None when blank."""
    return question.kind.read_cells(question, cells)


def question_columns(question: Question) -> list[str]:
    """The columns a question is written in (and read from)."""
    return [column.name for column in question.kind.cell_columns(question)]


def export_columns(questionnaire: Questionnaire) -> list[str]:
    """The header of a minimal file for one questionnaire version."""
    return [*META_COLUMNS, *(c for q in questionnaire.questions for c in question_columns(q))]


def export_cell(question: Question, value: Any) -> dict[str, str]:
    """The cell(s) of one stored answer, as the wide export with codes writes them."""
    codes = question.kind.cells(question, value)
    return {column: "" if code is None else str(code)
            for column, code in zip(question_columns(question), codes, strict=True)}


def _parse_date(text: str) -> datetime | None:
    text = text.strip()
    try:
        if len(text) == 10:
            parsed = datetime.combine(date.fromisoformat(text), datetime.min.time())
        else:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


# -- parsing ------------------------------------------------------------------------------------------

def _known_columns(questionnaires: Iterable[Questionnaire]) -> set[str]:
    return {c for q in questionnaires for question in q.questions
            for c in question.kind.read_columns(question)}


def _ignored(column: str, known: set[str]) -> bool:
    return column not in known and (column in IGNORED_COLUMNS
                                    or column.startswith(IGNORED_PREFIXES)
                                    or column in CHECKED_COLUMNS)


def name_key(name: str, country: str | None) -> tuple[str, str]:
    """How an organization is matched: its name (case and spacing aside) and country."""
    return " ".join(name.casefold().split()), country or ""


def parse_peer_csv(text: str, library) -> PeerImport:
    """Validate every row of `text` against the questionnaires of `library` (app.questionnaires)."""
    result = PeerImport()
    table = csv_table(text)
    if table.error is not None:
        result.add_error(table.error)
        return result
    known = _known_columns(library.versions.values())
    for column in table.header:
        if column not in known and column not in META_COLUMNS and not _ignored(column, known):
            result.add_error(RowError(1, column, "unknown_column"))
    for column in META_COLUMNS:
        if column not in table.header:
            result.add_error(RowError(1, column, "missing_column"))
    if result.error_count:
        return result
    _read_rows(table, library, known, result)
    if not result.rows and not result.error_count:
        result.add_error(RowError(2, None, "no_rows"))
    return result


def _read_rows(table: Table, library, known: set[str], result: PeerImport) -> None:
    seen: dict[tuple[str, str, str], int] = {}
    imported = _imported_organizations()
    for record in table.records():
        if isinstance(record, RowError):
            result.add_error(record)
            continue
        number, cells = record
        if number - 1 > MAX_ROWS:
            result.add_error(RowError(number, None, "too_many_rows", str(MAX_ROWS)))
            return
        row = _parse_row(number, cells, library, known, result)
        if row is None:
            continue
        key = (*name_key(str(row.fields.get("name") or ""), row.fields.get("country")),
               row.questionnaire.key)
        if key in seen:
            result.add_error(RowError(number, "org_name", "duplicate_in_file", str(seen[key])))
            continue
        seen[key] = number
        organization_id = imported.get(key[:2])
        if organization_id is not None and _already_imported(organization_id, row):
            result.add_error(RowError(number, "submitted_at", "already_imported",
                                      cells.get("submitted_at", "")))
            continue
        result.rows.append(ImportRow(row.row, row.questionnaire, row.answers, row.fields,
                                     row.submitted_at, organization_id))


def _parse_row(number: int, cells: dict[str, str], library, known: set[str],
               result: PeerImport) -> ImportRow | None:
    before = result.error_count
    add = result.add_error
    status, source = cells.get("status", "").strip(), cells.get("source", "").strip()
    if status and status != AssessmentStatus.SUBMITTED.value:
        add(RowError(number, "status", "not_submitted", status))
    if source and source not in REAL_SOURCE_VALUES:
        add(RowError(number, "source", "not_real", source))
    questionnaire = _row_questionnaire(number, cells, library, add)
    submitted_at = _parse_date(cells.get("submitted_at", ""))
    if submitted_at is None:
        add(RowError(number, "submitted_at", "bad_date", cells.get("submitted_at", "")))
    elif submitted_at > utcnow():
        add(RowError(number, "submitted_at", "future_date", cells.get("submitted_at", "")))
    if questionnaire is None:
        return None
    own = result.columns_of(questionnaire)
    for column, value in cells.items():
        if value.strip() and column in known and column not in own:
            add(RowError(number, column, "not_in_questionnaire", questionnaire.key))
    answers = {}
    for question in questionnaire.questions:
        raw = read_cell(question, cells)
        column = question.kind.error_column(question)
        try:
            value = question.kind.validate(question, raw)
        except AnswerError as error:
            add(RowError(number, column, error.code, _shown(raw)))
            continue
        if value is None:
            if question.required:
                add(RowError(number, column, "required"))
            continue
        answers[question.id] = value
    if result.error_count > before:
        return None
    return ImportRow(number, questionnaire, answers, questionnaire.organization_fields(answers),
                     submitted_at, None)


def _shown(raw: Any) -> str:
    if isinstance(raw, dict):
        return "; ".join(f"{k}={v}" for k, v in raw.items())
    if isinstance(raw, list):
        return LIST_SEPARATOR.join(raw)
    return "" if raw is None else str(raw)


def _row_questionnaire(number: int, cells: dict[str, str], library,
                       add: Callable[[RowError], None]) -> Questionnaire | None:
    questionnaire_id = cells.get("questionnaire_id", "").strip()
    version_text = cells.get("questionnaire_version", "").strip()
    version = whole_number(version_text, VERSION_DIGITS)
    if version is None:
        add(RowError(number, "questionnaire_version", "bad_version", version_text))
        return None
    questionnaire = library.get(questionnaire_id, version)
    if questionnaire is None:
        add(RowError(number, "questionnaire_id", "unknown_questionnaire",
                     f"{questionnaire_id} v{version_text}"))
    return questionnaire


def _imported_organizations() -> dict[tuple[str, str], int]:
    """Organizations with a verified assessment, by (normalised name, country)."""
    rows = db.session.execute(
        select(Organization.id, Organization.name, Organization.country)
        .where(Organization.id.in_(select(Assessment.organization_id)
                                   .where(Assessment.source == Source.VERIFIED.value))))
    return {name_key(name or "", country): org_id for org_id, name, country in rows}


def _already_imported(organization_id: int, row: ImportRow) -> bool:
    return db.session.scalar(select(func.count()).select_from(Assessment).where(
        Assessment.organization_id == organization_id,
        Assessment.source == Source.VERIFIED.value,
        Assessment.questionnaire_id == row.questionnaire.id,
        Assessment.questionnaire_version == row.questionnaire.version,
        Assessment.submitted_at == row.submitted_at)) > 0
