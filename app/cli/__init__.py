"""Command-line commands: `flask --app wsgi <group> <command>`. One module per group."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.cli.demo import seed_demo_command
    from app.cli.export import export_command
    from app.cli.jobs import jobs
    from app.cli.peers import peers
    from app.cli.questionnaire import questionnaire
    from app.cli.translate import translate
    from app.cli.users import users

    app.cli.add_command(questionnaire)
    app.cli.add_command(peers)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(translate)
    app.cli.add_command(users)
    app.cli.add_command(export_command)
    app.cli.add_command(jobs)
