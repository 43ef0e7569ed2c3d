"""Engines for the store: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3)."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from newstrail.config import db_url

SQLITE_BUSY_TIMEOUT_MS = 60_000

# Execution option: on SQLite, open the transaction with BEGIN IMMEDIATE (take the write lock
# at once, so read-then-write sequences cannot be overtaken by another writer).
WRITE = "newstrail_write"


def normalize_url(url: str | None = None) -> str:
    """The SQLAlchemy URL for ``url`` (or NEWSTRAIL_DB / the default); a bare path is an
    SQLite file, and ``postgresql://``/``postgres://`` use psycopg 3."""
    parsed = make_url(db_url(url))
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_store_engine(url: str | None = None) -> Engine:
    url = normalize_url(url)
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

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

        return engine
    if backend == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    return create_engine(url)
