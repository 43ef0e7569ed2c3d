"""Search ignores accents on both backends ("zoe" finds "Zoë Ågren", "sojgu" finds "Šojgu").

SQLite's full-text tables already fold accents (``remove_diacritics 2``). Here:

* ``speakers.search_key``: the speaker's name and aliases, case and accents folded in Python
  (``cleaning.normalise.folded_names``) when linking saves them, and filled here for the
  speakers already stored; speaker search looks in it on every backend.
* PostgreSQL: two text-search configurations whose words pass through the ``unaccent``
  dictionary first, ``newstrail_english`` (a copy of 'english': stemmed) and
  ``newstrail_names`` (a copy of 'simple'), and the generated ``tsvector`` columns rebuilt
  with them: ``articles.search_tsv`` and ``quotes.search_tsv`` (english), ``quotes.speaker_tsv``
  (names). Rebuilding rewrites those tables once. ``unaccent`` ships with PostgreSQL and is a
  trusted extension (a database owner may create it); where it cannot be created, the two
  configurations stay plain copies and search behaves as before.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from newstrail.cleaning.normalise import folded_names

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# (table, column) -> the generated column's expression, with {english} and {names} to fill in;
# the article text is cut as migration 0001 cuts it (a tsvector is capped at 1 MB)
TSV = {
    ("articles", "search_tsv"): "setweight(to_tsvector('{english}'::regconfig, coalesce(title, '')), 'A') || "
                                "setweight(to_tsvector('{english}'::regconfig, left(text, 250000)), 'B')",
    ("quotes", "search_tsv"): "to_tsvector('{english}'::regconfig, text)",
    ("quotes", "speaker_tsv"): "to_tsvector('{names}'::regconfig, "
                               "coalesce(speaker_resolved, '') || ' ' || coalesce(speaker_entity, ''))",
}
CONFIGS = {"newstrail_english": ("english", "english_stem"), "newstrail_names": ("simple", "simple")}


def _rebuild(english: str, names: str) -> list[str]:
    out = []
    for (table, column), expression in TSV.items():
        out += [f"DROP INDEX IF EXISTS ix_{table}_{column}",
                f"ALTER TABLE {table} DROP COLUMN IF EXISTS {column}",
                f"ALTER TABLE {table} ADD COLUMN {column} tsvector GENERATED ALWAYS AS "
                f"({expression.format(english=english, names=names)}) STORED",
                f"CREATE INDEX ix_{table}_{column} ON {table} USING gin ({column})"]
    return out


def _has_unaccent(bind) -> bool:
    """Create the extension when it can be; a failure (not installed, no privilege) is
    rolled back to a savepoint and leaves the migration going."""
    try:
        with bind.begin_nested():
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS unaccent")
    except sa.exc.DBAPIError:
        return False
    return True


def upgrade() -> None:
    bind = op.get_bind()
    with op.batch_alter_table("speakers") as batch:
        batch.add_column(sa.Column("search_key", sa.Text(), nullable=False, server_default=""))
    table = sa.table("speakers", sa.column("name", sa.String), sa.column("data", sa.JSON),
                     sa.column("search_key", sa.Text))
    keys = [{"person": name, "key": folded_names([name, *((data or {}).get("aliases") or [])])}
            for name, data in bind.execute(sa.select(table.c.name, table.c.data))]
    if keys:
        bind.execute(sa.update(table).where(table.c.name == sa.bindparam("person"))
                     .values(search_key=sa.bindparam("key")), keys)
    if bind.dialect.name == "postgresql":
        unaccent = _has_unaccent(bind)
        for config, (parent, dictionary) in CONFIGS.items():
            op.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {parent})")
            if unaccent:
                op.execute(f"ALTER TEXT SEARCH CONFIGURATION {config} "
                           f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}")
        for statement in _rebuild("newstrail_english", "newstrail_names"):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _rebuild("english", "simple"):
            op.execute(statement)
        for config in CONFIGS:
            op.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")
    with op.batch_alter_table("speakers") as batch:
        batch.drop_column("search_key")
