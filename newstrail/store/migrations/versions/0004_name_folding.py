"""Speaker search ignores accents and case on both backends ("zoe" finds "Zoë Ågren").

``speakers.search_key``: the speaker's name and aliases, folded in Python
(``cleaning.normalise.folded_names``) when linking saves them, and filled here for speakers already
stored. PostgreSQL: the quote speaker index ``quotes.speaker_tsv`` moves from the 'simple'
text-search configuration to ``newstrail_names``, a copy of 'simple' whose words pass through
the ``unaccent`` dictionary first -- what SQLite's ``remove_diacritics`` already does for
``quote_speakers_fts``. ``unaccent`` ships with PostgreSQL and is a trusted extension (a
database owner may create it); where it cannot be created, ``newstrail_names`` stays a plain
copy of 'simple' and search behaves as before.

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

SPEAKER_TSV = """ALTER TABLE quotes ADD COLUMN speaker_tsv tsvector GENERATED ALWAYS AS (
    to_tsvector('{config}'::regconfig, coalesce(speaker_resolved, '') || ' ' || coalesce(speaker_entity, ''))) STORED"""


def _speaker_tsv(config: str) -> list[str]:
    return ["DROP INDEX IF EXISTS ix_quotes_speaker_tsv",
            "ALTER TABLE quotes DROP COLUMN IF EXISTS speaker_tsv",
            SPEAKER_TSV.format(config=config),
            "CREATE INDEX ix_quotes_speaker_tsv ON quotes USING gin (speaker_tsv)"]


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
    for name, data in bind.execute(sa.select(table.c.name, table.c.data)).all():
        key = folded_names([name, *((data or {}).get("aliases") or [])])
        bind.execute(sa.update(table).where(table.c.name == name).values(search_key=key))
    if bind.dialect.name == "postgresql":
        op.execute("CREATE TEXT SEARCH CONFIGURATION newstrail_names (COPY = simple)")
        if _has_unaccent(bind):
            op.execute("ALTER TEXT SEARCH CONFIGURATION newstrail_names "
                       "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple")
        for statement in _speaker_tsv("newstrail_names"):
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in _speaker_tsv("simple"):
            op.execute(statement)
        op.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS newstrail_names")
    with op.batch_alter_table("speakers") as batch:
        batch.drop_column("search_key")
