"""Configuration classes. Every setting that differs between machines comes from the environment."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def database_url(url: str | None) -> str:
    """Normalise DATABASE_URL so SQLAlchemy uses psycopg 3 for PostgreSQL.

    A relative SQLite path is resolved by Flask-SQLAlchemy inside the instance folder.
    """
    if not url:
        return "sqlite:///assessment.db"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def _names(name: str) -> list[str] | None:
    """A comma-separated list from the environment, or None when it is unset or empty."""
    names = [part.strip() for part in os.environ.get(name, "").split(",") if part.strip()]
    return names or None


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # Seconds after which PostgreSQL cancels a statement (0: never); a stuck query then answers
    # 503 instead of holding a worker thread and its locks.
    DATABASE_STATEMENT_TIMEOUT = float(os.environ.get("DATABASE_STATEMENT_TIMEOUT", 30))
    # The interface languages offered; each needs a catalog in translations/ (`flask translate
    # init CODE`). A page about an assessment offers only those its questionnaire version has.
    LANGUAGES = tuple(code.strip() for code in os.environ.get("LANGUAGES", "es,en,pt").split(",")
                      if code.strip())
    BABEL_DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "es")
    BABEL_DEFAULT_TIMEZONE = "UTC"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    QUESTIONNAIRE_DIR = os.environ.get("QUESTIONNAIRE_DIR", str(BASE_DIR / "questionnaires"))
    # "<id>-v<version>", or empty for the highest version of digital-maturity.
    ACTIVE_QUESTIONNAIRE = os.environ.get("ACTIVE_QUESTIONNAIRE", "")
    # A respondent may take hours over one page: CSRF tokens last as long as the session.
    WTF_CSRF_TIME_LIMIT = _int("WTF_CSRF_TIME_LIMIT", 7 * 24 * 3600)
    PERMANENT_SESSION_LIFETIME = _int("SESSION_LIFETIME", 30 * 24 * 3600)
    # Not re-signed on every response: the survey renews a respondent's session hourly while they
    # work (app/survey/respondent.py keep_alive), so it still lasts the lifetime after the last visit.
    SESSION_REFRESH_EACH_REQUEST = False
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    # A staff session ends this many hours after signing in (its row is checked on every request).
    STAFF_SESSION_HOURS = float(os.environ.get("STAFF_SESSION_HOURS", 12))
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    MAX_CONTENT_LENGTH = _int("MAX_CONTENT_LENGTH", 2 * 1024 * 1024)
    # Peer groups smaller than this (the organization itself not counted) show no statistics.
    ANONYMITY_THRESHOLD = _int("ANONYMITY_THRESHOLD", 5)
    # When sample reference profiles join a peer group: "auto" (while it has fewer than
    # ANONYMITY_THRESHOLD real organizations), "always" or "never".
    BENCHMARK_SAMPLES = os.environ.get("BENCHMARK_SAMPLES", "auto")
    # Count synthetic load-test assessments as peers (benchmarks only, never in production).
    BENCHMARK_INCLUDE_SYNTHETIC = os.environ.get("BENCHMARK_INCLUDE_SYNTHETIC", "") in ("1", "true")
    REFERENCE_PROFILES = os.environ.get(
        "REFERENCE_PROFILES", str(BASE_DIR / "questionnaires" / "reference-profiles.yaml"))
    # The site's own host name (e.g. diagnostico.example.org): absolute links (the private resume
    # link) are built with it whatever Host a request carries.
    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    # Host names requests may carry (comma-separated; ".example.org" allows its subdomains); any
    # other Host gets 400. Defaults to SERVER_NAME's host; production needs one of the two.
    TRUSTED_HOSTS = _names("TRUSTED_HOSTS")
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_STORAGE_URI = os.environ.get("REDIS_URL") or "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    # Minutes a previewed peer-results file waits for the admin's confirmation.
    PEER_PREVIEW_MINUTES = _int("PEER_PREVIEW_MINUTES", 60)
    # Days after which an unsubmitted assessment's resume link stops working.
    DRAFT_LIFETIME_DAYS = _int("DRAFT_LIFETIME_DAYS", 365)
    # Jobs (app/jobs.py): on this RQ queue when REDIS_URL is set, else run inline in the request.
    JOBS_QUEUE = os.environ.get("JOBS_QUEUE", "default")
    # How many identical app instances serve the site (the production start-up check, app/jobs.py).
    INSTANCES = _int("INSTANCES", 1)
    # Outgoing e-mail (app/mail.py): without MAIL_SERVER, development prints each message to the log.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = _int("MAIL_PORT", 25)
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "") in ("1", "true")
    MAIL_USE_SSL = os.environ.get("MAIL_USE_SSL", "") in ("1", "true")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "no-reply@localhost")
    MAIL_TIMEOUT = _int("MAIL_TIMEOUT", 30)
    # Without MAIL_SERVER: print messages to the log (development, tests). Production records them
    # as failed instead, so no private link ever lands in a production log.
    MAIL_TO_LOG = True
    # Seconds between the attempts after a temporary failure (one retry per value).
    MAIL_RETRY_INTERVALS = tuple(int(seconds) for seconds in
                                 os.environ.get("MAIL_RETRY_INTERVALS", "10,60,300").split(",")
                                 if seconds.strip())
    # Who runs the platform, in the footer of every page and in the privacy notice. The name may be
    # given per language (PROGRAMME_NAME_ES, PROGRAMME_NAME_EN, ...); empty: the ILO programme.
    PROGRAMME_NAME = os.environ.get("PROGRAMME_NAME", "")
    PROGRAMME_URL = os.environ.get("PROGRAMME_URL", "")
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")


for _code in Config.LANGUAGES:
    setattr(Config, f"PROGRAMME_NAME_{_code.upper()}",
            os.environ.get(f"PROGRAMME_NAME_{_code.upper()}", ""))


class DevelopmentConfig(Config):
    DEBUG = True


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    REQUIRE_SECRET_KEY = True
    # Several workers or instances without REDIS_URL refuse to start (app/jobs.py).
    REQUIRE_SHARED_STATE = True
    MAIL_TO_LOG = False
    REQUIRE_TRUSTED_HOSTS = True


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-secret"  # noqa: S105 - tests only
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = False
    # Jobs run inline unless a test gives REDIS_URL (and a queue of its own).
    REDIS_URL = None


CONFIGS = {
    "development": DevelopmentConfig,
    "production": ProductionConfig,
    "testing": TestConfig,
}


def config_from_environment() -> type[Config]:
    """The config class named by APP_ENV (development by default)."""
    name = os.environ.get("APP_ENV", "development")
    if name not in CONFIGS:
        raise RuntimeError(f"APP_ENV must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]
