"""`flask --app wsgi peers ...`: import real peer results, seed sample and synthetic data, print group
statistics."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale

from app.questionnaires import active_questionnaire, library

peers = AppGroup("peers", help="Peer benchmarking data: import, sample and synthetic assessments.")


@peers.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Validate and show what would be imported; write nothing.")
def import_command(path: Path, dry_run: bool) -> None:
    """Import real peer results (source "verified") from a CSV file, all rows or none.

    \b
    One row per assessment; the staff export's wide file with codes reads back as is:
      every question by id, profile questions included (org_name, country, ...):
        the option id, or the text of a text question
      multi-select: one column per option, <question>__<option>, 1 or 0
        (or one column <question> with the option ids separated by ";")
      adoption: one column per row, <question>__<row>, with the step id
      _na = not applicable (in every column of the question); empty = no answer
      questionnaire_id, questionnaire_version, submitted_at (2024-05-31 or
        2024-05-31 14:20:00, UTC): required
      status and source, when present, must be submitted and respondent/verified
    Read by nobody: assessment_id, organization_*, region, locale, created_at,
    previous_id, is_latest, overall_score, stage, score__* (scores are recomputed).
    Delimiter , ; or tab; UTF-8 (a byte-order mark is fine).
    """
    from app.operations.peer_commit import commit_peer_import
    from app.operations.peer_import import describe, parse_peer_csv

    preview = parse_peer_csv(path.read_text(encoding="utf-8-sig"), library())
    with force_locale("en"):
        for error in preview.errors:
            where = f"row {error.row}" + (f", column {error.column}" if error.column else "")
            click.echo(f"{where}: {describe(error)}", err=True)
    if preview.unreported:
        click.echo(f"... and {preview.unreported} more problem(s) not listed.", err=True)
    if preview.error_count:
        click.echo(f"{preview.error_count} problem(s); nothing was imported.", err=True)
        sys.exit(1)
    per_version = ", ".join(f"{k}: {v}" for k, v in preview.by_questionnaire().items())
    click.echo(f"{len(preview.rows)} valid row(s) ({per_version}); "
               f"{preview.new_organizations} new organization(s).")
    if dry_run:
        click.echo("Dry run: nothing was imported.")
        return
    click.echo(f"Imported {commit_peer_import(preview)} verified assessment(s).")


@peers.command("seed-samples")
@click.option("--anonymous", default=0, show_default=True,
              help='Also create this many invented "Sample organization N" profiles.')
def seed_samples_command(anonymous: int) -> None:
    """Pseudonymous sample organizations, one per reference profile's type and country (never its
    name), each with an illustrative sample assessment (once per questionnaire version); sample
    data only, never anyone's real answers."""
    from app.operations.peers import seed_programme_samples, seed_sample_organizations

    questionnaire = active_questionnaire()
    created = seed_programme_samples(questionnaire, current_app.extensions["reference_profiles"])
    created += seed_sample_organizations(questionnaire, library().regions, anonymous)
    click.echo(f"{created} sample assessment(s) created for {questionnaire.key}.")


@peers.command("seed-synthetic")
@click.argument("count", type=click.IntRange(1, 5_000_000))
@click.option("--batch-size", default=5000, show_default=True)
@click.option("--seed", default=0, show_default=True, help="Same seed, same data.")
@click.option("--answers", "with_answers", is_flag=True, help="Also store every answer row (slower).")
def seed_synthetic_command(count: int, batch_size: int, seed: int, with_answers: bool) -> None:
    """Add COUNT synthetic assessments (source "synthetic") for load and benchmark work. They are
    never part of a real benchmark unless BENCHMARK_INCLUDE_SYNTHETIC is set."""
    from app.operations.peers import seed_synthetic

    started = time.perf_counter()
    seed_synthetic(active_questionnaire(), library().regions, count, batch_size=batch_size,
                   seed=seed, with_answers=with_answers)
    click.echo(f"{count} synthetic assessment(s) in {time.perf_counter() - started:.1f} s.")


@peers.command("stats")
@click.option("--by", "by", default="region", show_default=True,
              type=click.Choice(["region", "country", "org_type", "members_band", "all"]))
@click.option("--samples/--no-samples", default=False, help="Include sample profiles.")
@click.option("--version", "version", default=None,
              help="Questionnaire version, e.g. digital-maturity-v1 (default: the active one); "
                   "peers are always of one version.")
def stats_command(by: str, samples: bool, version: str | None) -> None:
    """Print the overall score's statistics per group (real results only, unless --samples)."""
    from app.benchmark.dashboard import group_statistics
    from app.benchmark.queries import OVERALL
    from app.benchmark.selection import Selection

    books = library()
    questionnaire = books.by_key(version) if version else books.active
    if questionnaire is None:
        raise click.BadParameter(f"one of {', '.join(sorted(q.key for q in books.versions.values()))}",
                                 param_hint="--version")
    selection = Selection(questionnaire.id, questionnaire.version, include_sample=samples)
    click.echo("group\tcount\tmean\tq1\tmedian\tq3\tmin\tmax")
    for row in group_statistics(selection, questionnaire, by).groups:
        if row.dimension != OVERALL:
            continue
        s = row.summary
        numbers = "\t".join("" if v is None else f"{v:.1f}"
                            for v in (s.mean, s.q1, s.median, s.q3, s.minimum, s.maximum))
        click.echo(f"{row.key or '(none)'}\t{s.count}\t{numbers}")
    if samples:
        click.echo("Includes illustrative sample data, not real results.")
