"""Running the store's Alembic migrations programmatically (no alembic.ini).

``upgrade(connection)`` brings a database to head; :class:`newstrail.store.Store` calls it on
open. For developers adding a revision::

    python -m newstrail.store.migrate revision -m "link tables" --rev-id 0002 [--db URL]

autogenerates ``versions/0002_<slug>.py`` by comparing a database migrated to head with
``schema.load_all()`` (review it before committing).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from newstrail.store.engine import WRITE, ReadOnlyStore, create_store_engine, normalize_url

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, revision: str = "head") -> None:
    """Migrate the database behind ``connection`` (committed by the caller's transaction).

    A store already at head is left alone without running Alembic, which writes nothing
    then either: so a read-only store at head opens for reading. One that needs migrating
    but cannot be written raises ``ReadOnlyStore`` saying so.
    """
    at, target = current(connection), head() if revision == "head" else revision
    if at == target:
        return
    try:
        command.upgrade(alembic_config(connection), revision)
    except ReadOnlyStore as error:
        reason = f"it needs migrating from revision {at or 'none'} to {target}: {error.reason}"
        raise ReadOnlyStore(error.where, reason, error.advice) from error


def downgrade(connection: Connection, revision: str) -> None:
    command.downgrade(alembic_config(connection), revision)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m newstrail.store.migrate")
    sub = parser.add_subparsers(dest="command", required=True)
    up = sub.add_parser("upgrade", help="migrate a database to head")
    up.add_argument("--db")
    rev = sub.add_parser("revision", help="autogenerate a new revision file")
    rev.add_argument("-m", "--message", required=True)
    rev.add_argument("--rev-id", required=True)
    rev.add_argument("--db", help="a scratch database to compare against (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    if args.command == "upgrade":
        upgrade_url(args.db)
        return
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        url = normalize_url(args.db or str(Path(tmp) / "scratch.db"))
        upgrade_url(url)
        command.revision(alembic_config(url=url), message=args.message, autogenerate=True, rev_id=args.rev_id)


def upgrade_url(url: str | None) -> None:
    """Migrate the store at ``url`` to head in one write transaction, as opening a ``Store``
    does, without importing the store (which imports this module)."""
    engine = create_store_engine(url)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{WRITE: True})
            with conn.begin():
                upgrade(conn)
    finally:
        engine.dispose()


if __name__ == "__main__":
    main()
