"""Engines for the store: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3).

A store this process may read but not write (a file or directory without write rights, a
read-only mount, a PostgreSQL user without write rights or with
``default_transaction_read_only``) still opens for reading, and the first write fails with
:class:`ReadOnlyStore`: one line saying which store, why, and what to do, instead of the
driver's traceback. ``check_writable`` asks before a long job writes anything.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote, unquote

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url

from newstrail.config import db_url

SQLITE_BUSY_TIMEOUT_MS = 60_000

# Execution option: on SQLite, open the transaction with BEGIN IMMEDIATE (take the write lock
# at once, so read-then-write sequences cannot be overtaken by another writer).
WRITE = "newstrail_write"

# PostgreSQL SQLSTATEs of a refused write: read-only transaction, insufficient privilege.
PG_READ_ONLY = {"25006", "42501"}
SQLITE_ADVICE = "make the file and its directory writable (SQLite writes -wal and -shm files beside it)"
PG_ADVICE = "connect as a user with write rights on its tables, with default_transaction_read_only off"


class ReadOnlyStore(Exception):
    """A write refused because the store is read-only for this process; ``str()`` is one
    line for people: which store, the driver's reason, what would make it writable."""

    def __init__(self, where: str, reason: str, advice: str):
        self.where, self.reason, self.advice = where, reason, advice
        super().__init__(f"store {where} is read-only ({reason}): {advice}, or pass --db a writable store")


def normalize_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for ``url`` (or NEWSTRAIL_DB / the default); a bare path is an
    SQLite file, and ``postgresql://``/``postgres://`` use psycopg 3."""
    parsed = make_url(db_url(url))
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def store_location(url: str | URL) -> str:
    """The store as people name it: an SQLite file's path, or the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        path = parsed.database
        return unquote(path.removeprefix("file:").split("?", 1)[0]) if parsed.query.get("uri") else path
    return parsed.render_as_string(hide_password=True)


def _sqlite_read_only_open(url: URL) -> URL:
    """``url``, or for a store file in a directory this process cannot write, the same file
    opened read-only and immutable.

    SQLite reads a WAL database only where it can create the ``-shm`` file next to it, so a
    store on a read-only mount could not even be listed. Without a ``-wal`` file everything
    is in the main file, and no writer in WAL mode can start where that file cannot be
    created, so reading it as immutable reads what is there. With a ``-wal`` file left
    over, the plain open is kept (and fails with a clear error when it must).
    """
    path = url.database
    if not path or path == ":memory:" or url.query.get("uri"):
        return url
    file = Path(path).absolute()
    wal = Path(f"{file}-wal")
    if not file.is_file() or os.access(file.parent, os.W_OK) or (wal.exists() and wal.stat().st_size):
        return url
    return url.set(database=f"file:{quote(str(file))}",
                   query={**url.query, "mode": "ro", "immutable": "1", "uri": "true"})


def _read_only_reason(error: BaseException, url: URL, statement: str | None) -> str | None:
    """The driver's reason when ``error`` is a write refused by a read-only store, else None.
    (A SELECT refused for want of rights is not about writing: it keeps its own error.)"""
    if url.get_backend_name() == "postgresql":
        refused = getattr(error, "sqlstate", None) in PG_READ_ONLY
        reading = (statement or "").lstrip()[:6].upper() == "SELECT"
        return str(error).strip().splitlines()[0] if refused and not reading else None
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    if code & 0xFF == sqlite3.SQLITE_READONLY:
        return str(error)
    directory = Path(store_location(url)).absolute().parent
    if code & 0xFF == sqlite3.SQLITE_CANTOPEN and directory.is_dir() and not os.access(directory, os.W_OK):
        return f"{error}: its directory {directory} is read-only"
    return None


def _raise_read_only(engine: Engine) -> None:
    url = engine.url
    advice = PG_ADVICE if url.get_backend_name() == "postgresql" else SQLITE_ADVICE

    @event.listens_for(engine, "handle_error")
    def _on_error(context):
        reason = _read_only_reason(context.original_exception, url, context.statement)
        if reason is not None:
            raise ReadOnlyStore(store_location(url), reason, advice) from context.original_exception


def check_writable(engine: Engine) -> None:
    """Raise :class:`ReadOnlyStore` now if the store refuses writes, before a long job
    (parsing a corpus, linking) has done its work for nothing.

    The probe is a write that changes nothing (a DELETE matching no row of Alembic's table,
    rolled back): SQLite and PostgreSQL refuse it on a read-only store as they refuse any write.
    """
    with engine.connect() as conn:
        conn.execution_options(**{WRITE: True})
        conn.execute(text("DELETE FROM alembic_version WHERE 1 = 0"))
        conn.rollback()


def create_store_engine(url: str | None = None) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = create_engine(_sqlite_read_only_open(parsed),
                               connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_connection, _record):  # pragma: no cover - exercised by every test
            # Let SQLAlchemy, not the driver, decide when transactions begin (see "begin").
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE) else "BEGIN")

    elif backend == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
    else:
        return create_engine(url)
    _raise_read_only(engine)
    return engine
