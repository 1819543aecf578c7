"""Application factory."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from app import security
from app.extensions import babel, csrf, db, limiter, login_manager, migrate
from config import Config, config_from_environment


def create_app(config_class: type[Config] | None = None, **overrides: Any) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config_class or config_from_environment())
    app.config.update(overrides)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    configure_secret_key(app)
    register_logging(app)
    register_extensions(app)
    register_jobs(app)
    register_questionnaires(app)
    register_benchmark(app)
    register_blueprints(app)
    register_templating(app)
    register_errorhandlers(app)
    security.init_app(app)
    register_commands(app)
    return app


def configure_secret_key(app: Flask) -> None:
    """Production must be given SECRET_KEY; elsewhere a random key is made once and kept in the
    instance folder, which git ignores."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("REQUIRE_SECRET_KEY"):
        raise RuntimeError("SECRET_KEY must be set in the environment in production.")
    key_file = Path(app.instance_path) / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    app.config["SECRET_KEY"] = key_file.read_text().strip()


def register_logging(app: Flask) -> None:
    from app.logging import init_app

    init_app(app)


def register_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (the models must be known to db and migrations)
    from app.locale import select_locale, select_timezone

    db.init_app(app)
    migrate.init_app(app, db, directory=str(Path(app.root_path).parent / "migrations"))
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    from app.database import configure_engine

    with app.app_context():
        configure_engine(db.engine, float(app.config.get("DATABASE_STATEMENT_TIMEOUT") or 0))


def register_jobs(app: Flask) -> None:
    from app.jobs import init_app

    init_app(app)


def register_questionnaires(app: Flask) -> None:
    from app.questionnaires import init_app

    init_app(app)


def register_benchmark(app: Flask) -> None:
    from app.benchmark import init_app

    init_app(app)


def register_blueprints(app: Flask) -> None:
    from app.auth import bp as auth_bp
    from app.results import bp as results_bp
    from app.staff import bp as staff_bp
    from app.survey import bp as survey_bp
    from app.team import bp as team_bp

    app.register_blueprint(survey_bp)
    app.register_blueprint(team_bp)
    app.register_blueprint(results_bp)
    app.register_blueprint(auth_bp, url_prefix="/staff")
    app.register_blueprint(staff_bp, url_prefix="/staff")


def register_templating(app: Flask) -> None:
    from app.templating import init_app

    init_app(app)


def register_errorhandlers(app: Flask) -> None:
    from app.errors import init_app

    init_app(app)


def register_commands(app: Flask) -> None:
    from app.cli import init_app

    init_app(app)
