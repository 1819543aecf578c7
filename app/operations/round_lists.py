"""The organizations of a round, from a staff member's form (one at a time) or an uploaded list
(CSV or XLSX, read by app/export/reading.py, the one reader of uploaded tables): every row is
checked first, and the list is added whole or not at all.

A list's columns, found by name in any order (English, Spanish or Portuguese headings, case and
spacing aside): name, country, type, contact name, contact e-mail, and optionally language.
Country and type take the option's code (`HN`, `chamber_commerce`) or its label in any language
of the round's questionnaire version ("Honduras", "Cámara de comercio"). A name and a country are
required; an e-mail address, when given, must be one. An organization already known by the same
name and country (an earlier round's, an imported peer's; never a sample) is invited as itself, so
its history shows every round; otherwise a new organization is made with the list's profile.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.domain.questionnaire import Questionnaire
from app.domain.rounds import invitation_language
from app.export.reading import READ_MESSAGES, RowError, RowProblems, describe_with, read_table
from app.extensions import db
from app.mail import valid_address
from app.models import AssessmentRound, Invitation, Organization
from app.operations.peer_import import name_key

MAX_ROWS = 5000
FIELDS = ("name", "country", "org_type", "contact_name", "contact_email", "language")
REQUIRED = ("name", "country")
LENGTHS = {"name": 300, "contact_name": 200, "contact_email": 254}
# Column headings each field is found under (compared in lower case, "_" and "-" read as spaces).
HEADINGS = {
    "name": ("name", "organization", "organization name", "nombre", "organización",
             "organizacion", "nome", "organização", "organizacao"),
    "country": ("country", "país", "pais"),
    "org_type": ("type", "org type", "organization type", "tipo", "tipo de organización",
                 "tipo de organização"),
    "contact_name": ("contact name", "contact", "contacto", "nombre de contacto", "contato",
                     "nome do contato"),
    "contact_email": ("contact e mail", "contact email", "e mail", "email", "correo",
                      "correo electrónico", "correo electronico"),
    "language": ("language", "idioma"),
}

MESSAGES = {
    **READ_MESSAGES,
    "unknown_column": _l("Unknown column. The columns are: name, country, type, contact name, "
                         "contact e-mail (and optionally language)."),
    "missing_column": _l("Required column missing."),
    "required": _l("A value is required."),
    "unknown_country": _l("Not a country of this questionnaire: “%(value)s”."),
    "unknown_type": _l("Not a type of organization of this questionnaire: “%(value)s”."),
    "unknown_language": _l("Not a language of this questionnaire: “%(value)s”."),
    "bad_email": _l("Not an e-mail address: “%(value)s”."),
    "too_long": _l("The text is too long."),
    "duplicate_in_file": _l("The same organization is already in row %(value)s."),
    "already_in_round": _l("This organization is already invited to this round."),
}


def describe(error: RowError) -> str:
    return describe_with(MESSAGES, error)


@dataclass(frozen=True)
class Entry:
    """One organization to invite, checked."""

    name: str
    country: str
    org_type: str | None
    contact_name: str | None
    contact_email: str | None
    locale: str

    @property
    def key(self) -> tuple[str, str]:
        return name_key(self.name, self.country)


@dataclass
class ListCheck(RowProblems):
    """A checked list: the organizations it adds, or its problems (the first ones, and a count)."""

    entries: list[Entry] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return bool(self.entries) and not self.error_count


def _heading(text: str) -> str:
    return " ".join(text.casefold().replace("_", " ").replace("-", " ").split())


FIELD_OF_HEADING = {_heading(h): name for name, headings in HEADINGS.items() for h in headings}


def _choices(questionnaire: Questionnaire, field_name: str) -> dict[str, str] | None:
    """Code by code and by label (in every language), lower case; None when the version does not
    ask for the field."""
    question = questionnaire.question_for_field(field_name)
    if question is None or not question.options:
        return None
    found = {}
    for option in question.options:
        found[option.id.casefold()] = option.id
        for language in questionnaire.languages:
            found[" ".join(option.label(language).casefold().split())] = option.id
    return found


def check_entry(values: Mapping[str, str], questionnaire: Questionnaire, row: int,
                column_of: Mapping[str, str] | None = None) -> tuple[Entry | None, list[RowError]]:
    """One organization's values (by field name) checked; `column_of` names each field's column
    for the errors (a form names its fields)."""
    column_of = column_of or {}
    errors: list[RowError] = []
    clean = {name: " ".join((values.get(name) or "").split()) for name in FIELDS}

    def error(name: str, code: str, value: str = "") -> None:
        errors.append(RowError(row, column_of.get(name, name), code, value))

    for name in REQUIRED:
        if not clean[name]:
            error(name, "required")
    for name, limit in LENGTHS.items():
        if len(clean[name]) > limit:
            error(name, "too_long")
    codes = {}
    for name, code in (("country", "unknown_country"), ("org_type", "unknown_type")):
        if not clean[name]:
            codes[name] = None
            continue
        choices = _choices(questionnaire, name)
        codes[name] = None if choices is None else choices.get(clean[name].casefold())
        if codes[name] is None:
            error(name, code, clean[name])
    address = None
    if clean["contact_email"]:
        address = valid_address(clean["contact_email"])
        if address is None:
            error("contact_email", "bad_email", clean["contact_email"])
    language = clean["language"].casefold() or None
    if language and language not in questionnaire.languages:
        error("language", "unknown_language", clean["language"])
    if errors:
        return None, errors
    return Entry(clean["name"], codes["country"], codes["org_type"], clean["contact_name"] or None,
                 address, invitation_language(codes["country"], questionnaire.languages,
                                              language)), []


def check_list(data: bytes, round_: AssessmentRound, questionnaire: Questionnaire) -> ListCheck:
    """Every row of an uploaded list checked against the version and the round's invitations."""
    result = ListCheck()
    table = read_table(data)
    if table.error is not None:
        result.add_error(table.error)
        return result
    fields = {}
    for column in table.header:
        name = FIELD_OF_HEADING.get(_heading(column))
        if name is None or name in fields:
            result.add_error(RowError(1, column, "unknown_column"))
        else:
            fields[name] = column
    for name in REQUIRED:
        if name not in fields:
            result.add_error(RowError(1, HEADINGS[name][0], "missing_column"))
    if result.error_count:
        return result
    invited = _invited_keys(round_.id)
    seen: dict[tuple[str, str], int] = {}
    for record in table.records():
        if isinstance(record, RowError):
            result.add_error(record)
            continue
        number, cells = record
        if number - 1 > MAX_ROWS:
            result.add_error(RowError(number, None, "too_many_rows", str(MAX_ROWS)))
            break
        entry, errors = check_entry({name: cells.get(column, "") for name, column in fields.items()},
                                    questionnaire, number, fields)
        for problem in errors:
            result.add_error(problem)
        if entry is None:
            continue
        if entry.key in seen:
            result.add_error(RowError(number, fields["name"], "duplicate_in_file", str(seen[entry.key])))
        elif entry.key in invited:
            result.add_error(RowError(number, fields["name"], "already_in_round", entry.name))
        else:
            seen[entry.key] = number
            result.entries.append(entry)
    if not result.entries and not result.error_count:
        result.add_error(RowError(2, None, "no_rows"))
    return result


