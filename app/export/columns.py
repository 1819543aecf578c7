"""The columns of the wide and long exports, described once: each column's name, the question and
dimension it comes from, its type, its description in every language and its values (for the
codebook), and how a cell is read from an assessment (as a code or as a label in one language).

Wide layout: fixed columns about the assessment and its organization (`organization_*`: the
profile the assessment was submitted with, as its profile answers below give it; a draft's as saved
so far), then `trust` and `trust_decided_at` (appended after the columns older files have, so their
order never changes), `score__<dimension>` per dimension, then the answers: one column per
question named by its id, a multi-select as one 0/1 column per option (`<qid>__<option>`), an
adoption question as one column per row (`<qid>__<row>`). "Not applicable" is `_na` as a code (in
every column of the question) or the words "not applicable" as a label; a question left blank is an
empty cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.domain.answers import CODE, FLAG, TEXT, CellColumn
from app.domain.questionnaire import NOT_APPLICABLE, ORGANIZATION_FIELDS, Question, Questionnaire
from app.domain.regions import Regions
from app.export.cells import spreadsheet_safe
from app.export.records import Record
from app.models.time import as_utc
from app.sample_names import shown_name

Cells = Callable[[Record], list[Any]]

SOURCE_LABELS = {
    "respondent": _l("Respondent on this platform"),
    "verified": _l("Verified peer result"),
    "sample": _l("Sample (illustrative, not a real organization's result)"),
    "synthetic": _l("Synthetic (test data)"),
    "team_member": _l("A team member's own answers (not a result)"),
}
STATUS_LABELS = {"draft": _l("Draft"), "submitted": _l("Submitted")}
TRUST_LABELS = {
    "trusted": _l("Trusted: counts in peer statistics"),
    "pending": _l("Pending: waits for staff to verify it"),
    "excluded": _l("Excluded by staff: never counts in peer statistics"),
}
NOT_APPLICABLE_LABEL = _l("not applicable")


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    texts: dict[str, str]
    question_id: str | None = None
    dimension: str | None = None
    values: dict[str, str] = field(default_factory=dict)
    points: str = ""


def as_is(value: Any) -> Any:
    """A cell value left as it is (the XLSX writer decides how each is stored)."""
    return value


def in_languages(text, languages) -> dict[str, str]:
    """A lazy interface string rendered in each language."""
    rendered = {}
    for language in languages:
        with force_locale(language):
            rendered[language] = str(text)
    return rendered


def timestamp(moment: datetime | None) -> str:
    """UTC as `YYYY-MM-DD HH:MM:SS`, which spreadsheets read as a date."""
    return "" if moment is None else as_utc(moment).strftime("%Y-%m-%d %H:%M:%S")


def rounded(value: float | None) -> float | None:
    """Two decimals, always written as a float (50.0, not 50) whichever database it came from."""
    return None if value is None else round(float(value), 2)


CODED_FIELDS = tuple(f for f in ORGANIZATION_FIELDS if f != "name")
"""The organization fields written as codes (the name is free text)."""


class Vocabulary:
    """Codes as they are, or their labels in one language."""

    def __init__(self, questionnaire: Questionnaire, regions: Regions, labels: bool, locale: str,
                 escape: bool = True):
        self.labels, self.locale = labels, locale
        # How answer text goes into a cell: made spreadsheet-safe for CSV; as it is for XLSX,
        # whose writer stores every text as a string cell (never a formula).
        self.safe = spreadsheet_safe if escape else as_is
        with force_locale(locale):
            self.not_applicable = str(NOT_APPLICABLE_LABEL) if labels else NOT_APPLICABLE
            self.sources = {k: str(v) for k, v in SOURCE_LABELS.items()}
            self.statuses = {k: str(v) for k, v in STATUS_LABELS.items()}
            self.trusts = {k: str(v) for k, v in TRUST_LABELS.items()}
        self.regions = {r.id: r.name(locale) for r in regions.regions}
        self.country_regions = dict(regions.country_to_region)
        self.stages = {s.id: s.name(locale) for s in questionnaire.stages}
        self.profile = {}
        for field_name in CODED_FIELDS:
            question = questionnaire.question_for_field(field_name)
            self.profile[field_name] = ({o.id: o.label(locale) for o in question.options}
                                        if question else {})

    def organization_name(self, name: str | None, sample_key: str | None) -> str | None:
        """A sample organization's name in the vocabulary's language with labels, the stored
        (stable) name with codes; any other organization's name as stored."""
        if not self.labels:
            return name
        with force_locale(self.locale):
            return shown_name(name, sample_key, self.profile["country"])

    def code(self, table: dict[str, str], value: str | None) -> str | None:
        if value is None or not self.labels:
            return value
        return table.get(value, value)

    def option(self, question: Question, option_id: str) -> str:
        if option_id == NOT_APPLICABLE:
            return self.not_applicable
        if not self.labels:
            return option_id
        option = question.option(option_id)
        return option.label(self.locale) if option else option_id


