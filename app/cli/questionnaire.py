import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from app.domain.loader import QuestionnaireError, load_questionnaire
from app.questionnaires import questionnaire_files

questionnaire = AppGroup("questionnaire", help="Check and inspect questionnaire files.")


@questionnaire.command("check")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Validate questionnaire files (default: every version in QUESTIONNAIRE_DIR)."""
    paths = paths or tuple(questionnaire_files(Path(current_app.config["QUESTIONNAIRE_DIR"])))
    failed = False
    for path in paths:
        try:
            loaded = load_questionnaire(path)
        except QuestionnaireError as error:
            failed = True
            for problem in error.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{path}: {len(error.problems)} problem(s)", err=True)
        else:
            scored = len(loaded.scored_questions)
            click.echo(f"{path}: OK ({loaded.key}, {len(loaded.dimensions)} dimensions, "
                       f"{scored} scored questions, {len(loaded.profile_questions)} profile questions)")
    if failed:
        sys.exit(1)


@questionnaire.command("active")
def active() -> None:
    """Print the active questionnaire version."""
    from app.questionnaires import active_questionnaire

    click.echo(active_questionnaire().key)
