"""Alembic environment for the newstrail store.

At runtime :func:`newstrail.store.migrate.upgrade` passes an open connection in
``config.attributes["connection"]``; there is no alembic.ini. Without a connection (e.g.
``python -m newstrail.store.migrate revision ...``) it opens ``sqlalchemy.url`` or NEWSTRAIL_DB.
"""

from __future__ import annotations

from alembic import context

from newstrail.store.schema import FTS_OBJECTS, load_all

config = context.config
target_metadata = load_all()

# Any fixed number: serialises concurrent migrations on one PostgreSQL database.
PG_MIGRATION_LOCK = 7_318_245_001


def include_object(obj, name, type_, reflected, compare_to):
    """Leave the dialect-specific full-text objects out of autogenerate comparisons."""
    return name not in FTS_OBJECTS


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_MIGRATION_LOCK})")
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("newstrail migrations run online only (newstrail.store.Store migrates on open)")

connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    from newstrail.config import db_url
    from newstrail.store.engine import create_store_engine

    engine = create_store_engine(config.get_main_option("sqlalchemy.url") or db_url())
    with engine.connect() as conn:
        run_migrations(conn)
        conn.commit()
    engine.dispose()