AS_GIVEN = _l("as given with this assessment (the profile it was submitted with), not the "
              "organization's current one")
SAMPLE_NAME_NOTE = _l("a sample organization's pseudonym is translated in files with labels")


def as_given(text, languages, *notes) -> dict[str, str]:
    """A profile column's description: the field, then that it is the assessment's own profile."""
    parts = [in_languages(part, languages) for part in (text, AS_GIVEN, *notes)]
    return {lang: "; ".join(part[lang] for part in parts) for lang in languages}


def _described(name: str, kind: str, text, languages, **more) -> Column:
    return Column(name, kind, in_languages(text, languages), **more)


def meta_columns(questionnaire: Questionnaire, regions: Regions) -> list[Column]:
    languages = questionnaire.languages
    profile = {f: questionnaire.question_for_field(f) for f in CODED_FIELDS}

    def profile_column(name: str, field_name: str, text) -> Column:
        question = profile[field_name]
        return Column(name, "code", as_given(text, languages),
                      question_id=question.id if question else None,
                      values=option_values(question, languages) if question else {})

    return [
        _described("assessment_id", "integer", _l("Assessment number"), languages),
        _described("organization_id", "integer", _l("Organization number"), languages),
        Column("organization_name", "text", as_given(_l("Name of the organization"), languages,
                                                     SAMPLE_NAME_NOTE)),
        profile_column("organization_country", "country", _l("Country (ISO code)")),
        _described("region", "code", _l("Benchmark region of the country"), languages,
                   values={lang: "; ".join(f"{r.id} = {r.name(lang)}" for r in regions.regions)
                           for lang in languages}),
        profile_column("organization_type", "org_type", _l("Type of organization")),
        profile_column("organization_scope", "scope", _l("Scope")),
        profile_column("organization_members_band", "members_band", _l("Member companies (band)")),
        profile_column("organization_staff_band", "staff_band", _l("Staff (band)")),
        profile_column("organization_sme_share_band", "sme_share_band",
                       _l("Share of SMEs among members (band)")),
        _described("source", "code", _l("Where the answers come from"), languages,
                   values={lang: "; ".join(f"{k} = {t}" for k, t in in_languages_map(
                       SOURCE_LABELS, lang).items()) for lang in languages}),
        _described("status", "code", _l("Status"), languages,
                   values={lang: "; ".join(f"{k} = {t}" for k, t in in_languages_map(
                       STATUS_LABELS, lang).items()) for lang in languages}),
        _described("locale", "code", _l("Language the questionnaire was answered in"), languages),
        _described("created_at", "datetime", _l("Started (UTC)"), languages),
        _described("submitted_at", "datetime", _l("Submitted (UTC)"), languages),
        _described("questionnaire_id", "code", _l("Questionnaire"), languages),
        _described("questionnaire_version", "integer", _l("Questionnaire version"), languages),
        _described("previous_id", "integer", _l("Assessment this one retakes"), languages),
        _described("is_latest", "0/1", _l("1 when this is the organization's latest submitted "
                                         "assessment of this version"), languages),
        _described("overall_score", "number", _l("Overall score (0-100)"), languages),
        _described("stage", "code", _l("Maturity stage"), languages,
                   values={lang: "; ".join(f"{s.id} = {s.name(lang)}" for s in questionnaire.stages)
                           for lang in languages}),
        _described("trust", "code", _l("Whether the result counts in peer statistics (empty for a "
                                       "draft)"), languages,
                   values={lang: "; ".join(f"{k} = {t}" for k, t in in_languages_map(
                       TRUST_LABELS, lang).items()) for lang in languages}),
        _described("trust_decided_at", "datetime", _l("When staff verified or excluded the result "
                                                      "(UTC; empty when its trust came with it)"),
                   languages),
        _described("round_id", "integer", _l("Programme round whose invitation opened the "
                                             "assessment (empty for an open one)"), languages),
        Column("round_name", "text", in_languages(_l("Name of that round"), languages)),
    ]


def in_languages_map(labels: dict, language: str) -> dict[str, str]:
    with force_locale(language):
        return {key: str(text) for key, text in labels.items()}


def meta_cells(vocabulary: Vocabulary) -> Cells:
    profile, v = vocabulary.profile, vocabulary

    def cells(record: Record) -> list[Any]:
        r = record.row
        return [r.id, r.organization_id, v.organization_name(r.name, r.sample_key),
                v.code(profile["country"], r.country),
                v.code(v.regions, _region(v, r.country)), v.code(profile["org_type"], r.org_type),
                v.code(profile["scope"], r.scope), v.code(profile["members_band"], r.members_band),
                v.code(profile["staff_band"], r.staff_band),
                v.code(profile["sme_share_band"], r.sme_share_band),
                v.code(v.sources, r.source), v.code(v.statuses, r.status), r.locale,
                timestamp(r.created_at), timestamp(r.submitted_at), r.questionnaire_id,
                r.questionnaire_version, r.previous_id, 1 if r.is_latest else 0,
                rounded(r.overall_score), v.code(v.stages, r.stage), v.code(v.trusts, r.trust),
                timestamp(r.trust_decided_at), r.round_id, r.round_name]

    return cells