class AlreadyInRound(Exception):
    """An organization of the list was invited to the round meanwhile; nothing was added."""


def _invited_keys(round_id: int) -> set[tuple[str, str]]:
    rows = db.session.execute(select(Invitation.name, Invitation.country)
                              .where(Invitation.round_id == round_id))
    return {name_key(name, country) for name, country in rows}


def _known_organizations(countries: set[str]) -> dict[tuple[str, str], int]:
    """Real organizations (never samples) by (name, country), the lowest id first."""
    rows = db.session.execute(select(Organization.id, Organization.name, Organization.country)
                              .where(Organization.country.in_(countries),
                                     Organization.sample_key.is_(None))
                              .order_by(Organization.id.desc()))
    return {name_key(name or "", country): org_id for org_id, name, country in rows}


def add_entries(round_: AssessmentRound, entries: list[Entry]) -> list[Invitation]:
    """Invite every entry to the round in one transaction (all or none). Raises AlreadyInRound
    when one of them is in the round already, or was added at the same moment."""
    if any(entry.key in _invited_keys(round_.id) for entry in entries):
        raise AlreadyInRound()
    known = _known_organizations({entry.country for entry in entries})
    invitations = []
    for entry in entries:
        organization_id = known.get(entry.key)
        organization = (db.session.get(Organization, organization_id) if organization_id
                        else Organization(name=entry.name, country=entry.country,
                                          org_type=entry.org_type))
        invitation = Invitation(round_id=round_.id, organization=organization, name=entry.name,
                                country=entry.country, org_type=entry.org_type,
                                contact_name=entry.contact_name,
                                contact_email=entry.contact_email, locale=entry.locale)
        db.session.add(invitation)
        invitations.append(invitation)
    try:
        db.session.commit()
    except IntegrityError as error:
        db.session.rollback()
        raise AlreadyInRound() from error
    return invitations
