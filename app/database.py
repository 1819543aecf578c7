"""Engine settings that differ per database, and what happens when the database is busy or gone.

SQLite runs in WAL mode (readers never block the writer) with a busy timeout (a writer waits for
another instead of failing), and a commit that still finds the database locked is retried a few
times, so concurrent respondents never lose an answer to "database is locked".

A write that must read what it writes from (the submit scores the answers it locks) asks for its
transaction with `begin_locked`: on PostgreSQL it then locks the rows it reads with SELECT ... FOR
UPDATE; on SQLite the transaction starts with BEGIN IMMEDIATE, which takes the database's write
lock before the first read (pysqlite would otherwise begin only at the first write, after the
reads). Other transactions keep pysqlite's usual deferred begin.

PostgreSQL gets a short connect timeout, so an unreachable server gives a quick 503 page (see
app/errors.py) instead of a hung worker; with pool_pre_ping the first request after the server
returns gets a fresh connection, no restart needed. A statement that runs longer than
DATABASE_STATEMENT_TIMEOUT seconds is cancelled by the server, so a stuck query cannot hold a worker
thread (and its locks) for ever.

A connection can die at any moment of a request: before it, between two statements, in the
commit, or after the view returned, when the session is put back at the end of the request. Rolling
back or closing a session over a dead connection raises again, so the session is discarded here by
invalidating its connections (the pool replaces them), never by a second round trip that fails.
`database_unavailable` says which errors mean "the database is gone", wherever they surface.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import time

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, scoped_session

BUSY_TIMEOUT_MS = 30_000
IMMEDIATE = "sqlite_begin_immediate"  # the execution option that asks for BEGIN IMMEDIATE
CONNECT_TIMEOUT_S = 5
COMMIT_ATTEMPTS = 5
COMMIT_BACKOFF_S = 0.05

logger = logging.getLogger(__name__)


class Database(SQLAlchemy):
    """Flask-SQLAlchemy whose end-of-request cleanup never raises: after the view has answered,
    a connection that died cannot turn the answer into a bare 500 from the server."""

    def _teardown_session(self, exc: BaseException | None) -> None:
        discard_scoped_session(self.session)


def discard_scoped_session(scoped: scoped_session) -> None:
    """Close the request's session and forget it; over a dead connection, invalidate instead."""
    try:
        scoped.remove()
        return
    except Exception as error:  # noqa: BLE001 - the connection is gone; nothing left to save
        logger.warning("Session dropped at the end of a request: %s", error.__class__.__name__)
    with contextlib.suppress(Exception):
        scoped.registry().invalidate()
    scoped.registry.clear()


def reset_session(session: Session | scoped_session) -> None:
    """Undo whatever the failed request started, so the session can serve the error page (and the
    next request); a rollback over a dead connection fails, so then invalidate it."""
    try:
        session.rollback()
    except Exception:  # noqa: BLE001 - the connection is gone; the pool replaces it
        with contextlib.suppress(Exception):
            session.invalidate()


UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError, PendingRollbackError)


def database_unavailable(error: BaseException | None) -> bool:
    """Whether `error` (or what caused it) means the database could not be reached or the
    connection was lost, as opposed to a mistake in a query."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, UNAVAILABLE):
            return True
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        if _driver_connection_error(error):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _driver_connection_error(error: BaseException) -> bool:
    """The driver's own "connection lost" errors, when they escape SQLAlchemy's wrapping."""
    if isinstance(error, sqlite3.OperationalError):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a pinned dependency
        return False
    return isinstance(error, (psycopg.OperationalError, psycopg.InterfaceError))


def configure_engine(engine: Engine, statement_timeout_s: float = 0) -> None:
    if engine.dialect.name == "sqlite":
        configure_sqlite(engine)
    elif engine.dialect.name == "postgresql":
        configure_postgresql(engine, statement_timeout_s)


def configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "do_connect")
    def _retrying_connection(_dialect, _record, _cargs, cparams):
        cparams.setdefault("factory", RetryingConnection)
        cparams.setdefault("timeout", BUSY_TIMEOUT_MS / 1000)

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin_immediate(connection):
        # SQLAlchemy's documented recipe for emitting BEGIN on pysqlite, only for the
        # transactions that ask for it: pysqlite sees a transaction open and adds no BEGIN of its own.
        if connection.get_execution_options().get(IMMEDIATE):
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def begin_locked(session: Session) -> None:
    """End the session's current transaction (committing anything pending) and start one that
    may lock what it reads: the write lock at once on SQLite; on PostgreSQL the caller's SELECT
    ... FOR UPDATE takes the row locks."""
    session.commit()
    session.connection(execution_options={IMMEDIATE: True})


def configure_postgresql(engine: Engine, statement_timeout_s: float = 0) -> None:
    @event.listens_for(engine, "do_connect")
    def _connect_timeout(_dialect, _record, _cargs, cparams):
        cparams.setdefault("connect_timeout", CONNECT_TIMEOUT_S)

    if statement_timeout_s > 0:
        milliseconds = int(statement_timeout_s * 1000)

        @event.listens_for(engine, "connect")
        def _statement_timeout(dbapi_connection, _record):
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET statement_timeout = {milliseconds}")
            dbapi_connection.commit()


def is_locked(error: BaseException) -> bool:
    return isinstance(error, sqlite3.OperationalError) and (
        "database is locked" in str(error) or "database table is locked" in str(error))


class RetryingConnection(sqlite3.Connection):
    """A SQLite connection whose COMMIT is retried while the database is locked.

    A COMMIT that fails with SQLITE_BUSY leaves the transaction open and intact, so trying it
    again is safe and loses nothing; only when every attempt fails does the error reach the app
    (which answers 503, never 500, and the respondent's earlier answers stay saved).
    """

    def commit(self) -> None:
        for attempt in range(1, COMMIT_ATTEMPTS + 1):
            try:
                super().commit()
                return
            except sqlite3.OperationalError as error:
                if not is_locked(error) or attempt == COMMIT_ATTEMPTS:
                    raise
                time.sleep(COMMIT_BACKOFF_S * attempt)


def upsert_insert(model, engine: Engine):
    """An INSERT that can take ON CONFLICT (DO NOTHING / DO UPDATE) on this engine's database."""
    from sqlalchemy.dialects.postgresql import insert as postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return (postgresql_insert if engine.dialect.name == "postgresql" else sqlite_insert)(model)