def _region(vocabulary: Vocabulary, country: str | None) -> str | None:
    return vocabulary.country_regions.get(country) if country else None


def option_values(question: Question, languages) -> dict[str, str]:
    values = {lang: "; ".join(f"{o.id} = {o.label(lang)}" for o in question.options)
              for lang in languages}
    if question.not_applicable:
        for lang in languages:
            values[lang] += f"; {NOT_APPLICABLE} = {in_languages(NOT_APPLICABLE_LABEL, [lang])[lang]}"
    return values


def option_points(question: Question) -> str:
    if not question.scored:
        return ""
    return "; ".join(f"{o.id} = {o.points:g}" for o in question.options)


def score_columns(questionnaire: Questionnaire) -> list[Column]:
    languages = questionnaire.languages
    return [Column(f"score__{d.id}", "number",
                   {lang: f"{d.title(lang)} (0-100)" for lang in languages}, dimension=d.id)
            for d in questionnaire.dimensions]


def score_cells(questionnaire: Questionnaire) -> Cells:
    ids = [d.id for d in questionnaire.dimensions]

    def cells(record: Record) -> list[Any]:
        return [rounded(record.scores.get(i)) for i in ids]

    return cells


def answer_columns(question: Question, languages) -> list[Column]:
    """The wide columns of one question, as its type lays them out, described for the codebook."""
    texts = {lang: question.text(lang) for lang in languages}
    common = {"question_id": question.id, "dimension": question.dimension}
    columns = []
    for cell in question.kind.cell_columns(question):
        part = cell.part
        described = texts if part is None else {lang: f"{texts[lang]}: {part(lang)}"
                                                for lang in languages}
        if cell.holds == FLAG:
            na = f"; {NOT_APPLICABLE}" if question.not_applicable else ""
            values = {lang: f"1 = {_yes(lang)}; 0 = {_no(lang)}{na}" for lang in languages}
            points = f"{cell.option.points:g}"
        else:
            values = option_values(question, languages) if cell.holds == CODE else {}
            points = option_points(question)
        columns.append(Column(cell.name, cell.holds, described, values=values, points=points,
                              **common))
    return columns


def _yes(language: str) -> str:
    with force_locale(language):
        return _("chosen")


def _no(language: str) -> str:
    with force_locale(language):
        return _("not chosen")


def answer_cells(questions: list[Question], vocabulary: Vocabulary) -> list[Cells]:
    """The cells of the answers in the wide layout, already checked for a spreadsheet (see
    `cell_writer`). Consecutive questions of one cell each share one function, so a row costs one
    call per question of several cells and per run of the others, not one per question."""
    groups: list[Cells] = []
    run: list[tuple[str, Callable[[Any], Any]]] = []
    for question in questions:
        columns = question.kind.cell_columns(question)
        if question.kind.one_cell:
            run.append((question.id, cell_writer(question, columns[0], vocabulary)))
            continue
        if run:
            groups.append(_one_cell_run(run))
            run = []
        groups.append(_several_cells(question, columns, vocabulary))
    if run:
        groups.append(_one_cell_run(run))
    return groups


def cell_writer(question: Question, column: CellColumn,
                vocabulary: Vocabulary) -> Callable[[Any], Any]:
    """How a code of `column` is written to its cell, made spreadsheet-safe: option codes (and
    "not applicable") through a table of their outputs, code or label, each checked once here;
    flags as numbers; typed text and anything unexpected in the database checked as it comes
    (`vocabulary.safe`: spreadsheet_safe for CSV, nothing for XLSX's string cells)."""
    safe = vocabulary.safe
    if column.holds == TEXT:
        return safe
    na = safe(vocabulary.not_applicable)
    if column.holds == FLAG:
        return lambda code: na if code == NOT_APPLICABLE else code
    table: dict[Any, Any] = {None: None, NOT_APPLICABLE: na}
    for option in column.options:
        table[option.id] = safe(vocabulary.option(question, option.id))

    def written(code: Any) -> Any:
        try:
            return table[code]
        except (KeyError, TypeError):  # not one of the options (TypeError: not even hashable)
            return safe(vocabulary.option(question, code))

    return written


def _one_cell_run(run: list[tuple[str, Callable[[Any], Any]]]) -> Cells:
    def cells(record: Record) -> list[Any]:
        get = record.answers.get
        return [written(get(qid)) for qid, written in run]

    return cells


def _several_cells(question: Question, columns: list[CellColumn], vocabulary: Vocabulary) -> Cells:
    qid, codes_of = question.id, question.kind.cells
    writers = [cell_writer(question, column, vocabulary) for column in columns]

    def cells(record: Record) -> list[Any]:
        codes = codes_of(question, record.answers.get(qid))
        return [write(code) for write, code in zip(writers, codes, strict=True)]

    return cells
