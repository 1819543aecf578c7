import click
from flask.cli import with_appcontext


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the demo data (labelled sample) into an empty database; does nothing otherwise."""
    from app.operations.demo import seed_demo

    created = seed_demo()
    click.echo(f"Demo data: {created} sample assessment(s) created." if created
               else "Demo data already present.")
