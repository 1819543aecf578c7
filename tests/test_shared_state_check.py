"""Production refuses to start with several workers or instances and no REDIS_URL (rate limits
would be counted per worker), and otherwise says at start-up what is not shared."""

import logging

import pytest

from app import create_app
from config import ProductionConfig
from tests.servers import server_config, start_gunicorn


def production_app(tmp_path, **overrides):
    return create_app(ProductionConfig, SECRET_KEY="x" * 32, TRUSTED_HOSTS=["assessment.example.org"],
                      SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'check.db'}",
                      **{"REDIS_URL": None, "INSTANCES": 1, **overrides})


@pytest.mark.parametrize("workers, instances", [("3", 1), ("1", 2)])
def test_several_workers_or_instances_without_redis_refuse_to_start(tmp_path, monkeypatch,
                                                                    workers, instances):
    monkeypatch.setenv("WEB_CONCURRENCY", workers)
    with pytest.raises(RuntimeError, match="REDIS_URL is not set") as refused:
        production_app(tmp_path, INSTANCES=instances)
    assert "rate limits" in str(refused.value)


def test_one_worker_without_redis_starts_and_says_what_is_not_shared(tmp_path, monkeypatch,
                                                                     caplog):
    monkeypatch.setenv("WEB_CONCURRENCY", "1")
    caplog.set_level(logging.WARNING)
    production_app(tmp_path)
    assert "rate limits are kept in this process's memory" in caplog.text
    assert "jobs (e-mail) run inline" in caplog.text
    assert "MAIL_SERVER is not set" in caplog.text


def test_several_workers_with_redis_start_quietly(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    caplog.set_level(logging.WARNING)
    production_app(tmp_path, INSTANCES=3, REDIS_URL="redis://127.0.0.1:6379/0",
                   MAIL_SERVER="smtp.example.org")
    assert caplog.text == ""


def test_development_never_refuses(tmp_path, monkeypatch):
    from config import DevelopmentConfig

    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    create_app(DevelopmentConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'dev.db'}",
               REDIS_URL=None)


@pytest.mark.slow
def test_gunicorn_with_two_workers_and_no_redis_does_not_start(tmp_path, monkeypatch):
    """gunicorn.conf.py tells the app the real worker count, also when given as --workers."""
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.delenv("REDIS_URL", raising=False)
    config = server_config(f"sqlite:///{tmp_path / 'g.db'}", REQUIRE_SHARED_STATE=True,
                           REDIS_URL=None)
    with pytest.raises(RuntimeError) as failed:
        start_gunicorn(config, tmp_path, workers=2, ready_timeout=30).stop()
    assert "REDIS_URL is not set but 1 instance(s) x 2 worker(s)" in str(failed.value)
