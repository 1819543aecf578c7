"""`flask questionnaire check|active`: validate the data files, name the active version."""

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.domain.datafile import DataFileError, Problem
from app.domain.loader import load_questionnaire
from app.domain.references import load_reference_profiles
from app.questionnaires import load_library

questionnaire = AppGroup("questionnaire", help="Check and inspect questionnaire files.")


def _summary(loaded) -> str:
    return (f"OK ({loaded.key}, {len(loaded.dimensions)} dimensions, {len(loaded.scored_questions)} "
            f"scored questions, {len(loaded.profile_questions)} profile questions)")


def _fail(problems: list[Problem], what: str) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{what}: {len(problems)} problem(s)", err=True)


def _check_files(paths: tuple[Path, ...]) -> bool:
    """Each questionnaire file on its own; True when all are valid."""
    failed = False
    for path in paths:
        try:
            loaded = load_questionnaire(path)
        except DataFileError as error:
            failed = True
            _fail(error.problems, str(path))
        else:
            click.echo(f"{path}: {_summary(loaded)}")
    return not failed


def _check_folder() -> bool:
    """Every version in QUESTIONNAIRE_DIR, the crosswalks between them, the regions and the
    reference profiles; True when all are valid."""
    folder = Path(current_app.config["QUESTIONNAIRE_DIR"])
    try:
        library = load_library(folder, current_app.config["ACTIVE_QUESTIONNAIRE"])
    except DataFileError as error:
        _fail(error.problems, str(folder))
        click.echo("(the reference profiles are checked once the questionnaires and regions load)",
                   err=True)
        return False
    for version in sorted(library.versions.values(), key=lambda q: q.key):
        click.echo(f"{version.source}: {_summary(version)}")
    click.echo(f"{folder / 'regions.yaml'}: OK ({len(library.regions.regions)} regions)")
    profiles_path = current_app.config["REFERENCE_PROFILES"]
    try:
        profiles = load_reference_profiles(profiles_path, library.regions, library.active.languages)
    except DataFileError as error:
        _fail(error.problems, str(profiles_path))
        return False
    click.echo(f"{profiles_path}: OK ({len(profiles.profiles)} reference profiles)")
    return True


@questionnaire.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Validate questionnaire files, listing every problem. Without PATH: every version in
    QUESTIONNAIRE_DIR with the crosswalks between them, the regions and the reference profiles."""
    if not (_check_files(paths) if paths else _check_folder()):
        sys.exit(1)


@questionnaire.command("active")
def active() -> None:
    """Print the active questionnaire version."""
    from app.questionnaires import active_questionnaire

    click.echo(active_questionnaire().key)
