"""`flask export wide|long|codebook [filters] [--labels] [--lang LANG] [--format csv|xlsx] -o FILE`:
the same files the staff pages download, written by the same code, for scripts and large
extracts (`--individual`: the long file with the team members' own answers too)."""

from __future__ import annotations

import shutil
import sys

import click
from flask.cli import with_appcontext

from app.export import FORMATS, KINDS, export_rows, export_sheets
from app.export.csvfile import write_csv
from app.export.xlsxfile import spooled_xlsx
from app.locale import questionnaire_languages
from app.questionnaires import library
from app.staff.filters import parse_filters, questionnaire_of

FILTER_OPTIONS = {"version": "version", "region": "region", "country": "country",
                  "org_type": "org_type", "size_band": "size_band", "date_from": "from",
                  "date_to": "to", "status": "status", "search": "q", "round_id": "round"}


@click.command("export")
@click.argument("kind", type=click.Choice(KINDS))
@click.option("--version", "version", help="Questionnaire version, e.g. digital-maturity-v1 "
              "(default: the active one).")
@click.option("--region", help="Region id.")
@click.option("--country", help="Country code (ISO alpha-2).")
@click.option("--org-type", "org_type", help="Type of organization (option id).")
@click.option("--size-band", "size_band", help="Member companies band (option id).")
@click.option("--from", "date_from", help="Submitted on or after (YYYY-MM-DD).")
@click.option("--to", "date_to", help="Submitted on or before (YYYY-MM-DD).")
@click.option("--status", type=click.Choice(["draft", "submitted"]), help="Only this status.")
@click.option("--search", help="Organization name contains (case-insensitive).")
@click.option("--round", "round_id", help="Only the assessments of this round (its number).")
@click.option("--include-sample", is_flag=True, help="Include sample reference profiles.")
@click.option("--include-synthetic", is_flag=True, help="Include synthetic load-test data.")
@click.option("--labels", is_flag=True, help="Write labels instead of codes.")
@click.option("--individual", is_flag=True,
              help="Long export: add the team members' own answers (answers and role columns).")
@click.option("--lang", default=None,
              help="Language of the labels (one of LANGUAGES that the version has; default the first).")
@click.option("--format", "file_format", type=click.Choice(FORMATS), default="csv", show_default=True,
              help="CSV, or an Excel workbook (the wide one with the codebook as a second sheet).")
@click.option("-o", "--output", type=click.File("wb"), required=True,
              help="File to write ('-' for standard output).")
@with_appcontext
def export_command(kind: str, include_sample: bool, include_synthetic: bool, labels: bool,
                   lang: str, file_format: str, output, individual: bool = False,
                   **chosen) -> None:
    """Write a CSV or XLSX export of the assessments the filters select."""
    args = {FILTER_OPTIONS[name]: value for name, value in chosen.items() if value}
    if include_sample:
        args["sample"] = "1"
    if include_synthetic:
        args["synthetic"] = "1"
    books = library()
    filters = parse_filters(args, books)
    if filters.errors:
        names = {v: k for k, v in FILTER_OPTIONS.items()}
        wrong = ", ".join("--" + names.get(e, e).replace("_", "-") for e in filters.errors)
        click.echo(f"Error: unknown or invalid value for {wrong}", err=True)
        sys.exit(2)
    questionnaire = questionnaire_of(filters, books)
    languages = questionnaire_languages(questionnaire)  # v1 has no Portuguese
    lang = lang or languages[0]
    if lang not in languages:
        click.echo(f"Error: --lang must be one of {', '.join(languages)} for {questionnaire.key}",
                   err=True)
        sys.exit(2)
    if file_format == "xlsx":
        with spooled_xlsx(export_sheets(kind, filters.conditions(), questionnaire, books.regions,
                                        labels, lang, individual)) as spool:
            shutil.copyfileobj(spool, output)
        return
    write_csv(export_rows(kind, filters.conditions(), questionnaire, books.regions, labels, lang,
                          individual=individual), output)
