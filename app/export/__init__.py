"""Writers of spreadsheet files (CSV and XLSX), and the one function that makes a CSV cell safe
to open.

`export_rows` (CSV) and `export_sheets` (XLSX) are what the staff download and the `flask export`
command both call, so a file downloaded from the staff pages and one written by the command are
the same bytes (CSV) or the same cells (XLSX).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement

from app.domain.questionnaire import Questionnaire
from app.domain.regions import Regions

KINDS = ("wide", "long", "codebook")
FORMATS = ("csv", "xlsx")
SHEET_NAMES = {"wide": _l("Assessments"), "long": _l("Answers"), "codebook": _l("Codebook")}


def export_rows(kind: str, conditions: Sequence[ColumnElement[bool]], questionnaire: Questionnaire,
                regions: Regions, labels: bool = False, locale: str = "es",
                escape: bool = True, individual: bool = False) -> Iterable[Sequence[Any]]:
    """The header and rows of one export; `escape` off leaves text cells as they are (for XLSX,
    which stores text as text); `individual` adds the team members' own answers to the long
    export (app.export.long), and only to it."""
    from app.export.codebook import codebook_rows
    from app.export.long import long_rows
    from app.export.wide import wide_rows

    if kind == "wide":
        return wide_rows(conditions, questionnaire, regions, labels, locale, escape)
    if kind == "long":
        return long_rows(conditions, questionnaire, regions, labels, locale, individual)
    if kind == "codebook":
        return iter(list(codebook_rows(questionnaire, regions)))
    raise ValueError(f"unknown export {kind!r}; expected one of {', '.join(KINDS)}")


def export_sheets(kind: str, conditions: Sequence[ColumnElement[bool]],
                  questionnaire: Questionnaire, regions: Regions, labels: bool = False,
                  locale: str = "es", individual: bool = False) -> list:
    """The sheets of one XLSX export: the rows of `kind`, each column's type (dates are written
    as dates), and for the wide file the codebook as a second sheet. Sheet names in `locale`."""
    from app.export.codebook import codebook_types
    from app.export.long import long_columns
    from app.export.wide import wide_columns
    from app.export.xlsxfile import Sheet

    def name(of: str) -> str:
        with force_locale(locale):
            return str(SHEET_NAMES[of])

    types = {"wide": lambda: [c.type for c in wide_columns(questionnaire, regions)],
             "long": lambda: [c.type for c in long_columns(questionnaire, individual)],
             "codebook": codebook_types}
    if kind not in types:
        raise ValueError(f"unknown export {kind!r}; expected one of {', '.join(KINDS)}")
    sheets = [Sheet(name(kind), export_rows(kind, conditions, questionnaire, regions, labels,
                                            locale, escape=False, individual=individual),
                    types[kind]())]
    if kind == "wide":
        sheets.append(Sheet(name("codebook"), export_rows("codebook", conditions, questionnaire,
                                                          regions), codebook_types()))
    return sheets
